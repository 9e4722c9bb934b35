/** The `conversations` group: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../context.js';
import conversationsAddCommand from './add.js';
import conversationsFollowCommand from './follow.js';
import conversationsListCommand from './list.js';
import conversationsRemoveCommand from './remove.js';
import conversationsUnfollowCommand from './unfollow.js';

export default function defineConversations(f: Factory, conversations: Command): void {
  for (const verb of [conversationsListCommand, conversationsAddCommand, conversationsRemoveCommand, conversationsFollowCommand, conversationsUnfollowCommand]) {
    conversations.addCommand(verb(f));
  }
}
