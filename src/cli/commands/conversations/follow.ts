/** `conversations follow CONVERSATION USER…`: make users follow a conversation (adds it when missing). */
import type { Factory } from '../../context.js';
import { membershipCommand } from '../../membership-edit.js';

export default (f: Factory) =>
  membershipCommand(f, { verb: 'follow', description: 'make users follow a conversation (adds it when missing)', kind: 'conversation', add: true, examples: ['notifyctl conversations follow c-7 dana', 'notifyctl conversations follow CONVERSATION USER --dry-run --format json'] });
