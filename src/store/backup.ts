/** Online backups (SQLite's backup API), readable by their owner only. */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { DataError } from '../domain/errors.js';
import { IN_MEMORY, type Db } from './database.js';

export async function backupTo(db: Db, path: string, options: { force?: boolean } = {}): Promise<void> {
  if (existsSync(path) && !options.force) throw new DataError(`${path} exists already; choose another path or pass --force to overwrite it`);
  try {
    // Created first with mode 0600 so the copy is never readable by others, even briefly.
    closeSync(openSync(path, 'w', 0o600));
    chmodSync(path, 0o600);
    await db.backup(path);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot write the backup ${path}: ${(error as Error).message}`);
  }
}

/** Before `import --replace`: a copy of the database next to it; returns its path. */
export async function backupBeforeReplace(db: Db, dbPath: string): Promise<string | null> {
  if (dbPath === IN_MEMORY) return null;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const path = `${dbPath}.before-replace-${stamp}`;
  await backupTo(db, path, { force: true });
  return path;
}
