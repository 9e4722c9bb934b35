/**
 * Opening the database for a command, and closing it whatever happens (SPEC 9.9).
 * Commands that only read never create a database: a missing file is an error naming
 * it and how to make one. Commands that write create it, but not for a dry run, which
 * works on an empty database in memory instead; and a write to `:memory:` is refused,
 * since nothing would be kept.
 */
import { existsSync } from 'node:fs';
import { DataError, UsageError } from '../../domain/errors.js';
import type { Workspace } from '../../domain/workspace.js';
import { IN_MEMORY, openDatabase, type Db } from '../../store/database.js';
import { databaseFailure } from '../../store/failures.js';
import { formatHuman } from '../../domain/zone.js';
import type { ReplayHistory } from '../../engine/replay.js';
import { historyAsOf, recordedHistory, type RecordedHistory } from '../../store/history.js';
import { loadWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from './context.js';
import { beforeWriting } from './interrupt.js';

/** A database file is there (a link to a missing file is not). */
const exists = (path: string): boolean => path === IN_MEMORY || existsSync(path);

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

/** For commands that only read: the database must exist. A context holding one open (`held`) reads that. */
export async function readDatabase<T>(ctx: Pick<CliContext, 'dbPath' | 'held'>, work: (db: Db) => T | Promise<T>): Promise<T> {
  if (ctx.held !== undefined) {
    try {
      return await work(ctx.held);
    } catch (error) {
      throw databaseFailure(ctx.dbPath, error);
    }
  }
  if (!exists(ctx.dbPath)) {
    throw new DataError(`there is no database at ${ctx.dbPath}; create one with "notifyctl --db ${ctx.dbPath} init" (or import a workspace), or choose another with --db or NOTIFYCTL_DB`);
  }
  return using(ctx.dbPath, work);
}

/**
 * For a command that runs others which read (report): one connection and one read
 * transaction for all of them, so a write that lands meanwhile is seen by none (in WAL
 * mode it does not wait for the reader either). `work` gets the context to run them with.
 */
export function readOnce<T>(ctx: CliContext, work: (held: Db) => Promise<T>): Promise<T> {
  return readDatabase(ctx, async (db) => {
    db.exec('BEGIN');
    try {
      // A deferred transaction takes its snapshot at its first read.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return await work(db);
    } finally {
      db.exec('ROLLBACK');
    }
  });
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
 * The workspace, as it is or (--as-of) as it was at a time (store/history.ts); a time
 * before the recorded history begins is refused (SPEC 10.1). Nothing is written.
 */
export function readWorkspace(ctx: Pick<CliContext, 'dbPath' | 'zone' | 'held'>, asOf?: number): Promise<Workspace> {
  return readDatabase(ctx, (db) => (asOf === undefined ? loadWorkspace(db) : historyAsOf(db, asOf, ctx.dbPath, (ms) => formatHuman(ms, ctx.zone)).start));
}

/**
 * The workspaces a log is replayed with (SPEC 10.1): without --as-of, the workspace of
 * each line's time (the history's start and its later changes, for the Replay); with
 * `--as-of now` today's, with `--as-of TIME` that time's, for every line.
 */
export interface PastWorkspace extends RecordedHistory {
  /** The Replay's `history` option. */
  replayHistory: ReplayHistory;
  /** The line for stderr when `linesBefore` lines came before the history (none with --as-of). */
  beforeNote(linesBefore: number): string | null;
}

export function readPast(ctx: Pick<CliContext, 'dbPath' | 'zone' | 'held'>, asOf: string | undefined, asOfMs: number | undefined): Promise<PastWorkspace> {
  return readDatabase(ctx, (db) => {
    const fixed = asOf === undefined ? null : asOf.trim() === 'now' ? 'now' : asOfMs!;
    const h = fixed === null ? recordedHistory(db) : historyAsOf(db, fixed, ctx.dbPath, (ms) => formatHuman(ms, ctx.zone));
    const begins = fixed === null ? h.begins : null;
    return {
      ...h,
      replayHistory: { changes: h.changes, users: h.users, begins: begins?.at ?? -Infinity },
      beforeNote: (n) => (begins === null || n === 0 ? null : `the recorded history of ${ctx.dbPath} begins at ${formatHuman(begins.at, ctx.zone)}; ${n.toLocaleString('en-US')} earlier ${n === 1 ? 'line uses' : 'lines use'} the workspace as it stood then`),
    };
  });
}
