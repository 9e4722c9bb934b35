/** `users activate` and `users deactivate`: one command shape, told which way it goes. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from './context.js';
import { dryRunOption, editFormatOption, examples } from './options.js';
import { edit, needUsers, type EditOptions } from './workspace-edit.js';

export interface SetActiveOptions extends EditOptions {
  users: string[];
}

export function setActiveCommand(f: Factory, active: boolean) {
  const verb = active ? 'activate' : 'deactivate';
  const command = new Command(verb)
    .description(`${verb} users`)
    .argument('<user...>')
    .addOption(dryRunOption())
    .addOption(editFormatOption())
    .action((users, o, cmd) => setActiveRun(f.context(cmd), active, { ...o, users }));
  examples(command, [`notifyctl users ${verb} dana`, `notifyctl users ${verb} dana erik --dry-run`]);
  return command;
}

export function setActiveRun(ctx: CliContext, active: boolean, options: SetActiveOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    needUsers(ws, options.users);
    for (const id of options.users) ws.users.get(id)!.active = active;
  });
}
