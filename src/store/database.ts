/**
 * Opening the database: the file (created readable by its owner only), pragmas set once
 * (WAL, busy timeout, foreign keys), the schema brought up to date, and files that are
 * not ours — or are from a newer notifyctl — refused untouched.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { closeSync, existsSync, lstatSync, openSync, statSync, statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '../domain/errors.js';
import { BUSY_TIMEOUT_MS, isBusy, writeTransaction } from './transaction.js';
import { MIGRATIONS, OWN_TABLES, SCHEMA_VERSION } from './schema.js';

const requireHere = createRequire(import.meta.url);

/**
 * The compiled addon, loaded directly from better-sqlite3's build folder. Left to
 * itself, better-sqlite3 asks the `bindings` package, which searches a dozen folders on
 * every start; that search stays the fallback for an addon built elsewhere (Debug).
 */
let addon: object | undefined;
function nativeBinding(): object {
  if (addon === undefined) {
    const root = dirname(requireHere.resolve('better-sqlite3/package.json'));
    const release = join(root, 'build', 'Release', 'better_sqlite3.node');
    addon = existsSync(release)
      ? (requireHere(release) as object)
      : (createRequire(join(root, 'package.json'))('bindings') as (o: object) => object)({ bindings: 'better_sqlite3.node', module_root: root });
  }
  return addon;
}

export type Db = Database.Database;

export const IN_MEMORY = ':memory:';

function sqliteMessage(error: unknown): string {
  return (error as Error).message;
}

/** Whether the file system holding `path` has (almost) no room left: SQLite then says only "disk I/O error". */
export function diskFull(path: string): boolean {
  try {
    const fs = statfsSync(dirname(resolve(path)));
    return fs.bavail * fs.bsize < 256 * 1024;
  } catch {
    return false;
  }
}

/** An error opening or using the database, in words: a full disk is named as one. */
function openFailure(path: string, error: unknown): DataError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL' || ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && diskFull(path))) {
    return new DataError(`the disk holding ${path} is full; nothing was changed. Make room and run the command again.`);
  }
  return new DataError(`cannot open the database ${path}: ${sqliteMessage(error)}`);
}

function prepareFile(path: string): void {
  // A link to a missing file: SQLite would create its target with the default mode.
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // Nothing there: created below.
  }
  if (link && !existsSync(path)) {
    throw new DataError(`${path} is a symbolic link to a missing file; give the path of the database itself with --db, or remove the link`);
  }
  if (existsSync(path)) {
    if (!statSync(path).isFile()) throw new DataError(`${path} is ${statSync(path).isDirectory() ? 'a directory' : 'not a regular file'}; --db takes the path of a database file`);
    return;
  }
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) {
    throw new DataError(`cannot create the database ${path}: the directory ${dir} does not exist; create it first or choose another --db`);
  }
  try {
    // Names and email addresses: readable by the owner only. SQLite gives its -wal and
    // -shm files the same mode.
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new DataError(`cannot create the database ${path}: ${sqliteMessage(error)}; choose a location you can write to with --db`);
  }
}

/** Opens (creating when missing) and migrates the database at `path`, or an in-memory one. */
export function openDatabase(path: string): Db {
  if (path !== IN_MEMORY) prepareFile(path);
  let db: Db;
  try {
    // better-sqlite3 takes the addon object as well as a path; its types say only path.
    db = new Database(path, { nativeBinding: nativeBinding() as unknown as string });
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    checkOwnership(db, path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (path !== IN_MEMORY) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof DataError) throw error;
    const code = (error as { code?: string }).code;
    if (isBusy(error)) throw new DataError(`the database ${path} stayed locked by another program for ${BUSY_TIMEOUT_MS / 1000} s; nothing was changed. Try again when it is done.`);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DataError(`${path} is not a notifyctl database (SQLite says: ${sqliteMessage(error)}); it was left untouched. Choose another file with --db or NOTIFYCTL_DB.`);
    }
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
      throw new DataError(`cannot write the database ${path} (${sqliteMessage(error)}); check its permissions or choose another --db`);
    }
    throw openFailure(path, error);
  }
  return db;
}

/**
 * A database file's bytes opened in memory, checked like an opened file (ours, not from
 * a newer notifyctl) and migrated there: the file itself is never touched. A file in WAL
 * mode is read as its main file says (a backup's is complete).
 */
export function openCopy(path: string, bytes: Buffer): Db {
  const copy = Buffer.from(bytes);
  if (copy.length >= 100 && copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1;
  const db = new Database(copy, { nativeBinding: nativeBinding() as unknown as string });
  try {
    checkOwnership(db, path);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function checkOwnership(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new DataError(
      `${path} was written by a newer notifyctl (schema version ${version}; this one knows up to ${SCHEMA_VERSION}); it was left untouched. Upgrade notifyctl to use it.`,
    );
  }
  if (version === 0) {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[];
    const foreign = tables.filter((t) => !OWN_TABLES.includes(t));
    if (foreign.length > 0) {
      throw new DataError(
        `${path} is an SQLite database of another program (it has tables ${foreign.slice(0, 5).join(', ')}); it was left untouched. Choose another file with --db or NOTIFYCTL_DB.`,
      );
    }
  }
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  writeTransaction(db, () => {
    // Another process may have migrated while this one waited for the lock.
    const now = db.pragma('user_version', { simple: true }) as number;
    for (let v = now; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
}
