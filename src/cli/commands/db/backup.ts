/** `db backup PATH`: an online copy of the database, readable by its owner only. */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { backupTo } from '../../../store/backup.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, yesOption } from '../../shell/options.js';
import { readDatabase } from '../../shell/session.js';

export interface DbBackupOptions {
  path: string;
  force?: boolean;
}

export default function dbBackupCommand(f: Factory) {
  const command = new Command('backup')
    .description("an online copy of the database (SQLite's backup API), readable by its owner only")
    .argument('<path>')
    .addOption(new Option('--force', 'overwrite an existing file'))
    // Every writing command accepts --yes, so that scripts can always pass it; backup never asks.
    .addOption(yesOption())
    .action((path, o, cmd) => dbBackupRun(f.context(cmd), { ...o, path }));
  examples(command, ['notifyctl db backup backups/team-$(date +%F).db', 'notifyctl db backup team-copy.db --force']);
  return command;
}

export async function dbBackupRun(ctx: CliContext, options: DbBackupOptions): Promise<void> {
  if (options.path.trim() === '') throw new UsageError('db backup needs the path of the file to write the copy to, e.g. notifyctl db backup backups/team.db');
  // A backup is an SQLite file, written next to its name and renamed into place: never a stream.
  if (options.path === '-') throw new UsageError('db backup writes an SQLite file, not standard output; give the path of the file to write the copy to (write ./- to mean a file named "-")');
  await readDatabase(ctx, (db) => backupTo(db, ctx.dbPath, options.path, options));
  ctx.io.out.write(`Backed up ${ctx.dbPath} to ${options.path}.\n`);
}
