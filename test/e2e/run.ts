/** Runs the real binary, as a user or a script would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/notifyctl.cjs');
export const EXAMPLES = resolve('examples');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const made: string[] = [];

/** A temporary folder, removed when the test file ends (also when a test failed). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notifyctl-e2e-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function run(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): RunResult {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  delete env.NO_COLOR;
  delete env.NOTIFYCTL_DEBUG;
  if (!options.env?.NOTIFYCTL_DB) delete env.NOTIFYCTL_DB;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    // A write prints every change it makes: a bulk import's can be many megabytes.
    maxBuffer: 1 << 30,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
