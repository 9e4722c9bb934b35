/** `users activate` and `users deactivate`: one command shape, told which way it goes. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../shell/context.js';
import { addSelectorOptions, addWriteOptions, examples } from '../shell/options.js';
import { selectIn, selectionWatch, type SelectorOptions } from '../shell/selectors.js';
import { edit, type EditOptions } from './workspace-edit.js';

export interface SetActiveOptions extends EditOptions, SelectorOptions {
  users: string[];
}

export function setActiveCommand(f: Factory, active: boolean) {
  const verb = active ? 'activate' : 'deactivate';
  const command = addWriteOptions(addSelectorOptions(new Command(verb)
    .description(`${verb} users`)
    .argument('[user...]')))
    .action((users, o, cmd) => setActiveRun(f.context(cmd), active, { ...o, users }));
  examples(command, [`notifyctl users ${verb} dana`, `notifyctl users ${verb} dana erik --dry-run`, `notifyctl users ${verb} --role contractor --impact week.ndjson --dry-run`]);
  return command;
}

export async function setActiveRun(ctx: CliContext, active: boolean, options: SetActiveOptions): Promise<void> {
  const watch = selectionWatch();
  await edit(ctx, options, (ws) => {
    for (const id of selectIn(ws, options.users, options, `users ${active ? 'activate' : 'deactivate'}`, watch.nobody)) ws.users.get(id)!.active = active;
  });
  watch.note(ctx.io);
}
