/** The `conversations` group: one module per verb; follow and unfollow are the shared membership command (write/membership.ts). */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import { membershipCommand } from '../../write/membership.js';
import conversationsAddCommand from './add.js';
import conversationsListCommand from './list.js';
import conversationsRemoveCommand from './remove.js';

export default function defineConversations(f: Factory, conversations: Command): void {
  for (const verb of [conversationsListCommand, conversationsAddCommand, conversationsRemoveCommand]) conversations.addCommand(verb(f));
  conversations.addCommand(membershipCommand(f, { verb: 'follow', description: 'make users follow a conversation (adds it when missing)', kind: 'conversation', add: true, examples: ['notifyctl conversations follow c-7 dana', 'notifyctl conversations follow CONVERSATION USER --dry-run --format json'] }));
  conversations.addCommand(membershipCommand(f, { verb: 'unfollow', description: 'make users unfollow a conversation', kind: 'conversation', add: false, examples: ['notifyctl conversations unfollow c-7 dana', 'notifyctl conversations unfollow CONVERSATION USER --dry-run --format json'] }));
}
