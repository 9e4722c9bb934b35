/** The audit trail: one row per change, written in the transaction of the change. */
import type { Change } from '../domain/workspace-diff.js';
import type { Db } from './database.js';

export interface AuditContext {
  actor: string;
  /** The command line that made the change, e.g. "import team.yaml". */
  command: string;
  /** When the command ran; every row of one command has the same time. */
  at: Date;
}

export function recordAudit(db: Db, context: AuditContext, changes: readonly Change[]): void {
  const insert = db.prepare(
    `INSERT INTO audit (at, actor, command, entity, target, user_id, key, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = context.at.toISOString();
  for (const c of changes) {
    insert.run(at, context.actor, context.command, c.entity, c.target, c.user, c.key, c.old, c.new);
  }
}

export interface AuditRow {
  at: string;
  actor: string;
  command: string;
  entity: string;
  target: string | null;
  user: string | null;
  key: string | null;
  old: string | null;
  new: string | null;
}
