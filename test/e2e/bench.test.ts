/** The benchmark harness keeps working: a smoke run on tiny workloads (it asserts nothing about time). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './run.js';

describe('npm run bench:smoke', () => {
  it('generates the workloads, measures every benchmark against its floor and writes the report', () => {
    const dir = tempDir();
    const report = join(dir, 'BENCHMARKS.md');
    const r = spawnSync(process.execPath, [resolve('bench/run.mjs'), '--smoke', '--work', dir, '--out', report], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    // The output this run wrote to memory (tmpfs) is gone (another run's may be there: /dev/shm is the machine's).
    if (existsSync('/dev/shm')) expect(readdirSync('/dev/shm').filter((f) => f === `notifyctl-bench-${r.pid}.out`)).toEqual([]);
    const text = readFileSync(report, 'utf8');
    // CI stays lean: the smoke run installs no DuckDB.
    expect(text).not.toContain('DuckDB');
    for (const name of [
      'simulate --stats',
      'simulate --format ndjson',
      'simulate --format ndjson > file (12,126 lines)',
      'the same, against formatting 12,126 lines',
      'peak RSS, simulate --stats, 2,500 items',
      'simulate --stats, every message in a new conversation',
      'peak RSS, every message in a new conversation',
      'why, a message half-way',
      'why, the last message',
      'prefs set --impact (2 users)',
      'plan --from --to (the same change)',
      'cold start: prefs show',
      'prefs set --all-users',
      'import (users)',
    ]) {
      expect(text).toMatch(new RegExp(`^\\| ${name.replace(/[-()]/g, (c) => `\\${c}`)} \\| [0-9.]+ (s|MiB)`, 'm'));
    }
  }, 120_000);
});
