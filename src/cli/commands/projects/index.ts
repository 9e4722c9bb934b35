/** The `projects` group, with its `members` subgroup: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../context.js';
import projectsAddCommand from './add.js';
import projectsListCommand from './list.js';
import membersAddCommand from './members-add.js';
import membersRemoveCommand from './members-remove.js';
import projectsRemoveCommand from './remove.js';

export default function defineProjects(f: Factory, projects: Command): void {
  for (const verb of [projectsListCommand, projectsAddCommand, projectsRemoveCommand]) projects.addCommand(verb(f));
  const members = projects.command('members').description("change a project's members");
  for (const verb of [membersAddCommand, membersRemoveCommand]) members.addCommand(verb(f));
}
