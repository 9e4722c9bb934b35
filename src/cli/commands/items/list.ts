/** `items list`: items, optionally of one project. */
import { Command, Option } from '@commander-js/extra-typings';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption } from '../../shell/options.js';
import { writeEntityList, type ListFormat } from '../../render/entity-list.js';
import { readWorkspace } from '../../shell/session.js';
import { byId } from '../../write/workspace-edit.js';
import { outputOf } from '../../output/iostreams.js';

export interface ItemsListOptions {
  project?: string;
  format: ListFormat;
}

export default function itemsListCommand(f: Factory) {
  const command = new Command('list')
    .description('list items')
    .addOption(new Option('--project <id>', 'only items of this project'))
    .addOption(listFormatOption())
    .action((o, cmd) => itemsListRun(f.context(cmd), o));
  examples(command, ['notifyctl items list', 'notifyctl items list --project billing --format csv']);
  return command;
}

export async function itemsListRun(ctx: CliContext, options: ItemsListOptions): Promise<void> {
  const items = byId((await readWorkspace(ctx)).items).filter((i) => options.project === undefined || i.project === options.project);
  await writeEntityList(options.format,
      items,
      [['id', (i) => i.id], ['project', (i) => i.project], ['kind', (i) => i.kind ?? null], ['followers', (i) => sortedIds(i.followers), 'wrap']], outputOf(ctx.io, ctx.zone));
}
