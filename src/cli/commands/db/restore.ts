/**
 * `db restore BACKUP` (SPEC 10.4): checks BACKUP, then replaces the workspace and its
 * audit trail with BACKUP's in one write transaction (src/store/restore.ts), safe while
 * other processes hold the database open. Destructive: in a terminal it shows what
 * changes and asks; without one it needs --yes.
 */
import { Command } from '@commander-js/extra-typings';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { DataError, UsageError } from '../../../domain/errors.js';
import { plural } from '../../../domain/text.js';
import { cannotRead } from '../../../io/read-input.js';
import { openBackup, restoreFrom } from '../../../store/restore.js';
import { shellQuote, type CliContext, type Factory } from '../../shell/context.js';
import { dryRunOption, editFormatOption, examples, yesOption } from '../../shell/options.js';
import { changeObjects, summariseChanges, writeChangeTable } from '../../render/changes.js';
import { writeJson } from '../../output/json.js';
import { loadWorkspace } from '../../../store/workspace-store.js';
import { writeDatabase } from '../../shell/session.js';
import { outputOf } from '../../output/iostreams.js';

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
  const dryRun = options.dryRun === true;
  if (!dryRun && options.yes !== true && !ctx.io.canPrompt()) throw new UsageError('db restore needs --yes when not run in a terminal; nothing was changed');
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
  const audit = { actor: ctx.actor, command: `db restore ${shellQuote(options.backup)}` };
  try {
    // The workspaces either side, for the changes' effective values (the one shape of write-flow.ts).
    const after = loadWorkspace(backup);
    let before = after;
    const { changes, change } = await writeDatabase(ctx, async (db) => {
      before = loadWorkspace(db);
      if (!dryRun && options.yes !== true) {
        // In a terminal: what the restore changes, then the question.
        const planned = restoreFrom(db, backup, audit, true).changes;
        if (planned.length > 0) writeChangeTable(planned, before, after, [], outputOf(ctx.io, ctx.zone));
        await (await import('../../write/confirm.js')).confirmChange(ctx, `Replace the workspace and its audit trail in ${ctx.dbPath} with ${options.backup}'s (${summariseChanges(planned)})?`);
      }
      return restoreFrom(db, backup, audit, dryRun);
    }, { dryRun });
    if (options.format === 'json') writeJson(ctx.io.out, { dryRun, change, changes: changeObjects(changes, before, after) });
    else if (changes.length > 0 && (dryRun || options.yes === true || !ctx.io.canPrompt())) writeChangeTable(changes, before, after, [], outputOf(ctx.io, ctx.zone));
    const what = changes.length === 0 ? 'no change to the workspace (the audit trail becomes the backup\'s)' : summariseChanges(changes);
    ctx.io.err.write(
      dryRun
        ? `Dry run: restoring ${options.backup} would make ${what}. Nothing was written.\n`
        : `Restored ${options.backup} into ${ctx.dbPath}: ${what}${change === null ? '' : `; recorded as change ${change}`} (${plural(changes.length, 'audit row')}).\n`,
    );
  } finally {
    backup.close();
  }
}
