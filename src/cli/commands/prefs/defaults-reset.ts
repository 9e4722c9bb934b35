/**
 * `prefs defaults reset [--role ROLE] [--key K]…`: removes a role's defaults (its users
 * follow the workspace defaults again), or puts the workspace defaults back to the
 * built-in ones.
 */
import { Command } from '@commander-js/extra-typings';
import { planDefaults, planRoleDefaults, reachOfDefaults } from '../../../domain/preference-plan.js';
import { BUILT_IN_DEFAULTS, PREFERENCE_KEYS } from '../../../domain/preferences.js';
import { roleSpeller, sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples, keyOption, preferenceKeysFrom } from '../../shell/options.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { WriteOptions } from '../../write/flow.js';
import { roleOption } from './defaults-set.js';

export interface PrefsDefaultsResetOptions extends WriteOptions {
  role?: string;
  key?: string[];
}

export default function prefsDefaultsResetCommand(f: Factory) {
  const command = addWriteOptions(new Command('reset')
    .description("remove a role's defaults (its users follow the workspace defaults again), or put the workspace defaults back to the built-in ones")
    .addOption(roleOption())
    .addOption(keyOption()))
    .action((o, cmd) => prefsDefaultsResetRun(f.context(cmd), o));
  examples(command, ['notifyctl prefs defaults reset --role support', 'notifyctl prefs defaults reset --role support --key customerMessages', 'notifyctl prefs defaults reset --key email --dry-run']);
  return command;
}

export function prefsDefaultsResetRun(ctx: CliContext, options: PrefsDefaultsResetOptions): Promise<void> {
  const keys = preferenceKeysFrom(options.key);
  return preferenceWrite(ctx, options, (data) => {
    const role = options.role === undefined ? undefined : roleSpeller(data)(options.role);
    const plan = role === undefined
      ? planDefaults(data, new Map((keys ?? PREFERENCE_KEYS).map((k) => [k, BUILT_IN_DEFAULTS.get(k)!])))
      : planRoleDefaults(data, role, new Map(), keys);
    const users = sortedIds(reachOfDefaults(data, plan).map((u) => u.id));
    return { ...plan, reach: { users, what: role === undefined ? 'Reset the workspace defaults' : `Remove defaults of role ${role}` } };
  });
}
