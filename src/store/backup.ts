/**
 * Backups, readable by their owner only. A backup is written to a new temporary file in
 * the target's folder and renamed over the target only once complete, so an interrupted
 * or failed backup never leaves a partial or empty file behind under the target's name.
 * Never onto the live database or its journals (however the path is spelled, through
 * whatever link), never through a symbolic link, never onto something that is not a
 * regular file, and never over a file unless --force.
 */
import { accessSync, closeSync, existsSync, lstatSync, openSync, realpathSync, renameSync, rmSync, constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError } from '../domain/errors.js';
import { trackTemporaryFile, untrackTemporaryFile, writeSynced } from '../io/temp.js';
import { IN_MEMORY, diskFull, type Db } from './database.js';

/** The canonical path of `path`: links and `..` resolved, even when the file itself does not exist yet. */
function canonical(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

/** Checks that `path` may receive a backup of the database at `dbPath`; returns its folder. */
function checkTarget(dbPath: string, path: string, force: boolean): string {
  const target = canonical(path);
  if (dbPath !== IN_MEMORY) {
    const live = canonical(dbPath);
    const own = [live, `${live}-wal`, `${live}-shm`, `${live}-journal`];
    if (own.includes(target)) {
      throw new DataError(`${path} is the database itself or one of its journal files; a backup must go to another file. Nothing was written.`);
    }
  }
  let exists = false;
  try {
    const st = lstatSync(path);
    exists = true;
    if (st.isSymbolicLink()) throw new DataError(`${path} is a symbolic link; notifyctl does not write backups through links. Give the real path. Nothing was written.`);
    if (!st.isFile()) throw new DataError(`${path} is not a regular file; a backup goes to a regular file. Nothing was written.`);
  } catch (error) {
    if (error instanceof DataError) throw error;
  }
  if (exists && !force) throw new DataError(`${path} exists already; choose another path or pass --force to overwrite it`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new DataError(`cannot write the backup ${path}: the folder ${dir} does not exist; create it first`);
  return dir;
}

/** A new, private file next to `path`, created exclusively (never an existing file or a link). */
function createTemporary(path: string): string {
  for (let attempt = 0; ; attempt++) {
    const temporary = `${resolve(path)}.partial-${process.pid}-${Date.now().toString(36)}${attempt}`;
    try {
      closeSync(openSync(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600));
      return temporary;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

function backupFailed(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const sqlite = (error as { code?: string }).code ?? '';
  const full = code === 'ENOSPC' || sqlite === 'SQLITE_FULL' || /full/i.test((error as Error).message) || (sqlite.startsWith('SQLITE_IOERR') && diskFull(path));
  const why = full ? 'the disk is full' : (error as Error).message;
  return new DataError(`cannot write the backup ${path}: ${why}; nothing was left at ${path}.`);
}

/** `db backup PATH`: SQLite's online backup into a temporary file, renamed into place when complete. */
export async function backupTo(db: Db, dbPath: string, path: string, options: { force?: boolean } = {}): Promise<void> {
  checkTarget(dbPath, path, options.force === true);
  let temporary: string | null = null;
  try {
    temporary = createTemporary(path);
    trackTemporaryFile(temporary);
    await db.backup(temporary);
    renameSync(temporary, path);
    untrackTemporaryFile(temporary);
    temporary = null;
  } catch (error) {
    throw backupFailed(path, error);
  } finally {
    if (temporary !== null) {
      untrackTemporaryFile(temporary);
      rmSync(temporary, { force: true });
      rmSync(`${temporary}-journal`, { force: true });
    }
  }
}

/**
 * Before `import --replace`, inside its write transaction (so no other change can fall
 * between the copy and the replace): the database as it is, serialised and held in
 * memory. It is written next to the database (saveBeforeReplace) only once the replace
 * has committed, so a replace that rolls back — an error, or a signal that ends the
 * process in the middle of the transaction — leaves no copy behind. The folder is checked
 * here: a copy that could not be written stops the replace before it is made.
 */
export function copyBeforeReplace(db: Db, dbPath: string): Buffer | null {
  if (dbPath === IN_MEMORY) return null;
  try {
    accessSync(dirname(resolve(dbPath)), constants.W_OK);
  } catch (error) {
    throw new DataError(`cannot keep a copy of ${dbPath} next to it before replacing the workspace: ${(error as Error).message}; nothing was changed`);
  }
  return db.serialize();
}

/** The copy of copyBeforeReplace, written to a new file next to the database whose name is never reused. Returns its path. */
export function saveBeforeReplace(bytes: Buffer, dbPath: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (let n = 0; ; n++) {
    const path = `${dbPath}.before-replace-${stamp}${n === 0 ? '' : `-${n}`}`;
    if (existsSync(path)) continue;
    // Written under a temporary name and renamed into place when whole: a run ended in
    // the middle leaves no partial copy under this name.
    let temporary: string | null = null;
    try {
      temporary = createTemporary(path);
      writeSynced(temporary, bytes, constants.O_WRONLY | constants.O_NOFOLLOW);
      renameSync(temporary, path);
      temporary = null;
    } catch (error) {
      throw backupFailed(path, error);
    } finally {
      if (temporary !== null) rmSync(temporary, { force: true });
    }
    return path;
  }
}
