/** `projects members add PROJECT USER…`: add members of a project. */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'add', description: 'add members of a project', kind: 'project', add: true, examples: ['notifyctl projects members add billing carol dana', 'notifyctl projects members add PROJECT USER --dry-run --format json'] });
