/** `prefs set [SELECTORS] PREF-FLAGS`: explicit values for every selected user, in one transaction. */
import { Command } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { planSet } from '../../../domain/preference-plan.js';
import { loadProjectMembers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { FLAG_HELP, addPreferenceFlags, addSelectorOptions, addWriteOptions, examples, preferenceValuesFrom } from '../../shell/options.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { WriteOptions } from '../../write/flow.js';
import { selectUsers, selectionWatch, type SelectorOptions } from '../../shell/selectors.js';

export interface PrefsSetOptions extends SelectorOptions, WriteOptions {
  users: string[];
}

export default function prefsSetCommand(f: Factory) {
  const command = addWriteOptions(addPreferenceFlags(addSelectorOptions(new Command('set')
    .description('set explicit values for every selected user, in one transaction')
    .argument('[user...]'))))
    .action((users, o, cmd) => prefsSetRun(f.context(cmd), { ...o, users }, preferenceValuesFrom(o)));
  examples(command, [
    'notifyctl prefs set alice --customer-messages all',
    'notifyctl prefs set --role support --email off --dry-run',
    'notifyctl prefs set --project billing --customer-replies off --impact day.ndjson --yes',
  ]);
  return command;
}

export async function prefsSetRun(ctx: CliContext, options: PrefsSetOptions, values: ReturnType<typeof preferenceValuesFrom>): Promise<void> {
  if (values.size === 0) throw new UsageError(`prefs set needs at least one preference flag: ${FLAG_HELP}`);
  const watch = selectionWatch();
  await preferenceWrite(ctx, options, (data, db) => {
    const members = () => loadProjectMembers(db);
    const users = selectUsers(data, members, options.users, options, 'prefs set', watch.nobody);
    return { ...planSet(data, new Map(users.map((u) => [u, values]))), reach: { users, what: 'Change preferences' } };
  });
  watch.note(ctx.io);
}
