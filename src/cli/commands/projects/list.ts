/** `projects list`: projects and their members. */
import { Command } from '@commander-js/extra-typings';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption } from '../../shell/options.js';
import { writeEntityList, type ListFormat } from '../../render/entity-list.js';
import { readWorkspace } from '../../shell/session.js';
import { byId } from '../../write/workspace-edit.js';
import { outputOf } from '../../output/iostreams.js';

export interface ProjectsListOptions {
  format: ListFormat;
}

export default function projectsListCommand(f: Factory) {
  const command = new Command('list')
    .description('list projects and their members')
    .addOption(listFormatOption())
    .action((o, cmd) => projectsListRun(f.context(cmd), o));
  examples(command, ['notifyctl projects list', 'notifyctl projects list --format json']);
  return command;
}

export async function projectsListRun(ctx: CliContext, options: ProjectsListOptions): Promise<void> {
  const projects = byId((await readWorkspace(ctx)).projects);
  await writeEntityList(options.format, projects, [['id', (p) => p.id], ['name', (p) => p.name ?? null, 'wrap'], ['members', (p) => sortedIds(p.members), 'wrap']], outputOf(ctx.io, ctx.zone));
}
