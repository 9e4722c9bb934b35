/** Reading the audit trail. */
import type { ChangeRow } from '../domain/changes.js';
import type { AuditRow } from './audit.js';
import type { Db } from './database.js';

export interface AuditQuery {
  user?: string;
  /** ISO time; rows at or after it. */
  since?: string;
  /** One change. */
  change?: number;
  /** Who made it (the actor), what command (a part of its text), which key or entity. */
  by?: string;
  command?: string;
  key?: string;
  entity?: string;
  /** The newest rows, this many. */
  limit?: number;
}

const COLUMNS = 'change, at, actor, command, entity, target, user_id AS user, key, old_value AS old, new_value AS new';

/** Each filter of an audit query and its condition; the value is its one parameter. */
const FILTERS: [keyof Omit<AuditQuery, 'limit'>, string][] = [
  ['user', 'user_id = ?'],
  ['since', 'at >= ?'],
  ['change', 'change = ?'],
  ['by', 'actor = ?'],
  ['command', 'instr(command, ?) > 0'],
  ['key', 'key = ?'],
  ['entity', 'entity = ?'],
];

export function queryAudit(db: Db, query: AuditQuery): AuditRow[] {
  const given = FILTERS.filter(([name]) => query[name] !== undefined);
  const where = given.map(([, condition]) => condition);
  const params = given.map(([name]) => query[name]!);
  // Newest first: --limit keeps the newest.
  const sql =
    `SELECT ${COLUMNS} FROM audit` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY id DESC' +
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
    .prepare(`SELECT ${COLUMNS} FROM audit WHERE at > ? ORDER BY id`)
    .all(after) as AuditRow[];
}

/** Every row made after a time (ISO), oldest first (why's changedSince, SPEC 10.1). */
export function rowsSince(db: Db, after: string): AuditRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM audit WHERE at > ? ORDER BY id`).all(after) as AuditRow[];
}

/** One line per change, newest first. */
export interface ChangeSummary {
  change: number;
  at: string;
  actor: string;
  command: string;
  rows: number;
}

export function listChanges(db: Db, limit?: number): ChangeSummary[] {
  return db
    .prepare(`SELECT change, min(at) AS at, min(actor) AS actor, min(command) AS command, count(*) AS rows FROM audit GROUP BY change ORDER BY change DESC${limit !== undefined ? ` LIMIT ${Math.floor(limit)}` : ''}`)
    .all() as ChangeSummary[];
}

/**
 * Rows of the audit trail, each made by `make` of [id, …columns], in the order of their ids, read in
 * pieces of CHUNK rows, each piece one JSON array made by SQLite and parsed at once. An
 * undo of an import reads hundreds of thousands of rows: a row object per row from the
 * driver (a string made through the addon per column) took twice as long, and its
 * garbage more. `where` has one parameter, `param`; the columns are text or null. The
 * aggregate takes the rows in the subquery's order (ids ascending, from the index); a
 * piece that came otherwise is sorted (SQLite does not promise the order). The rows have
 * ids above `from`.
 */
const CHUNK = 4096;
type RowArray = [number, ...(string | number | null)[]];
function rowsRead<T>(db: Db, columns: string, where: string, param: number, make: (r: RowArray) => T, from = -Infinity): T[] {
  const read = db.prepare(`SELECT json_group_array(json_array(id, ${columns})) FROM (SELECT id, ${columns} FROM audit WHERE ${where} AND id > ? ORDER BY id LIMIT ${CHUNK})`).pluck();
  const out: T[] = [];
  let after = from;
  for (;;) {
    const piece = JSON.parse(read.get(param, after) as string) as RowArray[];
    let ordered = true;
    for (let k = 1; k < piece.length; k++) if (piece[k]![0] <= piece[k - 1]![0]) ordered = false;
    if (!ordered) piece.sort((a, b) => a[0] - b[0]);
    for (const r of piece) out.push(make(r));
    if (piece.length < CHUNK) return out;
    const last = piece[piece.length - 1]![0];
    // Each piece starts past the last: a read that did not move on would go round forever.
    if (!(last > after)) throw new Error(`reading the audit trail stopped at row ${last}`);
    after = last;
  }
}

const CHANGE_COLUMNS = 'entity, target, user_id, key, old_value, new_value';

/**
 * The rows of one change, in the order they were written: what they changed, without
 * when, by whom and the command line (the same for every row, and an import's rows are
 * hundreds of thousands).
 */
export function changeRows(db: Db, change: number): ChangeRow[] {
  return rowsRead(db, CHANGE_COLUMNS, 'change = ?', change, (r) => ({ change, entity: r[1] as ChangeRow['entity'], target: r[2] as string | null, user: r[3] as string | null, key: r[4] as string | null, old: r[5] as string | null, new: r[6] as string | null }));
}

/**
 * The rows of every change after `change`, oldest first: what came later. When, by whom
 * and the command line are the same for every row of a change (recordAudit): read once
 * per change and shared by its rows.
 */
export function rowsAfterChange(db: Db, change: number): AuditRow[] {
  const about = new Map<number, { at: string; actor: string; command: string }>();
  for (const c of db.prepare('SELECT change, min(at) AS at, min(actor) AS actor, min(command) AS command FROM audit WHERE change > ? GROUP BY change').all(change) as { change: number; at: string; actor: string; command: string }[]) about.set(c.change, c);
  // The scan by id starts at the first later row (its id found in the index of changes),
  // not at the start of the trail.
  const first = db.prepare('SELECT min(id) FROM audit INDEXED BY audit_by_change WHERE change > ?').pluck().get(change) as number | null;
  if (first === null) return [];
  return rowsRead(db, `change, ${CHANGE_COLUMNS}`, 'change > ?', change, (r) => {
    const n = r[1] as number;
    const { at, actor, command } = about.get(n)!;
    return { change: n, at, actor, command, entity: r[2] as ChangeRow['entity'], target: r[3] as string | null, user: r[4] as string | null, key: r[5] as string | null, old: r[6] as string | null, new: r[7] as string | null };
  }, first - 1);
}

/** The rows of every change made after a time (ISO), newest change first: what --as-of undoes. */
export function rowsAfterTime(db: Db, at: string): AuditRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM audit WHERE at > ? ORDER BY id DESC`).all(at) as AuditRow[];
}

/** The number of the last change made at or before a time (ISO), or null when none was. */
export function lastChangeBy(db: Db, at: string): number | null {
  return db.prepare('SELECT max(change) FROM audit WHERE at <= ?').pluck().get(at) as number | null;
}

/** The number of the latest change (0 when none was recorded). */
export function lastChange(db: Db): number {
  return db.prepare('SELECT coalesce(max(change), 0) FROM audit').pluck().get() as number;
}

/** Whether the trail names this user id (someone removed since is still in their rows). */
export function auditNamesUser(db: Db, user: string): boolean {
  return db.prepare('SELECT 1 FROM audit WHERE user_id = ? LIMIT 1').get(user) !== undefined;
}

/**
 * The users whose name or email address was, at some time the trail recorded, `given`
 * (whole, any case): someone renamed or removed since, named as people knew them.
 */
export function auditUsersNamed(db: Db, given: string): string[] {
  const wanted = given.trim().toLowerCase();
  if (wanted === '') return [];
  const rows = db.prepare("SELECT DISTINCT user_id AS user, old_value AS old, new_value AS new FROM audit WHERE entity = 'user' AND key IN ('name', 'email') AND user_id IS NOT NULL").all() as { user: string; old: string | null; new: string | null }[];
  return [...new Set(rows.filter((r) => r.old?.toLowerCase() === wanted || r.new?.toLowerCase() === wanted).map((r) => r.user))];
}
