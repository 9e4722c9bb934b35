/** The `items` group: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../context.js';
import itemsAddCommand from './add.js';
import itemsFollowCommand from './follow.js';
import itemsListCommand from './list.js';
import itemsRemoveCommand from './remove.js';
import itemsUnfollowCommand from './unfollow.js';

export default function defineItems(f: Factory, items: Command): void {
  for (const verb of [itemsListCommand, itemsAddCommand, itemsRemoveCommand, itemsFollowCommand, itemsUnfollowCommand]) items.addCommand(verb(f));
}
