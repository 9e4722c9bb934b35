/** `projects members remove PROJECT USER…`: remove members of a project. */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'remove', description: 'remove members of a project', kind: 'project', add: false, examples: ['notifyctl projects members remove billing carol', 'notifyctl projects members remove PROJECT USER --dry-run --format json'] });
