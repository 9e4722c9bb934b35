/**
 * SQLite's failures while a command works, as sentences that name the database file and
 * what to do; anything else is passed on as it is.
 */
import { DataError } from '../domain/errors.js';
import { diskFull } from './database.js';

/** SQLite's failures while working, as sentences that name the file and what to do. */
export function databaseFailure(path: string, error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const said = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DataError(`the database ${path} is damaged (SQLite says: ${said}); nothing was changed. See "notifyctl --db ${path} db check", and restore a backup.`);
  }
  if (code === 'SQLITE_FULL') return new DataError(`the disk holding ${path} is full; nothing was changed. Make room and run the command again.`);
  if (code.startsWith('SQLITE_READONLY')) {
    return new DataError(`cannot write the database ${path}: it or its folder is read-only (SQLite says: ${said}); nothing was changed. Check the permissions, or choose another --db.`);
  }
  if ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && diskFull(path)) {
    return new DataError(`the disk holding ${path} is full; nothing was changed. Make room and run the command again.`);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return new DataError(`cannot use the database ${path} (SQLite says: ${said}); nothing was changed.`);
  return error;
}
