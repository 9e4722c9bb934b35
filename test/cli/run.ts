/** Commands run in-process, with an in-memory IOStreams: what a user would see, without a process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { execute } from '../../src/cli/shell/execute.js';
import { memoryIO, type Output } from '../../src/cli/output/iostreams.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; stdoutTTY?: boolean; stdinTTY?: boolean; color?: boolean; columns?: number } = {},
): Promise<CliResult> {
  // Never the repository's ./notifyctl.db: a command without --db gets a fresh path.
  // No pager unless a test names one (a terminal's output would otherwise go to less).
  const io = memoryIO({ ...options, env: { NOTIFYCTL_ACTOR: 'tester', NOTIFYCTL_DB: join(scratch(), 'default.db'), NOTIFYCTL_PAGER: '', ...options.env } });
  const code = await execute(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const made: string[] = [];
/** A temporary folder, removed when the test file ends. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notifyctl-test-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What a renderer writes (src/cli/render/), given an Output that is not a terminal, without colour, in UTC unless told. */
export async function rendered(render: (o: Output) => void | Promise<void>, how: Partial<Omit<Output, 'out'>> = {}): Promise<string> {
  let text = '';
  await render({ out: { write: (data) => (text += typeof data === 'string' ? data : Buffer.from(data).toString()) }, terminal: false, color: false, zone: 'UTC', ...how });
  return text;
}
