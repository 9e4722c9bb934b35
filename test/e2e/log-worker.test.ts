/**
 * Long logs are read in a worker thread while the main thread replays
 * (src/io/log-worker.ts). NOTIFYCTL_LOG_WORKER=1 forces that path for any file, =0
 * forbids it: every output, error and exit code must be the same either way.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emptyWorkspace } from '../../src/domain/workspace.js';
import { workspaceFromText } from '../../src/io/workspace-doc.js';
import { LogReader } from '../../src/io/replay-log.js';
import { exampleDatabase } from '../fixtures/databases.js';
import { BIN, EXAMPLES, run, tempDir } from './run.js';

let dir = '';
let db = '';
let generatedLog = '';
let generatedDb = '';

beforeAll(async () => {
  ({ dir, db } = await exampleDatabase());
  // A generated helpdesk: many batches (8192 events each), follows and views.
  const g = spawnSync(process.execPath, [resolve('bench/generate.mjs'), '--messages', '20000', '--users', '60', '--out', join(dir, 'gen')]);
  expect(g.status).toBe(0);
  generatedLog = join(dir, 'gen', 'log.ndjson');
  generatedDb = join(dir, 'gen.db');
  expect(run(['--db', generatedDb, 'import', join(dir, 'gen', 'workspace.json')]).code).toBe(0);
}, 60_000);

/** Runs the command with and without the worker; both results must be equal, and are returned. */
function both(args: string[]) {
  const inWorker = run(args, { env: { NOTIFYCTL_LOG_WORKER: '1' } });
  const inThread = run(args, { env: { NOTIFYCTL_LOG_WORKER: '0' } });
  expect(inWorker).toEqual(inThread);
  return inWorker;
}

function runToFile(args: string[], worker: '0' | '1'): string {
  const path = join(tempDir(), 'out.ndjson');
  const fd = openSync(path, 'w');
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NOTIFYCTL_LOG_WORKER: worker } });
  closeSync(fd);
  expect(r.status).toBe(0);
  return readFileSync(path, 'utf8');
}

function logOf(lines: object[] | string[]): string {
  const path = join(tempDir(), 'log.ndjson');
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
}

const example = readFileSync(join(EXAMPLES, 'day.ndjson'), 'utf8').trimEnd().split('\n');

describe('reading the log in a worker thread', () => {
  it('gives the same decisions, totals and explanations', () => {
    const stats = both(['--db', generatedDb, 'simulate', '--log', generatedLog, '--stats', '--format', 'json']);
    expect(stats.code).toBe(0);
    const totals = JSON.parse(stats.stdout) as { messages: number; alerts: number };
    expect(totals.messages).toBe(20000);
    expect(totals.alerts).toBeGreaterThan(1000);
    // Every decision, into a file (megabytes: more than a captured pipe holds).
    const ndjson = ['--db', generatedDb, 'simulate', '--log', generatedLog, '--format', 'ndjson'];
    const inWorker = runToFile(ndjson, '1');
    expect(inWorker.trimEnd().split('\n')).toHaveLength(totals.alerts);
    expect(inWorker === runToFile(ndjson, '0')).toBe(true);
    expect(both(['--db', db, 'simulate', '--log', join(EXAMPLES, 'day.ndjson'), '--all', '--format', 'csv']).code).toBe(0);
    expect(both(['--db', db, 'why', 'carol', 'm-001', '--log', join(EXAMPLES, 'day.ndjson'), '--format', 'json']).code).toBe(0);
  });

  it('sorts with --sort as it does in one thread', () => {
    // A repeated id in a sorted log is named at its second line in the file, as in one thread.
    const repeated = both(['--db', db, 'simulate', '--log', logOf([...example].reverse().concat(example[2]!)), '--sort']);
    expect(repeated.code).toBe(1);
    expect(repeated.stderr).toContain(`log.ndjson:${example.length + 1}: message id ${JSON.stringify(JSON.parse(example[2]!).id)} appears earlier in the log`);
    const shuffled = logOf([...example].reverse());
    expect(both(['--db', db, 'simulate', '--log', shuffled]).code).toBe(1);
    const sorted = both(['--db', db, 'simulate', '--log', shuffled, '--sort', '--format', 'ndjson']);
    expect(sorted.code).toBe(0);
    expect(sorted.stdout).toBe(run(['--db', db, 'simulate', '--log', join(EXAMPLES, 'day.ndjson'), '--format', 'ndjson']).stdout);
  });

  it('reports the same first bad line, prints nothing and exits 1', () => {
    const message = { type: 'message', id: 'm-x', at: '2026-03-02T09:00:00Z', conversation: 'c-1', author: 'cust-ana', authorKind: 'customer' };
    const cases = [
      [...example, '{"type":"message",'],
      [...example, JSON.stringify({ type: 'view', at: '2026-03-02T23:00:00Z', user: 'nobody', conversation: 'c-1' })],
      [...example.slice(0, 5), JSON.stringify({ ...message, at: '2026-03-01T00:00:00Z' }), ...example.slice(5)],
      [...example, JSON.stringify({ ...message, id: 'm-001', at: '2026-03-02T23:00:00Z' })],
      // The replay's own error (c-1 belongs to T-100) comes before a syntax error two lines on.
      [...example.slice(0, 3), JSON.stringify({ ...message, item: 'T-200' }), example[3]!, '{oops', ...example.slice(4)],
      // A repeated message id (checked by the main thread) comes before a syntax error
      // the reading thread finds two lines on, and before one in the same batch.
      [...example.slice(0, 3), JSON.stringify({ ...message, id: 'm-001', at: JSON.parse(example[2]!).at }), example[3]!, '{oops', ...example.slice(4)],
    ];
    const lines: string[] = [];
    for (const log of cases) {
      const r = both(['--db', db, 'simulate', '--log', logOf(log), '--format', 'ndjson']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      lines.push(r.stderr.split('\n')[0]!.replace(/^.*log\.ndjson:/, ''));
    }
    expect(lines.map((l) => l.split(':')[0])).toEqual([String(example.length + 1), String(example.length + 1), '6', String(example.length + 1), '4', '4']);
    expect(lines[3]).toContain('message id "m-001" appears earlier in the log; message ids must be unique');
    expect(lines[4]).toContain('T-200');
    expect(lines[5]).toContain('message id "m-001" appears earlier in the log');
  });

  it('ends a command that fails before its replay as it would without the thread, which started while the workspace was read', () => {
    // simulate starts the reading thread before it reads the workspace; a thread that kept
    // the process alive would hang these (the time-out fails the test).
    const cases = [
      { args: ['--db', join(dir, 'none.db'), 'simulate', '--log', generatedLog, '--stats'], code: 1 },
      { args: ['--db', generatedDb, 'simulate', '--log', generatedLog, '--user', 'nobody'], code: 2 },
    ];
    for (const { args, code } of cases) {
      const results = ['1', '0'].map((worker) => {
        const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NOTIFYCTL_LOG_WORKER: worker } });
        return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
      });
      expect(results[0]).toEqual(results[1]);
      expect(results[0]!.code).toBe(code);
      expect(results[0]!.stdout).toBe('');
    }
  });

  it('reads a log once per thread: the bundle, in-process, refuses a second read instead of waiting for a stopped thread', async () => {
    const path = join(EXAMPLES, 'day.ndjson');
    const workspace = await workspaceFromText(emptyWorkspace(), 'workspace.yaml', readFileSync(join(EXAMPLES, 'workspace.yaml'), 'utf8'), 'replace');
    const reader = new LogReader({ file: pathToFileURL(resolve('dist/log-worker.cjs')), size: 0 }, path, false, Worker);
    const events: string[] = [];
    const options = { path, sort: false, known: { isUser: () => true, isItem: () => true }, onEvent: () => {} };
    const result = await reader.read(options, (e) => events.push(e.type), workspace);
    expect(result.lines).toBe(example.length);
    expect(events).toHaveLength(result.events);
    expect(() => reader.read(options, () => {}, workspace)).toThrow(/cannot read .*day\.ndjson again/);
    const other = new LogReader({ file: pathToFileURL(resolve('dist/log-worker.cjs')), size: 0 }, path, false, Worker);
    expect(() => other.read({ ...options, path: join(dir, 'other.ndjson') }, () => {}, workspace)).toThrow(/cannot read .*other\.ndjson$/);
    other.close();
  });

  it('says the same when the log cannot be read', () => {
    const r = both(['--db', db, 'simulate', '--log', join(dir, 'missing.ndjson')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing.ndjson');
  });
});
