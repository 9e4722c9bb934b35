/** Reports written to a file (--junit, plan --save): whole or not at all, readable by others but writable by the owner only. */
import { accessSync, closeSync, existsSync, fchmodSync, fchownSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataError } from '../domain/errors.js';

/** Something that writes a file's text in pieces, each through `write`. */
type Produce = (write: (text: string | Uint8Array) => void) => void;

/** Every piece `produce` gives, written whole into `fd` in order. */
function writePieces(fd: number, produce: Produce): void {
  produce((text) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  });
}

/**
 * Writes what `produce` gives into a new file next to `target`, then renames it over
 * `target`: whole or not at all. `prepare` runs on the new file first.
 */
function replaceWhole(target: string, produce: Produce, mode: number, prepare: (fd: number) => void = () => {}): void {
  const temporary = `${resolve(target)}.partial-${process.pid}`;
  try {
    const fd = openSync(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, mode);
    try {
      prepare(fd);
      writePieces(fd, produce);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Why a write failed, for people. */
function whyNot(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of its path is a file, not a folder';
  if (code === 'EROFS') return 'the file system is read-only';
  // The system's words, without the name of the temporary file it was writing (`…, open '/x/r.html.partial-4242'`).
  return (error as Error).message.replace(/, \w+ '[^']*'( -> '[^']*')?$/, '');
}

export function writeReportFile(path: string, text: string, flag: string): void {
  writeReportFileInPieces(path, flag, (write) => write(text));
}

/** Whether a report can go to `path`, checked before the work that makes it: its folder exists, and it is not a folder. */
export function checkReportPath(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new DataError(`cannot write ${flag} ${path}: the folder ${dir} does not exist; create it first`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new DataError(`cannot write ${flag} ${path}: it is a directory; no report was written`);
}

/**
 * Whether `path` is a device, a pipe or a socket (`/dev/stdout`, `/dev/null`, a named
 * pipe), through links: written into as it is. Renamed over, it would become a file in
 * its place — a root that wrote `--out /dev/null` replaced the machine's /dev/null.
 */
function isStream(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** Writes what `produce` gives into a device or a pipe, in order (nothing to replace whole). */
function writeInto(path: string, produce: Produce): void {
  const fd = openSync(path, constants.O_WRONLY);
  try {
    writePieces(fd, produce);
  } finally {
    closeSync(fd);
  }
}

/** The same, for a report written in pieces (plan --save with every decision): `produce` calls `write` for each. */
export function writeReportFileInPieces(path: string, flag: string, produce: Produce): void {
  checkReportPath(path, flag);
  try {
    // 0644 whatever the umask (an explicit mode is still narrowed by it, never widened).
    if (isStream(path)) writeInto(path, produce);
    else replaceWhole(path, produce, 0o644);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot write ${flag} ${path}: ${whyNot(error)}; no report was written`);
  }
}

/**
 * Rewrites a file someone keeps (test --record writes into the scenario file): through a
 * symbolic link (the link stays, the file it points to changes), keeping the file's mode
 * (and owner, where allowed), whole or not at all (a temporary file next to it, renamed
 * over it). A read-only file is refused, as an editor would, also for root.
 */
export function rewriteKeptFile(path: string, text: string, flag: string): void {
  let target: string;
  let kept: { mode: number; uid: number; gid: number };
  try {
    target = realpathSync(path);
    const st = statSync(target);
    kept = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (error) {
    throw new DataError(`cannot write ${flag} ${path}: ${(error as Error).message}; nothing was written`);
  }
  let writable = (kept.mode & 0o200) !== 0;
  try {
    accessSync(target, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new DataError(`cannot write ${flag} ${path}: the file is read-only; nothing was written. Make it writable (chmod u+w) to record into it.`);
  try {
    replaceWhole(target, (write) => write(text), 0o600, (fd) => {
      // The umask narrowed the mode given to open; the file's own is put back as it was.
      fchmodSync(fd, kept.mode);
      try {
        fchownSync(fd, kept.uid, kept.gid);
      } catch {
        // Only root may give a file to someone else: the file is then the writer's.
      }
    });
  } catch (error) {
    throw new DataError(`cannot write ${flag} ${path}: ${whyNot(error)}; nothing was written`);
  }
}
