/**
 * `db restore BACKUP` (SPEC 10.4): checks BACKUP, then replaces the workspace and its
 * audit trail with BACKUP's in one write transaction (src/store/restore.ts), safe while
 * other processes hold the database open, through the one write flow (runWrite): dry
 * run, the question, the audit row, interruption. Destructive: in a terminal it shows
 * what changes and asks; without one it needs --yes.
 */
import { Command } from '@commander-js/extra-typings';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { DataError, UsageError } from '../../../domain/errors.js';
import { plural } from '../../../domain/text.js';
import { cannotRead } from '../../../io/read-input.js';
import { cloneWorkspace } from '../../../domain/workspace.js';
import { openBackup, replaceTables } from '../../../store/restore.js';
import { loadWorkspace } from '../../../store/workspace-store.js';
import { shellQuote, type CliContext, type Factory } from '../../shell/context.js';
import { dryRunOption, editFormatOption, examples, yesOption } from '../../shell/options.js';
import { summariseChanges } from '../../render/changes.js';
import { runWrite } from '../../write/flow.js';

export interface DbRestoreOptions {
  backup: string;
  dryRun?: boolean;
  yes?: boolean;
  format: 'table' | 'json';
}

export default function dbRestoreCommand(f: Factory) {
  const command = new Command('restore')
    .description('replace the workspace and its audit trail with a backup\'s (checked first), in one transaction; recorded as a change')
    .argument('<backup>', 'a file made by "notifyctl db backup"')
    .addOption(dryRunOption())
    .addOption(yesOption())
    .addOption(editFormatOption())
    .action((backup, o, cmd) => dbRestoreRun(f.context(cmd), { ...o, backup }));
  examples(command, ['notifyctl db restore backups/team-2026-12-01.db --dry-run', 'notifyctl db restore backups/team-2026-12-01.db --yes']);
  return command;
}

const same = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

export async function dbRestoreRun(ctx: CliContext, options: DbRestoreOptions): Promise<void> {
  if (same(options.backup, ctx.dbPath)) throw new UsageError(`${options.backup} is the database itself; give a backup made by "notifyctl db backup"`);
  // A copy of a live database can have part of its data in the log beside it, which
  // reading the file alone would miss.
  if (statSync(`${options.backup}-wal`, { throwIfNoEntry: false })?.size) {
    throw new DataError(`${options.backup} has a write-ahead log beside it (${options.backup}-wal) that may hold part of its data; nothing was changed. Make backups with "notifyctl db backup", or fold the log in first (sqlite3 ${shellQuote(options.backup)} "PRAGMA wal_checkpoint(TRUNCATE)")`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(options.backup);
  } catch (error) {
    throw cannotRead(options.backup, error, 'the backup');
  }
  const backup = openBackup(options.backup, bytes);
  try {
    const restored = loadWorkspace(backup);
    // The one write flow: planned on a copy (the workspace becomes the backup's), shown,
    // asked (destructive: --yes without a terminal), planned again inside the write
    // transaction, which copies the backup's tables and records the difference at the end
    // of the restored trail. A workspace that already is the backup's is nothing to restore.
    await runWrite(ctx, options, {
      name: 'db restore',
      change: (ws) => void Object.assign(ws, cloneWorkspace(restored)),
      destructive: true,
      write: (db) => replaceTables(db, backup),
      command: `db restore ${shellQuote(options.backup)}`,
      question: (planned) => `Replace the workspace and its audit trail in ${ctx.dbPath} with ${options.backup}'s (${summariseChanges(planned)})?`,
      summary: (planned, dryRun, change) =>
        dryRun
          ? `restoring ${options.backup} would make ${summariseChanges(planned)}`
          : `restored ${options.backup} into ${ctx.dbPath}: ${summariseChanges(planned)}; recorded as change ${change} (${plural(planned.length, 'audit row')})`,
      nothing: `Nothing to restore: the workspace in ${ctx.dbPath} is already ${options.backup}'s; nothing was written, and its audit trail stays as it is.`,
      jsonChange: true,
    });
  } finally {
    backup.close();
  }
}
