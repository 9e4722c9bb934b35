/**
 * report reads one workspace for all its sections: the commands it runs share one
 * connection in one read transaction, so a write that lands while it runs (here, between
 * simulate and gaps) is seen by none of them, and the sections still agree.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLE_LOG, EXAMPLES, exampleDatabase } from '../fixtures/databases.js';
import { reportTable } from '../fixtures/report-html.js';
import { cli } from './run.js';

/** The database written to when the report's second command (gaps) starts, by another connection. */
const landing = vi.hoisted(() => ({ db: null as string | null, wrote: 0 }));

vi.mock('../../src/cli/commands/gaps.js', async (original) => {
  const real = await original<typeof import('../../src/cli/commands/gaps.js')>();
  return {
    ...real,
    gapsRun: async (...args: Parameters<typeof real.gapsRun>) => {
      if (landing.db !== null) {
        const other = new Database(landing.db);
        // Alice stops taking customer messages: she would get none of her 8 alerts.
        other.prepare("INSERT OR REPLACE INTO preferences (user_id, key, value) VALUES ('alice', 'customerMessages', 'none')").run();
        other.close();
        landing.wrote++;
      }
      return real.gapsRun(...args);
    },
  };
});

describe('report: one read of the workspace', () => {
  it('a write landing after the first section is seen by no section: load and plan still agree with simulate', async () => {
    const { db } = await exampleDatabase();
    const next = join(EXAMPLES, 'workspace-next.yaml');
    const loadBefore = await cli(['--db', db, 'load', '--log', EXAMPLE_LOG, '--format', 'json']);
    expect(loadBefore.code, loadBefore.stderr).toBe(0);
    landing.db = db;
    const r = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '-', '--plan', next]);
    landing.db = null;
    expect(r.code, r.stderr).toBe(0);
    expect(landing.wrote).toBe(1);
    // The write did land (and the next command sees it) ...
    const loadAfter = JSON.parse((await cli(['--db', db, 'load', '--log', EXAMPLE_LOG, '--format', 'json'])).stdout) as { user: string; alerts: number }[];
    expect(loadAfter.find((u) => u.user === 'alice')).toBeUndefined();
    // ... but the report's load table and plan are those of the workspace its first section read.
    const before = JSON.parse(loadBefore.stdout) as { user: string; alerts: number }[];
    expect(reportTable(r.stdout, 'load-table').rows.map((row) => [row[0], Number(row[1])])).toEqual(before.map((u) => [u.user, u.alerts]));
    expect(reportTable(r.stdout, 'load-table').rows.find((row) => row[0] === 'alice')?.[1]).toBe('8');
    expect(reportTable(r.stdout, 'plan-table').rows).toEqual([
      ['alice', '8', '0', '−8', '8', '0'],
      ['lena', '5', '0', '−5', '5', '0'],
    ]);
  });
});
