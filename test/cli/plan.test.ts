/** plan (SPEC 9.3): what a change to the workspace document does to notifications. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './run.js';

const EX = join(process.cwd(), 'examples');
const WORKSPACE = join(EX, 'workspace.yaml');
const LOG = join(EX, 'day.ndjson');

/** The example workspace where alice and lena stop taking every customer message. */
function changed(): string {
  const path = join(scratch(), 'team.yaml');
  writeFileSync(path, readFileSync(WORKSPACE, 'utf8').replaceAll('customerMessages: all', 'customerMessages: mine'));
  return path;
}

describe('plan --from --to', () => {
  it('reports changes, impact, totals, changed decisions and gaps as SPEC 9.3 names them, without a database', async () => {
    const dir = scratch();
    const r = await cli(['--db', join(dir, 'none.db'), 'plan', '--from', WORKSPACE, '--to', changed(), '--log', LOG, '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(plan)).toEqual(['changes', 'impact', 'totals', 'decisions', 'gaps']);
    expect(plan.changes).toEqual([
      { entity: 'preference', target: null, user: 'alice', key: 'customerMessages', old: 'all', new: 'mine' },
      { entity: 'preference', target: null, user: 'lena', key: 'customerMessages', old: 'all', new: 'mine' },
    ]);
    expect(plan.impact).toEqual([
      { user: 'alice', alertsBefore: 8, alertsAfter: 0, emailsBefore: 8, emailsAfter: 0 },
      { user: 'lena', alertsBefore: 5, alertsAfter: 0, emailsBefore: 5, emailsAfter: 0 },
    ]);
    expect(plan.totals).toEqual({ alertsBefore: 28, alertsAfter: 15, emailsBefore: 23, emailsAfter: 10 });
    expect((plan.decisions as unknown[]).length).toBe(14);
    expect((plan.decisions as unknown[])[8]).toEqual({ message: 'm-013', user: 'alice', before: { alert: false, email: false, reason: 'seen_within_window' }, after: { alert: false, email: false, reason: 'not_following' } });
    expect(plan.gaps).toEqual({ unreachableBefore: 0, unreachableAfter: 2, unnoticedBefore: 0, unnoticedAfter: 2, newlyUnnoticed: ['m-012', 'm-014'], noLongerUnnoticed: [] });
    // No database was needed, and none was made.
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });

  it('markdown for a pull request, and --fail-on gaps / changes exit 1', async () => {
    const to = changed();
    const md = await cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, '--format', 'markdown', '--fail-on', 'gaps']);
    expect(md.code).toBe(1);
    const lines = md.stdout.split('\n');
    expect(lines[0]).toBe('### ⚠️ notifyctl plan: 2 workspace changes; 14 decisions change; alerts 28 → 15 (-13), emails 23 → 10 (-13); 2 customer messages newly unnoticed.');
    expect(md.stdout).toContain('| **total** | 28 → 15 (-13) | 23 → 10 (-13) |\n');
    expect(md.stdout).toContain('- **newly unnoticed:** `m-012`, `m-014`\n');
    expect(md.stdout).toContain('<details><summary>Changed decisions (14)</summary>\n\n| message | user | before | after |\n| --- | --- | --- | --- |\n| m-001 | alice | alert + email (customer_message_all) | not_following |\n');
    expect(md.stdout).toMatch(/<\/details>\n$/);
    const same = await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--format', 'markdown', '--fail-on', 'gaps', '--fail-on', 'changes']);
    expect(same.code).toBe(0);
    expect(same.stdout.split('\n')[0]).toBe('### ✅ notifyctl plan: No workspace changes.');
    expect((await cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, '--fail-on', 'changes'])).code).toBe(1);
  });

  it('with nothing changed, the JSON lists are empty (decisions: [], not the compact list behind it)', async () => {
    const r = await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      changes: [],
      impact: [],
      totals: { alertsBefore: 28, alertsAfter: 28, emailsBefore: 23, emailsAfter: 23 },
      decisions: [],
      gaps: { unreachableBefore: 0, unreachableAfter: 0, unnoticedBefore: 0, unnoticedAfter: 0, newlyUnnoticed: [], noLongerUnnoticed: [] },
    });
  });

  it('refuses bad input with the right exit code', async () => {
    const bad = join(scratch(), 'bad.yaml');
    writeFileSync(bad, 'version: 1\nusers: [{ id: a, preferences: { email: loud } }]\nprojects: []\nitems: [{ id: T, project: nope }]\n');
    const r = await cli(['plan', '--from', WORKSPACE, '--to', bad, '--log', LOG]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.yaml/);
    expect((await cli(['plan', '--from', WORKSPACE, '--log', LOG])).code).toBe(2);
    expect((await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--fail-on', 'typos'])).stderr).toBe('error: --fail-on typos: accepted: gaps, changes\n');
  });
});

describe('plan FILE', () => {
  it('compares the database with the document merged (or with --replace) into it; writes nothing', async () => {
    const db = join(scratch(), 'p.db');
    await cli(['--db', db, 'import', WORKSPACE]);
    const before = (await cli(['--db', db, 'export'])).stdout;
    const r = await cli(['--db', db, 'plan', changed(), '--log', LOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { totals: unknown }).totals).toEqual({ alertsBefore: 28, alertsAfter: 15, emailsBefore: 23, emailsAfter: 10 });
    expect((await cli(['--db', db, 'export'])).stdout).toBe(before);
    const missing = await cli(['--db', join(scratch(), 'nope.db'), 'plan', changed(), '--log', LOG]);
    expect(missing.code).toBe(1);
  });
});

describe('the shipped example of a change', () => {
  it('examples/workspace-next.yaml opens the two gaps the demo mentions', async () => {
    const r = await cli(['plan', '--from', WORKSPACE, '--to', join(EX, 'workspace-next.yaml'), '--log', LOG, '--format', 'json']);
    expect((JSON.parse(r.stdout) as { gaps: { newlyUnnoticed: string[] } }).gaps.newlyUnnoticed).toEqual(['m-012', 'm-014']);
  });
});

describe('plan JSON in pieces', () => {
  it('writes the bytes JSON.stringify would, for no decisions, a few, and more than one piece', async () => {
    const { writePlanJson } = await import('../../src/cli/render/plan.js');
    for (const n of [0, 3, 25_001]) {
      const plan = { changes: [{ entity: 'user', key: null }], impact: [], totals: { alertsBefore: 1 }, decisions: Array.from({ length: n }, (_, i) => ({ message: `m${i}`, user: 'u', before: null, after: { alert: true, email: false, reason: 'r' } })), gaps: { newlyUnnoticed: [] } };
      let out = '';
      writePlanJson(plan, (t) => (out += t));
      expect(out).toBe(JSON.stringify(plan, null, 2) + '\n');
    }
  });
});

describe('plan text', () => {
  it('lists the first 1,000 changed decisions and counts the rest', async () => {
    const { renderPlanText } = await import('../../src/cli/render/plan.js');
    const decisions = Array.from({ length: 1002 }, (_, i) => ({ message: `m${i}`, user: 'u', before: null, after: { alert: true, email: false, reason: 'customer_message_all' as const } }));
    const text = renderPlanText({ changes: [], impact: [], totals: { alertsBefore: 0, alertsAfter: 0, emailsBefore: 0, emailsAfter: 0 }, decisions, gaps: { unreachableBefore: 0, unreachableAfter: 0, unnoticedBefore: 0, unnoticedAfter: 0, newlyUnnoticed: [], noLongerUnnoticed: [] } }, false, false);
    expect(text).toContain('m999\tu');
    expect(text).not.toContain('m1000\t');
    expect(text.endsWith('… and 2 more changed decisions; --format json lists every one.\n')).toBe(true);
  });
});
