/** The `projects` group, with its `members` subgroup: one module per verb; members add and remove are the shared membership command (write/membership.ts). */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import { membershipCommand } from '../../write/membership.js';
import projectsAddCommand from './add.js';
import projectsListCommand from './list.js';
import projectsRemoveCommand from './remove.js';

export default function defineProjects(f: Factory, projects: Command): void {
  for (const verb of [projectsListCommand, projectsAddCommand, projectsRemoveCommand]) projects.addCommand(verb(f));
  const members = projects.command('members').description("change a project's members");
  members.addCommand(membershipCommand(f, { verb: 'add', description: 'add members of a project', kind: 'project', add: true, examples: ['notifyctl projects members add billing carol dana', 'notifyctl projects members add PROJECT USER --dry-run --format json'] }));
  members.addCommand(membershipCommand(f, { verb: 'remove', description: 'remove members of a project', kind: 'project', add: false, examples: ['notifyctl projects members remove billing carol', 'notifyctl projects members remove PROJECT USER --dry-run --format json'] }));
}
