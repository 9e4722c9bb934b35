/**
 * The one write path (the Bluesky PDS's `transaction`): every change to the database is
 * one IMMEDIATE transaction, so the read it is planned from and the write cannot be
 * separated by another writer. Reads of the workspace are one deferred transaction, a
 * single snapshot in WAL mode, so they never mix two committed states.
 *
 * Waiting for a busy database is one policy: SQLite's busy handler, which retries the
 * lock with growing sleeps for at most BUSY_TIMEOUT_MS. With IMMEDIATE transactions no
 * snapshot can go stale, so nothing above it retries: the worst-case wait for a lock is
 * BUSY_TIMEOUT_MS, after which the command fails, having changed nothing.
 */
import { DataError } from '../domain/errors.js';
import type { Db } from './database.js';

export const BUSY_TIMEOUT_MS = 10_000;

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED']);

export function isBusy(error: unknown): boolean {
  return BUSY.has((error as { code?: string }).code ?? '');
}

function busyError(db: Db): DataError {
  return new DataError(`the database ${db.name} stayed locked by another program for ${BUSY_TIMEOUT_MS / 1000} s; nothing was changed. Try again when it is done.`);
}

/** The change recorded in the transaction under way (recordAudit notes it), and those committed since forgetCommitted(). */
let recording: number | null = null;
const committed: number[] = [];

export function noteRecorded(change: number): void {
  recording = change;
}

/** The change numbers this process committed since forgetCommitted(): what a failure after them must not call unwritten. */
export function committedChanges(): readonly number[] {
  return committed;
}

export function forgetCommitted(): void {
  committed.length = 0;
}

/** What each write transaction runs in: the launcher makes a signal end the process at once meanwhile (src/cli/interrupt.ts). */
let guard = <T>(work: () => T): T => work();

export function setWriteGuard(around: <T>(work: () => T) => T): void {
  guard = around;
}

/**
 * Runs `work` in one IMMEDIATE transaction: all of it is written, or none. It runs inside
 * the guard, commit included: a signal then ends the process at once and SQLite rolls
 * back what was not committed (a big write does most of its I/O in the commit, so that is
 * where an interruption usually lands). A signal after it is handled by the launcher,
 * which says the change was written (committedChanges).
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  recording = null;
  try {
    const result = guard(() => db.transaction(work).immediate());
    // A database in memory (a scenario's workspace under `test`) is gone with the process: nothing was written to keep.
    if (recording !== null && !db.memory) committed.push(recording);
    return result;
  } catch (error) {
    if (isBusy(error)) throw busyError(db);
    throw error;
  } finally {
    recording = null;
  }
}

/** Runs `work` in one read transaction: every table it reads is from the same committed state. */
export function readTransaction<T>(db: Db, work: () => T): T {
  if (db.inTransaction) return work();
  try {
    return db.transaction(work).deferred();
  } catch (error) {
    if (isBusy(error)) throw busyError(db);
    throw error;
  }
}
