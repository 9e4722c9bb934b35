/** The `db` group: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import dbBackupCommand from './backup.js';
import dbCheckCommand from './check.js';
import dbRestoreCommand from './restore.js';

export default function defineDb(f: Factory, db: Command): void {
  db.addCommand(dbCheckCommand(f));
  db.addCommand(dbBackupCommand(f));
  db.addCommand(dbRestoreCommand(f));
}
