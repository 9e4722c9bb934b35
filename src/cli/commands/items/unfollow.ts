/** `items unfollow ITEM USER…`: make users unfollow an item. */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'unfollow', description: 'make users unfollow an item', kind: 'item', add: false, examples: ['notifyctl items unfollow T-100 bob', 'notifyctl items unfollow ITEM USER --dry-run --format json'] });
