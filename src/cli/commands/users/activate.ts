/** `users activate USER…`. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../context.js';
import { dryRunOption, editFormatOption, examples } from '../../options.js';
import { setUsersActive } from '../../set-active.js';
import type { EditOptions } from '../../workspace-edit.js';

export interface UsersActivateOptions extends EditOptions {
  users: string[];
}

export default function usersActivateCommand(f: Factory) {
  const command = new Command('activate')
    .description('activate users')
    .argument('<user...>')
    .addOption(dryRunOption())
    .addOption(editFormatOption())
    .action((users, o, cmd) => usersActivateRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl users activate dana', 'notifyctl users activate dana erik --dry-run']);
  return command;
}

export function usersActivateRun(ctx: CliContext, options: UsersActivateOptions): Promise<void> {
  return setUsersActive(ctx, options.users, true, options);
}
