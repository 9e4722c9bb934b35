/** `items follow ITEM USER…`: make users follow an item. */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'follow', description: 'make users follow an item', kind: 'item', add: true, examples: ['notifyctl items follow T-100 alice bob', 'notifyctl items follow ITEM USER --dry-run --format json'] });
