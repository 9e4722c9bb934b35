/**
 * Opening the database for a command, and closing it whatever happens (SPEC 9.9).
 * Commands that only read never create a database: a missing file is an error naming
 * it and how to make one. Commands that write create it, but not for a dry run, which
 * works on an empty database in memory instead; and a write to `:memory:` is refused,
 * since nothing would be kept.
 */
import { existsSync } from 'node:fs';
import { DataError, UsageError } from '../domain/errors.js';
import type { Workspace } from '../domain/workspace.js';
import { IN_MEMORY, diskFull, openDatabase, type Db } from '../store/database.js';
import { loadWorkspace } from '../store/workspace-store.js';
import { rowsAfterTime } from '../store/audit-query.js';
import { readTransaction } from '../store/transaction.js';
import { revert, type ChangeRow } from '../domain/revert.js';
import type { CliContext } from './context.js';
import { beforeWriting } from './interrupt.js';

/** A database file is there (a link to a missing file is not). */
const exists = (path: string): boolean => path === IN_MEMORY || existsSync(path);

/** SQLite's failures while working, as sentences that name the file and what to do. */
function databaseFailure(path: string, error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const said = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DataError(`the database ${path} is damaged (SQLite says: ${said}); nothing was changed. See "notifyctl --db ${path} db check", and restore a backup.`);
  }
  if (code === 'SQLITE_FULL') return new DataError(`the disk holding ${path} is full; nothing was changed. Make room and run the command again.`);
  if (code.startsWith('SQLITE_READONLY')) {
    return new DataError(`cannot write the database ${path}: it or its folder is read-only (SQLite says: ${said}); nothing was changed. Check the permissions, or choose another --db.`);
  }
  if ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && diskFull(path)) {
    return new DataError(`the disk holding ${path} is full; nothing was changed. Make room and run the command again.`);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return new DataError(`cannot use the database ${path} (SQLite says: ${said}); nothing was changed.`);
  return error;
}

async function using<T>(path: string, work: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openDatabase(path);
  try {
    return await work(db);
  } catch (error) {
    throw databaseFailure(path, error);
  } finally {
    db.close();
  }
}

/** For commands that only read: the database must exist. */
export function readDatabase<T>(ctx: Pick<CliContext, 'dbPath'>, work: (db: Db) => T | Promise<T>): Promise<T> {
  if (!exists(ctx.dbPath)) {
    throw new DataError(`there is no database at ${ctx.dbPath}; create one with "notifyctl --db ${ctx.dbPath} init" (or import a workspace), or choose another with --db or NOTIFYCTL_DB`);
  }
  return using(ctx.dbPath, work);
}

/** For commands that write: created when missing; a dry run on a missing file uses an empty one in memory. */
export async function writeDatabase<T>(ctx: Pick<CliContext, 'dbPath'>, work: (db: Db) => T | Promise<T>, options: { dryRun?: boolean } = {}): Promise<T> {
  if (ctx.dbPath === IN_MEMORY && options.dryRun !== true) {
    throw new UsageError('--db :memory: keeps nothing once the command ends; give a database file to write to (or use --dry-run)');
  }
  if (options.dryRun === true && !exists(ctx.dbPath)) return using(IN_MEMORY, work);
  // A Ctrl-C while the input was read and checked stops the command here, before it writes.
  await beforeWriting();
  return using(ctx.dbPath, work);
}

/**
 * The workspace, as it is or (--as-of) as it was at a time: every change made after
 * it undone in memory, newest first, from the audit trail. Nothing is written.
 */
export function readWorkspace(ctx: Pick<CliContext, 'dbPath'>, asOf?: number): Promise<Workspace> {
  if (asOf === undefined) return readDatabase(ctx, loadWorkspace);
  return readDatabase(ctx, (db) =>
    readTransaction(db, () => {
      const ws = loadWorkspace(db);
      const rows = rowsAfterTime(db, new Date(asOf).toISOString());
      const byChange = new Map<number, ChangeRow[]>();
      for (const r of rows) byChange.set(r.change, [r, ...(byChange.get(r.change) ?? [])]);
      for (const change of [...byChange.keys()].sort((a, b) => b - a)) revert(ws, byChange.get(change)!);
      return ws;
    }),
  );
}
