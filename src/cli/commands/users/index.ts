/** The `users` group: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../context.js';
import usersActivateCommand from './activate.js';
import usersAddCommand from './add.js';
import usersDeactivateCommand from './deactivate.js';
import usersImportCommand from './import.js';
import usersListCommand from './list.js';
import usersRemoveCommand from './remove.js';
import usersRolesCommand from './roles.js';
import usersShowCommand from './show.js';
import usersUpdateCommand from './update.js';

export default function defineUsers(f: Factory, users: Command): void {
  for (const verb of [usersListCommand, usersShowCommand, usersAddCommand, usersUpdateCommand, usersActivateCommand, usersDeactivateCommand, usersRemoveCommand, usersImportCommand, usersRolesCommand]) {
    users.addCommand(verb(f));
  }
}
