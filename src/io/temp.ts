/**
 * Private temporary folders (results held until a log proves valid, standard input kept
 * for a second pass), and files being written under a temporary name (backups). Each is removed when its work ends; the launcher also removes any
 * still here on exit, on SIGINT, SIGTERM and SIGHUP, and when stdout's reader leaves.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../domain/errors.js';

const live = new Set<string>();

export function makeTempDir(purpose: string): string {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'notifyctl-'));
  } catch (error) {
    throw new DataError(`cannot make a temporary folder in ${tmpdir()} ${purpose}: ${(error as Error).message}. Set TMPDIR to a folder you can write to.`);
  }
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** A temporary file made elsewhere (a backup being written): removed too if the run is interrupted. */
export function trackTemporaryFile(path: string): void {
  live.add(path);
}

export function untrackTemporaryFile(path: string): void {
  live.delete(path);
}

export function removeAllTempDirs(): void {
  for (const dir of [...live]) removeTempDir(dir);
}

/** Writes all of `bytes` into the file at `path`, opened with `flags` (and `mode` when created), and syncs it to disk: a file to be renamed into place. */
export function writeSynced(path: string, bytes: Uint8Array, flags: number, mode?: number): void {
  const fd = openSync(path, flags, mode);
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
