/** The audit trail: one row per change, written in the transaction of the change. */
import type { Change, ChangeRow } from '../domain/changes.js';
import type { Db } from './database.js';
import { noteRecorded } from './transaction.js';

export interface AuditContext {
  actor: string;
  /** The command line that made the change, e.g. "import team.yaml". */
  command: string;
}

/**
 * Records the rows of one change under the next change number (inside the change's own
 * transaction); returns the number. Every row has the time of this call, just before the
 * commit, not the time the command started: a change confirmed after a question is
 * recorded when it was made, so --as-of any earlier time does not include it.
 */
export function recordAudit(db: Db, context: AuditContext, changes: readonly Change[]): number {
  const change = (db.prepare('SELECT coalesce(max(change), 0) + 1 FROM audit').pluck().get() as number);
  const insert = db.prepare(
    `INSERT INTO audit (change, at, actor, command, entity, target, user_id, key, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = new Date().toISOString();
  for (const c of changes) {
    insert.run(change, at, context.actor, context.command, c.entity, c.target, c.user, c.key, c.old, c.new);
  }
  noteRecorded(change);
  return change;
}

/** A row of the audit trail: a change's row (domain/changes.ts) with when, by whom and by which command. */
export interface AuditRow extends ChangeRow {
  at: string;
  actor: string;
  command: string;
}
