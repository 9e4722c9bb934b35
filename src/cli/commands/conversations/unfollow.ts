/** `conversations unfollow CONVERSATION USER…`: make users unfollow a conversation. */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'unfollow', description: 'make users unfollow a conversation', kind: 'conversation', add: false, examples: ['notifyctl conversations unfollow c-7 dana', 'notifyctl conversations unfollow CONVERSATION USER --dry-run --format json'] });
