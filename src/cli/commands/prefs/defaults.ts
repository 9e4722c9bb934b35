/** `prefs defaults`: the workspace defaults, and how many users follow or override each. */
import { Command } from '@commander-js/extra-typings';
import { defaultsUsage, roleDefaultsUsage } from '../../../domain/preference-plan.js';
import { toJsonValue } from '../../../domain/preferences.js';
import { loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { editFormatOption, examples } from '../../shell/options.js';
import { renderDefaults } from '../../render/preferences.js';
import { readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface PrefsDefaultsOptions {
  format: 'table' | 'json';
}

export default function prefsDefaultsCommand(f: Factory) {
  const command = new Command('defaults')
    .description('the workspace defaults and role defaults, and how many users follow each')
    .addOption(editFormatOption())
    .action((o, cmd) => prefsDefaultsRun(f.context(cmd), o));
  examples(command, ['notifyctl prefs defaults', 'notifyctl prefs defaults set --customer-replies off', 'notifyctl prefs defaults set --role support --customer-messages all']);
  return command;
}

export function prefsDefaultsRun(ctx: CliContext, options: PrefsDefaultsOptions): Promise<void> {
  return readDatabase(ctx, (db) => {
    const data = loadUsers(db);
    const usage = defaultsUsage(data);
    const roles = roleDefaultsUsage(data);
    if (options.format === 'json') {
      // One JSON dialect (SPEC 9.12): on/off values are booleans.
      const json = {
        defaults: usage.map((u) => ({ ...u, value: toJsonValue(u.key, u.value), builtIn: toJsonValue(u.key, u.builtIn) })),
        roleDefaults: roles.map((r) => ({ ...r, value: toJsonValue(r.key, r.value) })),
      };
      ctx.io.out.write(jsonText(json));
      return;
    }
    renderDefaults(usage, roles, outputOf(ctx.io, ctx.zone));
  });
}
