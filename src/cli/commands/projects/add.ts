/** `projects add PROJECT`: adds a project, with members. */
import { Command, Option } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, collect, examples } from '../../shell/options.js';
import { edit, needUsers, refuseExisting, type EditOptions } from '../../write/workspace-edit.js';

export interface ProjectsAddOptions extends EditOptions {
  project: string;
  name?: string;
  member?: string[];
}

export default function projectsAddCommand(f: Factory) {
  const command = addWriteOptions(new Command('add')
    .description('add a project')
    .argument('<project>')
    .addOption(new Option('--name <name>'))
    .addOption(new Option('--member <user>', 'a member (repeatable)').argParser(collect)))
    .action((project, o, cmd) => projectsAddRun(f.context(cmd), { ...o, project }));
  examples(command, ['notifyctl projects add billing --name Billing --member alice --member bob']);
  return command;
}

export function projectsAddRun(ctx: CliContext, options: ProjectsAddOptions): Promise<void> {
  const id = options.project;
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.projects, id, 'project', `projects members add ${id} USER…`);
    const members = needUsers(ws, options.member ?? []);
    ws.projects.set(id, { id, ...(options.name ? { name: options.name } : {}), members: new Set(members) });
  });
}
