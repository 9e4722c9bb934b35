/** `items add ITEM --project P`: adds an item (a ticket, a task) to a project. */
import { Command, Option } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, collect, examples } from '../../shell/options.js';
import { edit, need, needUsers, refuseExisting, type EditOptions } from '../../write/workspace-edit.js';

export interface ItemsAddOptions extends EditOptions {
  item: string;
  project: string;
  kind?: string;
  follower?: string[];
}

export default function itemsAddCommand(f: Factory) {
  const command = addWriteOptions(new Command('add')
    .description('add an item')
    .argument('<item>')
    .addOption(new Option('--project <id>', 'the project it belongs to').makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'ticket, task, …'))
    .addOption(new Option('--follower <user>', 'a follower (repeatable)').argParser(collect)))
    .action((item, o, cmd) => itemsAddRun(f.context(cmd), { ...o, item }));
  examples(command, ['notifyctl items add T-100 --project billing --kind ticket --follower bob']);
  return command;
}

export function itemsAddRun(ctx: CliContext, options: ItemsAddOptions): Promise<void> {
  const id = options.item;
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.items, id, 'item', `items follow ${id} USER…`);
    need(ws.projects, options.project, 'project');
    const followers = needUsers(ws, options.follower ?? []);
    ws.items.set(id, { id, project: options.project, ...(options.kind ? { kind: options.kind } : {}), followers: new Set(followers) });
  });
}
