/**
 * Taking changes back (SPEC 9.4). The audit trail records every value a change wrote,
 * old and new, entity by entity: enough to put the workspace back. `revert` applies the
 * inverse of a change's rows; `conflicts` names what a change wrote that is no longer as
 * it left it.
 */
import { applyChanges, currentValue, inverse, valueLeft, type Change, type ChangeRow } from './changes.js';
import type { Workspace } from './workspace.js';

/** Puts back what `rows` changed, `ws` being as they left them (or as close as conflicts allow). */
export function revert(ws: Workspace, rows: readonly Change[]): void {
  applyChanges(ws, inverse(rows));
}

/** Of the rows of one change, those no longer as it left them, each with the later change that altered it. */
export function conflicts<R extends ChangeRow>(ws: Workspace, rows: readonly R[], later: readonly R[]): { row: R; by: R | null }[] {
  const same = (a: Change, b: Change) => a.entity === b.entity && a.target === b.target && a.user === b.user && a.key === b.key;
  const out: { row: R; by: R | null }[] = [];
  for (const r of rows) {
    if (currentValue(ws, r) === valueLeft(r)) continue;
    // The latest later change to the same value (or to its entity's existence).
    const by = [...later].reverse().find((l) => same(l, r) || (l.key === null && l.entity === r.entity && l.target === r.target && l.user === r.user)) ?? null;
    out.push({ row: r, by });
  }
  return out;
}
