/** `prefs defaults`: the workspace defaults, and how many users follow or override each. */
import { Command } from '@commander-js/extra-typings';
import { defaultsUsage } from '../../../domain/preference-plan.js';
import { loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../context.js';
import { editFormatOption, examples } from '../../options.js';
import { renderDefaults } from '../../render/preferences.js';
import { readDatabase } from '../../session.js';

export interface PrefsDefaultsOptions {
  format: 'table' | 'json';
}

export default function prefsDefaultsCommand(f: Factory) {
  const command = new Command('defaults')
    .description('the workspace defaults and how many users follow each')
    .addOption(editFormatOption())
    .action((o, cmd) => prefsDefaultsRun(f.context(cmd), o));
  examples(command, ['notifyctl prefs defaults', 'notifyctl prefs defaults set --customer-replies off']);
  return command;
}

export function prefsDefaultsRun(ctx: CliContext, options: PrefsDefaultsOptions): Promise<void> {
  return readDatabase(ctx, (db) => {
    const usage = defaultsUsage(loadUsers(db));
    ctx.io.out.write(options.format === 'json' ? JSON.stringify(usage, null, 2) + '\n' : renderDefaults(usage, ctx.io.stdoutIsTTY, ctx.io.color));
  });
}
