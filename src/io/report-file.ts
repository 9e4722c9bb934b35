/** Reports written to a file (--junit): whole or not at all, readable by others but writable by the owner only. */
import { existsSync, renameSync, rmSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataError } from '../domain/errors.js';
import { writeSynced } from './temp.js';

export function writeReportFile(path: string, text: string, flag: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new DataError(`cannot write ${flag} ${path}: the folder ${dir} does not exist; create it first`);
  const temporary = `${resolve(path)}.partial-${process.pid}`;
  const bytes = Buffer.from(text, 'utf8');
  try {
    // 0644 whatever the umask (an explicit mode is still narrowed by it, never widened).
    writeSynced(temporary, bytes, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new DataError(`cannot write ${flag} ${path}: ${why}; no report was written`);
  }
}
