/**
 * `prefs defaults set [--role ROLE] PREF-FLAGS`: changes the workspace defaults, or one
 * role's (SPEC 9.8); users without an explicit value follow them.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { planDefaults, planRoleDefaults, reachOfDefaults } from '../../../domain/preference-plan.js';
import { roleSpeller, sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { FLAG_HELP, addPreferenceFlags, addWriteOptions, examples, idArgument, preferenceValuesFrom } from '../../shell/options.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { WriteOptions } from '../../write/flow.js';

export interface PrefsDefaultsSetOptions extends WriteOptions {
  role?: string;
}

export function roleOption() {
  return new Option('--role <role>', "a role's defaults instead of the workspace's: its users without an explicit value follow them").argParser(idArgument('--role'));
}

export default function prefsDefaultsSetCommand(f: Factory) {
  const command = addWriteOptions(addPreferenceFlags(new Command('set')
    .description("change the workspace defaults, or a role's; users without an explicit value follow them")
    .addOption(roleOption())))
    .action((o, cmd) => prefsDefaultsSetRun(f.context(cmd), o, preferenceValuesFrom(o)));
  examples(command, [
    'notifyctl prefs defaults set --customer-replies off',
    'notifyctl prefs defaults set --role support --customer-messages all',
    'notifyctl prefs defaults set --email off --impact day.ndjson --dry-run',
  ]);
  return command;
}

export async function prefsDefaultsSetRun(ctx: CliContext, options: PrefsDefaultsSetOptions, values: ReturnType<typeof preferenceValuesFrom>): Promise<void> {
  if (values.size === 0) throw new UsageError(`prefs defaults set needs at least one preference flag: ${FLAG_HELP}`);
  let unheld: string | null = null;
  await preferenceWrite(ctx, options, (data) => {
    // The role as the workspace spells it; one nobody has yet is fine, with a note.
    const role = options.role === undefined ? undefined : roleSpeller(data)(options.role);
    unheld = role !== undefined && ![...data.users.values()].some((u) => u.role === role) ? role : null;
    const plan = role === undefined ? planDefaults(data, values) : planRoleDefaults(data, role, values);
    const users = sortedIds(reachOfDefaults(data, plan).map((u) => u.id));
    return { ...plan, reach: { users, what: role === undefined ? 'Change the workspace defaults' : `Change the defaults of role ${role}` } };
  });
  if (unheld !== null) ctx.io.err.write(`note: no user has the role ${JSON.stringify(unheld)} yet; its defaults apply to the users given it (see "notifyctl users roles")\n`);
}
