/** The `users` group: one module per verb; activate and deactivate are one command shape (write/set-active.ts). */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import { setActiveCommand } from '../../write/set-active.js';
import usersAddCommand from './add.js';
import usersImportCommand from './import.js';
import usersListCommand from './list.js';
import usersRemoveCommand from './remove.js';
import usersRolesCommand from './roles.js';
import usersShowCommand from './show.js';
import usersUpdateCommand from './update.js';

export default function defineUsers(f: Factory, users: Command): void {
  for (const verb of [usersListCommand, usersShowCommand, usersAddCommand, usersUpdateCommand, (g: Factory) => setActiveCommand(g, true), (g: Factory) => setActiveCommand(g, false), usersRemoveCommand, usersImportCommand, usersRolesCommand]) {
    users.addCommand(verb(f));
  }
}
