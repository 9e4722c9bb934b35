/** `users add USER`: adds a user. */
import { Command, Option } from '@commander-js/extra-typings';
import type { User } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { checkedFields, setFields, spelled, type UserFields } from '../../write/user-fields.js';
import { edit, refuseExisting, type EditOptions } from '../../write/workspace-edit.js';

export interface UsersAddOptions extends EditOptions, UserFields {
  user: string;
  inactive?: boolean;
}

export default function usersAddCommand(f: Factory) {
  const command = addWriteOptions(new Command('add')
    .description('add a user')
    .argument('<user>', 'the new id')
    .addOption(new Option('--name <name>'))
    .addOption(new Option('--email <address>', 'no address: alerts only'))
    .addOption(new Option('--role <role>'))
    .addOption(new Option('--inactive', 'add the user deactivated')))
    .action((user, o, cmd) => usersAddRun(f.context(cmd), { ...o, user }));
  examples(command, ['notifyctl users add dana --name "Dana Lee" --email dana@example.com --role support', 'notifyctl users add bot-1 --inactive']);
  return command;
}

export function usersAddRun(ctx: CliContext, options: UsersAddOptions): Promise<void> {
  const id = options.user;
  const fields = checkedFields(options);
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.users, id, 'user', `users update ${id}`);
    const user: User = { id, active: options.inactive !== true, preferences: new Map() };
    setFields(user, spelled(ws, fields));
    ws.users.set(id, user);
  });
}
