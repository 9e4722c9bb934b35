/** `conversations list`: conversations, their items and followers. */
import { Command } from '@commander-js/extra-typings';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption } from '../../shell/options.js';
import { writeEntityList, type ListFormat } from '../../render/entity-list.js';
import { readWorkspace } from '../../shell/session.js';
import { byId } from '../../write/workspace-edit.js';
import { outputOf } from '../../output/iostreams.js';

export interface ConversationsListOptions {
  format: ListFormat;
}

export default function conversationsListCommand(f: Factory) {
  const command = new Command('list')
    .description('list conversations')
    .addOption(listFormatOption())
    .action((o, cmd) => conversationsListRun(f.context(cmd), o));
  examples(command, ['notifyctl conversations list', 'notifyctl conversations list --format json']);
  return command;
}

export async function conversationsListRun(ctx: CliContext, options: ConversationsListOptions): Promise<void> {
  const conversations = byId((await readWorkspace(ctx)).conversations);
  await writeEntityList(options.format, conversations, [['id', (c) => c.id], ['item', (c) => c.item ?? null], ['followers', (c) => sortedIds(c.followers), 'wrap']], outputOf(ctx.io, ctx.zone));
}
