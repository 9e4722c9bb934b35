/**
 * Big tables stream (issue 37, finding 8): the widths come from the first page and each
 * row is written as it comes, so a table of 200,000 rows works in a pseudo-terminal and
 * a piped one of 1,000,000 rows needs no more memory than a few.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPty } from './pty.js';
import { BIN, run, tempDir } from './run.js';

/** Ten users who take no customer message they do not follow, and `messages` customer messages: ten decisions each with --all. */
function setup(messages: number): { db: string; log: string } {
  const dir = tempDir();
  const db = join(dir, 'w.db');
  writeFileSync(join(dir, 'w.json'), JSON.stringify({ version: 1, users: Array.from({ length: 10 }, (_, i) => ({ id: `u${i}` })), projects: [], items: [], conversations: [] }));
  expect(run(['--db', db, 'import', join(dir, 'w.json')]).code).toBe(0);
  const log = join(dir, 'log.ndjson');
  let text = '';
  for (let i = 0; i < messages; i++) text += JSON.stringify({ type: 'message', id: `m${i}`, at: 1773100800000 + i * 1000, conversation: `c${i % 50}`, author: 'cust', authorKind: 'customer' }) + '\n';
  writeFileSync(log, text);
  return { db, log };
}

describe('big tables', () => {
  it.skipIf(!hasPty)('a table of 200,000 rows in an 80-column pseudo-terminal, as records', async () => {
    const { db, log } = setup(20_000);
    const command = `stty cols 80; '${process.execPath}' '${BIN}' --db '${db}' simulate --log '${log}' --all`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', NOTIFYCTL_PAGER: '' } });
    let rows = 0;
    let wider = 0;
    let tail = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      const lines = text.split('\n');
      tail = lines.pop()!;
      // Its ids, times and codes alone are wider than 80 columns: each decision is a record, no line wider than the terminal.
      for (const line of lines) {
        if (/^TIME +│ 2026-/.test(line)) rows++;
        // (The summary and the history's note on stderr are sentences, which the terminal wraps.)
        if (/^(─\[|.* │)/.test(line) && [...line.replace(/\r$/, '')].length > 80) wider++;
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(rows).toBe(200_000);
    expect(wider).toBe(0);
  }, 120_000);

  it('a piped table of 1,000,000 rows within a 40 MB heap', () => {
    const { db, log } = setup(100_000);
    // Counted by wc: the test process never holds the output either.
    const r = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' --max-old-space-size=40 '${BIN}' --db '${db}' simulate --log '${log}' --all | wc -l`], { encoding: 'utf8' });
    // The log is older than the database: SPEC 10.1's note follows the summary.
    expect([r.status, r.stderr.replace(/ begins at [^;]*;/, ' begins at T;'), r.stdout.trim()]).toEqual([0, `100,000 messages, 1,000,000 decisions: 0 alerts, 0 emails.\nthe recorded history of ${db} begins at T; 100,000 earlier lines use the workspace as it stood then\n`, '1000001']);
  }, 120_000);
});
