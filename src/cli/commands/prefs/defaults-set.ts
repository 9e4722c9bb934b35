/** `prefs defaults set PREF-FLAGS`: changes workspace defaults; users without an explicit value follow them. */
import { Command } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { planDefaults } from '../../../domain/preference-plan.js';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../context.js';
import { FLAG_HELP, addPreferenceFlags, addWriteOptions, examples, preferenceValuesFrom } from '../../options.js';
import { carryOut, type WriteOptions } from '../../preference-write.js';
import { writeDatabase } from '../../session.js';

export type PrefsDefaultsSetOptions = WriteOptions;

export default function prefsDefaultsSetCommand(f: Factory) {
  const command = addWriteOptions(addPreferenceFlags(new Command('set')
    .description('change workspace defaults; users without an explicit value follow them')))
    .action((o, cmd) => prefsDefaultsSetRun(f.context(cmd), o, preferenceValuesFrom(o)));
  examples(command, ['notifyctl prefs defaults set --customer-replies off', 'notifyctl prefs defaults set --email off --impact day.ndjson --dry-run']);
  return command;
}

export function prefsDefaultsSetRun(ctx: CliContext, options: PrefsDefaultsSetOptions, values: ReturnType<typeof preferenceValuesFrom>): Promise<void> {
  if (values.size === 0) throw new UsageError(`prefs defaults set needs at least one preference flag: ${FLAG_HELP}`);
  return writeDatabase(ctx, async (db) => {
    await carryOut(ctx, db, (data) => {
      const plan = planDefaults(data, values);
      // The users a default reaches are those without an explicit value for a changed key.
      const keys = plan.changes.map((c) => c.key);
      const reached = sortedIds([...data.users.values()].filter((u) => keys.some((k) => !u.preferences.has(k))).map((u) => u.id));
      return { ...plan, reach: { users: reached, what: 'Change the workspace defaults' } };
    }, options);
  }, { dryRun: options.dryRun === true });
}
