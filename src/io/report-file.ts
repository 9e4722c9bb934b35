/** Reports written to a file (--junit, plan --save): whole or not at all, readable by others but writable by the owner only. */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataError } from '../domain/errors.js';

export function writeReportFile(path: string, text: string, flag: string): void {
  writeReportFileInPieces(path, flag, (write) => write(text));
}

/** Whether a report can go to `path`, checked before the work that makes it: its folder exists, and it is not a folder. */
export function checkReportPath(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new DataError(`cannot write ${flag} ${path}: the folder ${dir} does not exist; create it first`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new DataError(`cannot write ${flag} ${path}: it is a directory; no report was written`);
}

/** The same, for a report written in pieces (plan --save with every decision): `produce` calls `write` for each. */
export function writeReportFileInPieces(path: string, flag: string, produce: (write: (text: string) => void) => void): void {
  checkReportPath(path, flag);
  const temporary = `${resolve(path)}.partial-${process.pid}`;
  try {
    // 0644 whatever the umask (an explicit mode is still narrowed by it, never widened).
    const fd = openSync(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644);
    try {
      produce((text) => {
        const bytes = Buffer.from(text, 'utf8');
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new DataError(`cannot write ${flag} ${path}: ${why}; no report was written`);
  }
}
