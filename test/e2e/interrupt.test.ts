/**
 * SPEC 10.4, with real processes and real signals: a write interrupted before it commits
 * writes nothing, and long output stops, the process ending by the signal (which a shell
 * reports as 130 for SIGINT, 143 for SIGTERM).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditCount } from '../helpers.js';
import { BIN, EXAMPLES, run, tempDir } from './run.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[], options: { stdout?: number | 'pipe' | 'ignore'; env?: Record<string, string> } = {}): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', options.stdout ?? 'ignore', 'ignore'], env: { ...process.env, ...options.env } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

/** Whether another connection holds the write lock of `db` now (a write transaction is under way). */
function writeLocked(db: string): boolean {
  const sqlite = new Database(db, { timeout: 0 });
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return false;
  } catch (error) {
    // SQLITE_BUSY, or an extended code of it (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT) while the writer's WAL is being worked on.
    if (/^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')) return true;
    throw error;
  } finally {
    sqlite.close();
  }
}

/** Waits until `child` is writing rows into `db`: it holds the write lock and its transaction's pages spill into the WAL. False if it ended first. */
async function writingRows(child: ChildProcess, db: string): Promise<boolean> {
  for (let i = 0; i < 6000; i++) {
    if (child.exitCode !== null) return false;
    if (writeLocked(db) && (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 4 * 1024 * 1024) return true;
    await sleep(5);
  }
  return false;
}

describe('a write interrupted before it commits', () => {
  let csv = '';
  beforeAll(() => {
    csv = join(tempDir(), 'hr.csv');
    const rows = ['id,name,email,role'];
    for (let i = 0; i < 60_000; i++) rows.push(`u${i},User ${i},u${i}@example.com,${['support', 'developer', 'operations'][i % 3]}`);
    writeFileSync(csv, rows.join('\n') + '\n');
  });

  function team(): { db: string; before: string; rows: number } {
    const db = join(tempDir(), 'team.db');
    expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
    return { db, before: run(['--db', db, 'export']).stdout, rows: auditCount(db) };
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} in the middle of the write transaction of a big users import: nothing is written`, async () => {
      const { db, before, rows } = team();
      const { child, exited } = start(['--db', db, 'users', 'import', csv]);
      // Wait until the import holds the write lock: it is writing.
      let writing = false;
      for (let i = 0; i < 6000 && !writing; i++) {
        if (child.exitCode !== null) break;
        writing = writeLocked(db);
        if (!writing) await sleep(5);
      }
      expect(writing).toBe(true);
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      expect(auditCount(db)).toBe(rows);
      expect(run(['--db', db, 'export']).stdout).toBe(before);
      expect(run(['--db', db, 'db', 'check']).code).toBe(0);
    }, 60_000);
  }

  it('SIGTERM in the middle of import --replace: nothing is written, and no before-replace copy is left', async () => {
    const { db, before, rows } = team();
    const doc = join(tempDir(), 'big.json');
    const users = Array.from({ length: 60_000 }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `u${i}@example.com`, role: 'support' }));
    writeFileSync(doc, JSON.stringify({ version: 1, users }));
    const { child, exited } = start(['--db', db, 'import', doc, '--replace', '--yes']);
    // The copy has been taken by the time rows are written.
    expect(await writingRows(child, db)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(join(db, '..')).filter((f) => f.includes('before-replace'))).toEqual([]);
    expect(auditCount(db)).toBe(rows);
    expect(run(['--db', db, 'export']).stdout).toBe(before);
  }, 60_000);

  it('SIGINT in the middle of db restore: the workspace and its trail stay as they were', async () => {
    const big = join(tempDir(), 'big.db');
    expect(run(['--db', big, 'users', 'import', csv]).code).toBe(0);
    const backup = join(tempDir(), 'big-backup.db');
    expect(run(['--db', big, 'db', 'backup', backup]).code).toBe(0);
    const { db, before, rows } = team();
    const { child, exited } = start(['--db', db, 'db', 'restore', backup, '--yes']);
    expect(await writingRows(child, db)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(auditCount(db)).toBe(rows);
    expect(run(['--db', db, 'export']).stdout).toBe(before);
    expect(run(['--db', db, 'db', 'check']).code).toBe(0);
  }, 60_000);

  it('SIGINT while the file is still being read: nothing is written', async () => {
    const { db, before, rows } = team();
    const { child, exited } = start(['--db', db, 'users', 'import', csv]);
    // Before it ever takes the lock: as soon as the process runs.
    await sleep(150);
    expect(writeLocked(db)).toBe(false);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(auditCount(db)).toBe(rows);
    expect(run(['--db', db, 'export']).stdout).toBe(before);
  }, 60_000);

  it('a script sees exit code 130 for SIGINT and 143 for SIGTERM, and nothing written', () => {
    for (const [signal, code] of [['INT', 130], ['TERM', 143]] as const) {
      const { db, rows } = team();
      const r = spawnSync('bash', ['-c', `"$0" "$1" --db "$2" users import "$3" >/dev/null & p=$!; sleep 0.3; kill -${signal} $p; wait $p; echo "exit $?"`, process.execPath, BIN, db, csv], { encoding: 'utf8' });
      expect(r.stdout).toBe(`exit ${code}\n`);
      expect(auditCount(db)).toBe(rows);
    }
  }, 60_000);
});

describe('long output', () => {
  let db = '';
  let log = '';
  beforeAll(() => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [resolve('bench/generate.mjs'), '--messages', '300000', '--users', '500', '--out', dir]);
    expect(r.status).toBe(0);
    db = join(dir, 'big.db');
    expect(run(['--db', db, 'import', join(dir, 'workspace.json')]).code).toBe(0);
    log = join(dir, 'log.ndjson');
  }, 120_000);

  it('simulate --format ndjson > file stops at SIGINT, long before its end', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.ndjson');
    const fd = openSync(out, 'w');
    const { child, exited } = start(['--db', db, 'simulate', '--log', log, '--format', 'ndjson'], { stdout: fd });
    closeSync(fd);
    for (let i = 0; i < 6000 && statSync(out).size === 0 && child.exitCode === null; i++) await sleep(5);
    child.kill('SIGINT');
    const at = statSync(out).size;
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    // Over a million decisions, about 250 MB: it stopped within a few blocks of the signal.
    expect(statSync(out).size).toBeLessThan(at + 64 * 1024 * 1024);
    expect(statSync(out).size).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);

  it('simulate to a pipe stops at SIGTERM, and the results it held go', async () => {
    const tmp = tempDir();
    const { child, exited } = start(['--db', db, 'simulate', '--log', log, '--format', 'ndjson'], { stdout: 'pipe', env: { TMPDIR: tmp } });
    let bytes = 0;
    child.stdout!.on('data', (b: Buffer) => (bytes += b.length));
    // The results are held in a temporary file until the log has proved valid.
    for (let i = 0; i < 6000 && readdirSync(tmp).length === 0 && child.exitCode === null; i++) await sleep(5);
    expect(readdirSync(tmp)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(bytes).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});
