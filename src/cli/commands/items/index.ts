/** The `items` group: one module per verb; follow and unfollow are the shared membership command (write/membership.ts). */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import { membershipCommand } from '../../write/membership.js';
import itemsAddCommand from './add.js';
import itemsListCommand from './list.js';
import itemsRemoveCommand from './remove.js';

export default function defineItems(f: Factory, items: Command): void {
  for (const verb of [itemsListCommand, itemsAddCommand, itemsRemoveCommand]) items.addCommand(verb(f));
  items.addCommand(membershipCommand(f, { verb: 'follow', description: 'make users follow an item', kind: 'item', add: true, examples: ['notifyctl items follow T-100 alice bob', 'notifyctl items follow ITEM USER --dry-run --format json'] }));
  items.addCommand(membershipCommand(f, { verb: 'unfollow', description: 'make users unfollow an item', kind: 'item', add: false, examples: ['notifyctl items unfollow T-100 bob', 'notifyctl items unfollow ITEM USER --dry-run --format json'] }));
}
