/** `prefs reset [SELECTORS] [--key KEY]…`: removes explicit values, so the defaults apply again. */
import { Command } from '@commander-js/extra-typings';
import { planReset } from '../../../domain/preference-plan.js';
import { loadProjectMembers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addSelectorOptions, addWriteOptions, examples, keyOption, preferenceKeysFrom } from '../../shell/options.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { WriteOptions } from '../../write/flow.js';
import { selectUsers, selectionWatch, type SelectorOptions } from '../../shell/selectors.js';

export interface PrefsResetOptions extends SelectorOptions, WriteOptions {
  users: string[];
  key?: string[];
}

export default function prefsResetCommand(f: Factory) {
  const command = addWriteOptions(addSelectorOptions(new Command('reset')
    .description('remove explicit values so the defaults apply again')
    .argument('[user...]'))
    .addOption(keyOption()))
    .action((users, o, cmd) => prefsResetRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl prefs reset alice', 'notifyctl prefs reset --all-users --key email --dry-run']);
  return command;
}

export async function prefsResetRun(ctx: CliContext, options: PrefsResetOptions): Promise<void> {
  const keys = preferenceKeysFrom(options.key);
  const watch = selectionWatch();
  await preferenceWrite(ctx, options, (data, db) => {
    const members = () => loadProjectMembers(db);
    const users = selectUsers(data, members, options.users, options, 'prefs reset', watch.nobody);
    return { ...planReset(data, users, keys), reach: { users, what: 'Reset preferences to the defaults' } };
  });
  watch.note(ctx.io);
}
