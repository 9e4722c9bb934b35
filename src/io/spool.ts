/** Standard input copied to a temporary file, for commands that read a log twice. */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export async function spoolStdin(): Promise<{ path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'notifyctl-'));
  const path = join(dir, 'stdin.ndjson');
  await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
