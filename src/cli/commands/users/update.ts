/** `users update USER`: changes a user's name, email or role. */
import { Command, Option } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../context.js';
import { dryRunOption, editFormatOption, examples } from '../../options.js';
import { setFields, type UserFields } from '../../user-fields.js';
import { edit, need, type EditOptions } from '../../workspace-edit.js';

export interface UsersUpdateOptions extends EditOptions, UserFields {
  user: string;
}

export default function usersUpdateCommand(f: Factory) {
  const command = new Command('update')
    .description('change a user\'s name, email or role ("" clears one)')
    .argument('<user>')
    .addOption(new Option('--name <name>'))
    .addOption(new Option('--email <address>'))
    .addOption(new Option('--role <role>'))
    .addOption(dryRunOption())
    .addOption(editFormatOption())
    .action((user, o, cmd) => usersUpdateRun(f.context(cmd), { ...o, user }));
  examples(command, ['notifyctl users update dana --role lead', 'notifyctl users update dana --email ""']);
  return command;
}

export function usersUpdateRun(ctx: CliContext, options: UsersUpdateOptions): Promise<void> {
  return edit(ctx, options, (ws) => setFields(need(ws.users, options.user, 'user'), options));
}
