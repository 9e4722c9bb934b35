/**
 * The workspace of another time, rebuilt from the audit trail (SPEC 9.4 `--as-of`): every
 * change made after that time taken back in memory, newest first, with the one
 * `applyChanges` (domain/changes.ts). Nothing is written.
 */
import { applyChanges, inverse, type Change, type ChangeRow, type TimedChange } from '../domain/changes.js';
import { DataError } from '../domain/errors.js';
import { cloneWorkspace, type Workspace } from '../domain/workspace.js';
import { rowsAfterChange, rowsAfterTime } from './audit-query.js';
import type { Db } from './database.js';
import { readTransaction } from './transaction.js';
import { loadWorkspace } from './workspace-store.js';

/** The workspace as it was at `asOf` (epoch milliseconds), read in one transaction. */
export function workspaceAsOf(db: Db, asOf: number): Workspace {
  return readTransaction(db, () => {
    const ws = loadWorkspace(db);
    // Newest first: the trail read backwards is the inverse of every later change, in order.
    const rows: ChangeRow[] = rowsAfterTime(db, new Date(asOf).toISOString());
    // Each change's rows gathered by pushing (newest first), not copied row by row, which
    // was quadratic in a big import; inverse() of the rows in written order is this list.
    const byChange = new Map<number, ChangeRow[]>();
    for (const r of rows) {
      const list = byChange.get(r.change);
      if (list === undefined) byChange.set(r.change, [r]);
      else list.push(r);
    }
    for (const change of [...byChange.keys()].sort((a, b) => b - a)) applyChanges(ws, inverse(byChange.get(change)!.reverse()));
    return ws;
  });
}

/** The first recorded change: when the history begins. */
export interface HistoryStart {
  at: number;
  change: number;
}

/**
 * What a replay needs to decide each line with the workspace of its time (SPEC 10.1):
 * the workspace as the first recorded change left it, every later change (oldest first,
 * each at its time), and every user and item the history held.
 */
export interface RecordedHistory {
  start: Workspace;
  changes: TimedChange[];
  /** Today's workspace. */
  today: Workspace;
  users: Set<string>;
  items: Set<string>;
  /** null: nothing was ever recorded (the workspace is as it always was). */
  begins: HistoryStart | null;
}

export function historyBegins(db: Db): HistoryStart | null {
  const row = db.prepare('SELECT change, at FROM audit ORDER BY id LIMIT 1').get() as { change: number; at: string } | undefined;
  return row === undefined ? null : { at: Date.parse(row.at), change: row.change };
}

/** Every user and item the recorded history held, with today's. */
function everyId(db: Db, today: Workspace): { users: Set<string>; items: Set<string> } {
  const users = new Set(today.users.keys());
  const items = new Set(today.items.keys());
  for (const id of db.prepare("SELECT DISTINCT user_id FROM audit WHERE entity = 'user' AND user_id IS NOT NULL").pluck().all() as string[]) users.add(id);
  for (const id of db.prepare("SELECT DISTINCT target FROM audit WHERE entity = 'item' AND target IS NOT NULL").pluck().all() as string[]) items.add(id);
  return { users, items };
}

/** The recorded history, read in one transaction (see RecordedHistory). */
export function recordedHistory(db: Db): RecordedHistory {
  return readTransaction(db, () => {
    const today = loadWorkspace(db);
    const begins = historyBegins(db);
    const { users, items } = everyId(db, today);
    if (begins === null) return { start: today, changes: [], today, users, items, begins };
    const later = rowsAfterChange(db, begins.change);
    const changes: TimedChange[] = [];
    for (const r of later) {
      const last = changes.at(-1);
      const row: Change = { entity: r.entity, target: r.target, user: r.user, key: r.key, old: r.old, new: r.new };
      if (last !== undefined && last.change === r.change) (last.rows as Change[]).push(row);
      // In the order they were made: a change never applies before one made before it (a clock set back).
      else changes.push({ change: r.change, at: Math.max(Date.parse(r.at), last?.at ?? -Infinity), rows: [row] });
    }
    if (changes.length === 0) return { start: today, changes, today, users, items, begins };
    const start = cloneWorkspace(today);
    for (let k = changes.length - 1; k >= 0; k--) applyChanges(start, inverse(changes[k]!.rows));
    return { start, changes, today, users, items, begins };
  });
}

/**
 * The workspace at a time for every line (`--as-of TIME`), or today's (`--as-of now`),
 * with every user and item the history held. A time before the history began is refused:
 * there is no workspace of then to use.
 */
export function historyAsOf(db: Db, asOf: number | 'now', name: string, describe: (ms: number) => string): RecordedHistory {
  return readTransaction(db, () => {
    const today = loadWorkspace(db);
    const begins = historyBegins(db);
    if (asOf !== 'now' && begins !== null && asOf < begins.at) {
      throw new DataError(`the recorded history of ${name} begins at ${describe(begins.at)} (change ${begins.change})`);
    }
    const start = asOf === 'now' ? today : workspaceAsOf(db, asOf);
    return { start, changes: [], today, ...everyId(db, today), begins };
  });
}
