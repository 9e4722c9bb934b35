/** `users deactivate USER…`. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../context.js';
import { dryRunOption, editFormatOption, examples } from '../../options.js';
import { setUsersActive } from '../../set-active.js';
import type { EditOptions } from '../../workspace-edit.js';

export interface UsersDeactivateOptions extends EditOptions {
  users: string[];
}

export default function usersDeactivateCommand(f: Factory) {
  const command = new Command('deactivate')
    .description('deactivate users')
    .argument('<user...>')
    .addOption(dryRunOption())
    .addOption(editFormatOption())
    .action((users, o, cmd) => usersDeactivateRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl users deactivate dana', 'notifyctl users deactivate dana erik --dry-run']);
  return command;
}

export function usersDeactivateRun(ctx: CliContext, options: UsersDeactivateOptions): Promise<void> {
  return setUsersActive(ctx, options.users, false, options);
}
