/** `users remove USER…`: removes users (--force also their memberships and follows). */
import { Command, Option } from '@commander-js/extra-typings';
import { DataError } from '../../../domain/errors.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { removeUsers } from '../../../domain/changes.js';
import { edit, needUsers, referencesTo, type EditOptions } from '../../write/workspace-edit.js';

export interface UsersRemoveOptions extends EditOptions {
  users: string[];
}

export default function usersRemoveCommand(f: Factory) {
  const command = addWriteOptions(new Command('remove')
    .description('remove users (--force also removes their memberships and follows)')
    .argument('<user...>')
    .addOption(new Option('--force', 'remove what refers to them too')))
    .action((users, o, cmd) => usersRemoveRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl users remove dana', 'notifyctl users remove dana erik --force --dry-run']);
  return command;
}

export function usersRemoveRun(ctx: CliContext, options: UsersRemoveOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    const ids = needUsers(ws, options.users);
    const blocking: string[] = [];
    for (const id of ids) {
      const refs = referencesTo(ws, id);
      const what = [
        refs.projects.length > 0 && `a member of ${refs.projects.join(', ')}`,
        refs.items.length > 0 && `a follower of items ${refs.items.join(', ')}`,
        refs.conversations.length > 0 && `a follower of conversations ${refs.conversations.join(', ')}`,
      ].filter(Boolean);
      if (what.length > 0) blocking.push(`${id} is ${what.join('; ')}`);
    }
    if (blocking.length > 0 && !options.force) {
      throw new DataError('nothing was removed; pass --force to remove these references too:', blocking);
    }
    removeUsers(ws, new Set(ids));
  });
}
