/** `conversations remove CONVERSATION`. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { edit, need, type EditOptions } from '../../write/workspace-edit.js';

export interface ConversationsRemoveOptions extends EditOptions {
  conversation: string;
}

export default function conversationsRemoveCommand(f: Factory) {
  const command = addWriteOptions(new Command('remove')
    .description('remove a conversation')
    .argument('<conversation>'))
    .action((conversation, o, cmd) => conversationsRemoveRun(f.context(cmd), { ...o, conversation }));
  examples(command, ['notifyctl conversations remove c-7', 'notifyctl conversations remove c-7 --dry-run']);
  return command;
}

export function conversationsRemoveRun(ctx: CliContext, options: ConversationsRemoveOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    need(ws.conversations, options.conversation, 'conversation');
    ws.conversations.delete(options.conversation);
  });
}
