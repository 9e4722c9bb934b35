/** SPEC 10.1 through the reading thread: a log read in its own thread is decided with the workspace of each line's time. */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, run, tempDir } from './run.js';

describe('the reading thread and the history', () => {
  it('accepts a user removed before the log and applies a change inside the log, as the same replay in one thread does', () => {
    const db = join(tempDir(), 'team.db');
    // The example day, and at its end lena, and zoe who joined after it, looking at a conversation.
    const log = join(tempDir(), 'day.ndjson');
    const views = ['lena', 'zoe'].map((user) => JSON.stringify({ type: 'view', at: '2026-03-02T15:12:00Z', user, conversation: 'c-1' }) + '\n');
    writeFileSync(log, readFileSync(join(EXAMPLES, 'day.ndjson'), 'utf8') + views.join(''));
    expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
    expect(run(['--db', db, 'users', 'remove', 'lena', '--force', '--yes']).code).toBe(0);
    expect(run(['--db', db, 'prefs', 'set', 'alice', '--customer-messages', 'none', '--yes']).code).toBe(0);
    expect(run(['--db', db, 'users', 'add', 'zoe']).code).toBe(0);
    const sqlite = new Database(db);
    sqlite.prepare("UPDATE audit SET at = '2026-03-01T09:00:00.000Z' WHERE change = 1").run();
    // lena left the evening before the log: her lines are still read.
    sqlite.prepare("UPDATE audit SET at = '2026-03-01T18:00:00.000Z' WHERE change = 2").run();
    sqlite.prepare("UPDATE audit SET at = '2026-03-02T11:00:00.000Z' WHERE change = 3").run();
    sqlite.close();
    const args = ['--db', db, 'simulate', '--log', log, '--format', 'ndjson'];
    const inWorker = run(args, { env: { NOTIFYCTL_LOG_WORKER: '1' } });
    const inThread = run(args, { env: { NOTIFYCTL_LOG_WORKER: '0' } });
    expect(inWorker.code).toBe(0);
    expect(inWorker.stdout).toBe(inThread.stdout);
    const decisions = inWorker.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string; user: string });
    // alice takes every customer message until 11:00; lena is not decided for.
    expect(decisions.filter((d) => d.user === 'alice').map((d) => d.message)).toEqual(['m-001', 'm-004', 'm-006', 'm-010']);
    expect(decisions.some((d) => d.user === 'lena')).toBe(false);
    expect(run(['--db', db, 'why', 'lena', 'm-001', '--log', log]).stderr).toBe(`error: lena was not a user of the workspace at the time of message "m-001" (${log}:1), so nothing was decided for them\n`);
  });
});
