/**
 * The workspace of another time, rebuilt from the audit trail (SPEC 9.4 `--as-of`): every
 * change made after that time taken back in memory, newest first, with the one
 * `applyChanges` (domain/changes.ts). Nothing is written.
 */
import { applyChanges, inverse, type ChangeRow } from '../domain/changes.js';
import type { Workspace } from '../domain/workspace.js';
import { rowsAfterTime } from './audit-query.js';
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
