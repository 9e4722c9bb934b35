/** `projects remove PROJECT`: removes a project (--force also its items). */
import { Command, Option } from '@commander-js/extra-typings';
import { DataError } from '../../../domain/errors.js';
import { sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { removeItem } from '../../../domain/changes.js';
import { edit, need, type EditOptions } from '../../write/workspace-edit.js';

export interface ProjectsRemoveOptions extends EditOptions {
  project: string;
}

export default function projectsRemoveCommand(f: Factory) {
  const command = addWriteOptions(new Command('remove')
    .description('remove a project (--force also removes its items)')
    .argument('<project>')
    .addOption(new Option('--force', 'remove its items too')))
    .action((project, o, cmd) => projectsRemoveRun(f.context(cmd), { ...o, project }));
  examples(command, ['notifyctl projects remove billing', 'notifyctl projects remove billing --force --dry-run']);
  return command;
}

export function projectsRemoveRun(ctx: CliContext, options: ProjectsRemoveOptions): Promise<void> {
  const id = options.project;
  return edit(ctx, options, (ws) => {
    need(ws.projects, id, 'project');
    const items = sortedIds([...ws.items.values()].filter((i) => i.project === id).map((i) => i.id));
    if (items.length > 0 && !options.force) {
      throw new DataError(`nothing was removed: items ${items.join(', ')} belong to project ${id}; pass --force to remove them too (their conversations become unattached)`);
    }
    for (const item of items) removeItem(ws, item);
    ws.projects.delete(id);
  });
}
