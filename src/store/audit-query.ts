/** Reading the audit trail. */
import type { AuditRow } from './audit.js';
import type { Db } from './database.js';

export interface AuditQuery {
  user?: string;
  /** ISO time; rows at or after it. */
  since?: string;
  limit?: number;
}

export function queryAudit(db: Db, query: AuditQuery): AuditRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.user !== undefined) {
    where.push('user_id = ?');
    params.push(query.user);
  }
  if (query.since !== undefined) {
    where.push('at >= ?');
    params.push(query.since);
  }
  const sql =
    'SELECT at, actor, command, entity, target, user_id AS user, key, old_value AS old, new_value AS new FROM audit' +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY id' +
    (query.limit !== undefined ? ` LIMIT ${Math.floor(query.limit)}` : '');
  return db.prepare(sql).all(...params) as AuditRow[];
}

/**
 * Rows after a time (ISO), oldest first: what changed since then. None when the trail
 * begins after that time: then the database did not exist yet, and nothing "changed".
 */
export function auditAfter(db: Db, after: string): AuditRow[] {
  const first = db.prepare('SELECT min(at) FROM audit').pluck().get() as string | null;
  if (first === null || first > after) return [];
  return db
    .prepare('SELECT at, actor, command, entity, target, user_id AS user, key, old_value AS old, new_value AS new FROM audit WHERE at > ? ORDER BY id')
    .all(after) as AuditRow[];
}
