/**
 * `db restore BACKUP` (SPEC 10.4): the workspace and its audit trail replaced by a
 * backup's, through SQLite in one write transaction, never by copying files — another
 * process holding the database open would write its WAL back over a copied file. The
 * restore is itself a change at the end of the restored trail: the difference between
 * the workspace it replaced and the backup's, so `audit undo` can take it back.
 */
import { DataError } from '../domain/errors.js';
import { openCopy, type Db } from './database.js';
import { OWN_TABLES } from './schema.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** BACKUP, opened in memory once checked: readable, an SQLite file, whole (integrity and foreign keys), ours and not newer. */
export function openBackup(path: string, bytes: Buffer): Db {
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(SQLITE_HEADER)) throw new DataError(`${path} is not a notifyctl backup (not an SQLite database); nothing was changed`);
  let backup: Db;
  try {
    backup = openCopy(path, bytes);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`${error.message.replace(/; it was left untouched\..*$/, '')}; nothing was changed`);
    throw new DataError(`${path} is damaged (SQLite says: ${(error as Error).message}); nothing was changed`);
  }
  try {
    const integrity = (backup.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') throw new DataError(`${path} failed its integrity check; nothing was changed:`, integrity.slice(0, 10));
    const foreign = backup.pragma('foreign_key_check') as unknown[];
    if (foreign.length > 0) throw new DataError(`${path} has ${foreign.length} rows that refer to rows it lacks; nothing was changed`);
    const tables = new Set(backup.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    if (!OWN_TABLES.every((t) => tables.has(t))) throw new DataError(`${path} is not a notifyctl backup (it lacks tables ${OWN_TABLES.filter((t) => !tables.has(t)).join(', ')}); nothing was changed`);
  } catch (error) {
    backup.close();
    if (error instanceof DataError) throw error;
    throw new DataError(`${path} is damaged (SQLite says: ${(error as Error).message}); nothing was changed`);
  }
  return backup;
}

/**
 * Makes every table of `db` hold what `backup`'s holds, the audit trail included. Runs
 * inside the restore's write transaction (cli/write/flow.ts `runWrite`, whose audit rows
 * then go at the end of the restored trail); foreign keys are checked at its commit,
 * when every table is whole again.
 */
export function replaceTables(db: Db, backup: Db): void {
  db.pragma('defer_foreign_keys = ON');
  for (const table of OWN_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  for (const table of OWN_TABLES) {
    const columns = (backup.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    const list = columns.map((c) => `"${c}"`).join(', ');
    const insert = db.prepare(`INSERT INTO ${table} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const row of backup.prepare(`SELECT ${list} FROM ${table}`).raw().iterate() as IterableIterator<unknown[]>) insert.run(row);
  }
}
