/** `users update [USER…] [SELECTORS]`: changes the name, email or role of the selected users. */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, collect, examples } from '../../shell/options.js';
import { selectIn, selectionWatch, type SelectorOptions } from '../../shell/selectors.js';
import { checkedFields, setFields, spelled, type UserFields } from '../../write/user-fields.js';
import { edit, type EditOptions } from '../../write/workspace-edit.js';

export interface UsersUpdateOptions extends EditOptions, UserFields, Omit<SelectorOptions, 'role'> {
  users: string[];
  /** The users with this role (a selector); --role sets the role. */
  hasRole?: string;
}

export default function usersUpdateCommand(f: Factory) {
  const command = addWriteOptions(new Command('update')
    .description('change the name, email or role of users ("" clears one); ids or selectors choose them')
    .argument('[user...]')
    .addOption(new Option('--name <name>'))
    .addOption(new Option('--email <address>'))
    .addOption(new Option('--role <role>', 'the new role'))
    .addOption(new Option('--has-role <role>', 'users with this role (the --role selector of other commands)'))
    .addOption(new Option('--project <id>', "the project's members"))
    .addOption(new Option('--where <key=value>', 'users whose effective preference has this value (repeatable)').argParser(collect))
    .addOption(new Option('--all-users', 'every user')))
    .action((users, o, cmd) => usersUpdateRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl users update dana --role lead', 'notifyctl users update dana --email ""', 'notifyctl users update --project billing --role support --dry-run']);
  return command;
}

export async function usersUpdateRun(ctx: CliContext, options: UsersUpdateOptions): Promise<void> {
  const fields = checkedFields(options);
  if (Object.keys(fields).length === 0) throw new UsageError('users update needs a field to change: --name, --email or --role');
  const selectors: SelectorOptions = {
    roleFlag: '--has-role',
    ...(options.hasRole !== undefined && { role: options.hasRole }),
    ...(options.project !== undefined && { project: options.project }),
    ...(options.where !== undefined && { where: options.where }),
    ...(options.allUsers !== undefined && { allUsers: options.allUsers }),
  };
  const watch = selectionWatch();
  await edit(ctx, options, (ws) => {
    const given = spelled(ws, fields);
    for (const id of selectIn(ws, options.users, selectors, 'users update', watch.nobody)) setFields(ws.users.get(id)!, given);
  });
  watch.note(ctx.io);
}
