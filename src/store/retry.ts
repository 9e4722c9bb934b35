/**
 * Concurrent writers: SQLite's busy timeout waits for a lock; when it still reports
 * SQLITE_BUSY (a writer held the lock longer, or a snapshot went stale) the whole
 * transaction is retried with a growing, jittered pause.
 */
import { DataError } from '../domain/errors.js';

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED']);
const pause = new Int32Array(new SharedArrayBuffer(4));

export function isBusy(error: unknown): boolean {
  return BUSY.has((error as { code?: string }).code ?? '');
}

export function withBusyRetry<T>(work: () => T, what: string, attempts = 10): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (attempt >= attempts) {
        throw new DataError(`${what} is busy: other programs kept it locked through ${attempts} attempts; nothing was changed. Try again.`);
      }
      Atomics.wait(pause, 0, 0, Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}
