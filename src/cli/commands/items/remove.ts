/** `items remove ITEM`: removes an item (--force leaves its conversations unattached). */
import { Command, Option } from '@commander-js/extra-typings';
import { DataError } from '../../../domain/errors.js';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { removeItem } from '../../../domain/changes.js';
import { edit, need, type EditOptions } from '../../write/workspace-edit.js';

export interface ItemsRemoveOptions extends EditOptions {
  item: string;
}

export default function itemsRemoveCommand(f: Factory) {
  const command = addWriteOptions(new Command('remove')
    .description('remove an item (--force leaves its conversations unattached)')
    .argument('<item>')
    .addOption(new Option('--force', 'detach its conversations')))
    .action((item, o, cmd) => itemsRemoveRun(f.context(cmd), { ...o, item }));
  examples(command, ['notifyctl items remove T-100', 'notifyctl items remove T-100 --force']);
  return command;
}

export function itemsRemoveRun(ctx: CliContext, options: ItemsRemoveOptions): Promise<void> {
  const id = options.item;
  return edit(ctx, options, (ws) => {
    need(ws.items, id, 'item');
    const attached = sortedIds([...ws.conversations.values()].filter((c) => c.item === id).map((c) => c.id));
    if (attached.length > 0 && !options.force) {
      throw new DataError(`nothing was removed: conversations ${attached.join(', ')} are attached to item ${id}; pass --force to leave them unattached`);
    }
    removeItem(ws, id);
  });
}
