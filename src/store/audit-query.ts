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
