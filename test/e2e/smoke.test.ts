/**
 * The smoke set: a few seconds of the real binary that touch every part an install can
 * break (the bundle, better-sqlite3's compiled addon, the libraries loaded on demand,
 * both worker threads). It runs with the rest of the suite, and .ci/run runs it alone
 * on each other supported Node (.ci/node-versions), in a copy installed by that Node.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, run, tempDir } from './run.js';

const WORKSPACE = join(EXAMPLES, 'workspace.yaml');
const LOG = join(EXAMPLES, 'day.ndjson');

describe('smoke', () => {
  // .ci/node-versions names the Node it installed; a smoke run on another one proves nothing.
  it.runIf(process.env.NOTIFYCTL_SMOKE_NODE !== undefined)('runs on the Node that CI asked for', () => {
    expect(process.version).toBe(`v${process.env.NOTIFYCTL_SMOKE_NODE}`);
  });

  it('runs the demo', () => {
    const r = run(['demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('18 messages, 28 decisions: 28 alerts, 23 emails.\n');
    expect(r.stdout.split('\n')[1]).toBe('2026-03-02 08:30:00Z\tm-001\tc-1 (T-100)\talice\talert+email\tcustomer_message_all\t\t');
  });

  it('imports, exports and imports again to the same document', () => {
    const dir = tempDir();
    const first = join(dir, 'first.db');
    const imported = run(['--db', first, 'import', WORKSPACE]);
    expect(imported.stderr).toMatch(/^Done: imported .*workspace\.yaml into .*first\.db: .* \(116 audit rows written\)\.\n$/);
    expect(imported.code).toBe(0);
    const exported = run(['--db', first, 'export', '--format', 'yaml']);
    expect(exported.code).toBe(0);
    const copy = join(dir, 'copy.yaml');
    const second = join(dir, 'second.db');
    writeFileSync(copy, exported.stdout);
    expect(run(['--db', second, 'import', copy]).code).toBe(0);
    expect(run(['--db', second, 'export', '--format', 'yaml']).stdout).toBe(exported.stdout);
    expect(exported.stdout).toContain('id: alice');
  });

  it('writes a preference, and simulate and the audit trail see it', () => {
    const db = join(tempDir(), 'team.db');
    expect(run(['--db', db, 'import', WORKSPACE]).code).toBe(0);
    const set = run(['--db', db, '--actor', 'smoke', 'prefs', 'set', 'alice', '--email', 'off']);
    expect([set.code, set.stdout, set.stderr]).toEqual([0, 'ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\npreference\t\talice\temail\ton (default)\toff (explicit)\n', 'Done: 1 change for 1 user.\n']);
    // The change is made now; the log's day is older: --as-of now asks what would happen today (SPEC 10.1).
    const stats = run(['--db', db, 'simulate', '--log', LOG, '--stats', '--as-of', 'now']);
    expect(stats.code).toBe(0);
    expect(stats.stdout.split('\n')[1]).toBe('alice\t8\t0\t8');
    expect(stats.stderr).toBe('18 messages, 28 decisions: 28 alerts, 15 emails. 0 customer messages reached nobody (0 unnoticed).\n');
    const audit = run(['--db', db, 'audit', '--format', 'json']);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)[0]).toMatchObject({ actor: 'smoke', command: 'prefs set alice --email off', user: 'alice', key: 'email', old: null, new: false });
  });

  it('replays a long log through both threads (reading and writing) as the single thread does', () => {
    const dir = tempDir();
    const g = spawnSync(process.execPath, [resolve('bench/generate.mjs'), '--messages', '20000', '--users', '60', '--out', join(dir, 'gen')]);
    expect(g.status).toBe(0);
    const db = join(dir, 'gen.db');
    expect(run(['--db', db, 'import', join(dir, 'gen', 'workspace.json')]).code).toBe(0);
    const args = [BIN, '--db', db, 'simulate', '--log', join(dir, 'gen', 'log.ndjson'), '--format', 'ndjson', '--as-of', 'now'];
    // Into a file, more than one 4 MiB block: the writing thread writes all but the first.
    const out = join(dir, 'out.ndjson');
    const fd = openSync(out, 'w');
    const threads = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, NOTIFYCTL_LOG_WORKER: '1' } });
    closeSync(fd);
    expect([threads.status, threads.stderr]).toEqual([0, '']);
    // Into a pipe, read here, with no thread at all.
    const single = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NOTIFYCTL_LOG_WORKER: '0' } });
    expect([single.status, single.stderr]).toEqual([0, '']);
    const written = readFileSync(out, 'utf8');
    expect(written.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(written.split('\n')).toHaveLength(63_708 + 1);
    expect(written).toBe(single.stdout);
  });

  it('passes the rule book through notifyctl test', () => {
    const r = run(['test', resolve('test/scenarios')]);
    // The shared workspace beside the scenarios is not one of them (SPEC 10.2).
    expect(r.stderr).toBe(`note: skipped 1 file with neither expect nor scenarios (not scenario files): ${resolve('test/scenarios/workspaces/helpdesk.yaml')}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });
});
