/** `conversations add CONVERSATION`: adds a conversation, attached to an item or not. */
import { Command, Option } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, collect, examples } from '../../shell/options.js';
import { edit, need, needUsers, refuseExisting, type EditOptions } from '../../write/workspace-edit.js';

export interface ConversationsAddOptions extends EditOptions {
  conversation: string;
  item?: string;
  follower?: string[];
}

export default function conversationsAddCommand(f: Factory) {
  const command = addWriteOptions(new Command('add')
    .description('add a conversation')
    .argument('<conversation>')
    .addOption(new Option('--item <id>', 'the item it is attached to'))
    .addOption(new Option('--follower <user>', 'a follower (repeatable)').argParser(collect)))
    .action((conversation, o, cmd) => conversationsAddRun(f.context(cmd), { ...o, conversation }));
  examples(command, ['notifyctl conversations add c-7 --item T-100', 'notifyctl conversations add chat-42 --follower dana']);
  return command;
}

export function conversationsAddRun(ctx: CliContext, options: ConversationsAddOptions): Promise<void> {
  const id = options.conversation;
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.conversations, id, 'conversation', `conversations follow ${id} USER…`);
    if (options.item !== undefined) need(ws.items, options.item, 'item');
    const followers = needUsers(ws, options.follower ?? []);
    ws.conversations.set(id, { id, ...(options.item ? { item: options.item } : {}), followers: new Set(followers) });
  });
}
