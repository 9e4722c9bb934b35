/**
 * Interrupting a run (SPEC 10.4): SIGINT, SIGTERM and SIGHUP end the process by that
 * signal (a shell sees 130, 143, 129), having removed its temporary files. Node runs a
 * signal's handler only between turns of its event loop, so two kinds of work are made
 * to see signals promptly:
 *
 * - A write transaction runs in one synchronous call. During its work the signals take
 *   their default action instead: the process ends at once, before the commit, and
 *   SQLite rolls the transaction back (its journal is made for a process that dies).
 *   A signal that comes once the write has committed is handled, and says that the
 *   change was written (and which), since it was. A signal
 *   that came before is seen first (beforeWriting), so it never lets the write happen.
 * - Long work that does turn the loop (the replay of a log, one batch a turn) sees the
 *   handler within a batch; a copy that cannot (the held results going to a pipe) runs
 *   with the default action too, once nothing on disk needs removing.
 *
 * In-process (tests) no handler is installed and none of this changes anything.
 */
import { writeSync } from 'node:fs';
import { committedChanges, setWriteGuard } from '../../store/transaction.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let cleanup: (() => void) | null = null;

function onSignal(signal: NodeJS.Signals): void {
  try {
    cleanup?.();
    // After a commit the change is in the database, whatever the signal cut short.
    const change = committedChanges().at(-1);
    if (change !== undefined) {
      writeSync(2, `notifyctl: interrupted after change ${change} was written: it is done ("notifyctl audit --change ${change}" shows it; "notifyctl audit undo ${change}" takes it back)\n`);
    }
  } catch {
    // Nothing more can be said: standard error is gone.
  } finally {
    // Raised again with no handler: the process ends as the signal says.
    stopHandling();
    process.kill(process.pid, signal);
  }
}

function startHandling(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function stopHandling(): void {
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/** The launcher's: signals remove the temporary files (`clean`) and end the process; write transactions end at once. */
export function handleSignals(clean: () => void): void {
  cleanup = clean;
  startHandling();
  setWriteGuard(endingAtOnce);
}

/** Runs `work`, which does not turn the event loop, with the signals' default action: a signal ends the process at once. */
export function endingAtOnce<T>(work: () => T): T {
  if (cleanup === null) return work();
  stopHandling();
  try {
    return work();
  } finally {
    startHandling();
  }
}

/**
 * Lets a signal that came during synchronous work before a write (reading and checking a
 * file) be handled now, before the write starts. Two turns of the loop: the first may
 * come straight from the poll that missed it.
 */
export function beforeWriting(): Promise<void> {
  if (cleanup === null) return Promise.resolve();
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
