/** Standard input copied to a temporary file, for commands that read a log twice. */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Runs `work` with a path to the log: the file itself, or standard input ("-") saved to a private file. */
export async function withLogPath<T>(log: string, work: (path: string) => Promise<T>): Promise<T> {
  if (log !== '-') return work(log);
  const dir = mkdtempSync(join(tmpdir(), 'notifyctl-'));
  try {
    const path = join(dir, 'stdin.ndjson');
    await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
    return await work(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
