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
    expect(Object.keys(plan)).toEqual(['changes', 'users', 'effective', 'impact', 'totals', 'transitions', 'decisions', 'decisionsTotal', 'gaps', 'leftOut']);
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
    expect(plan.decisionsTotal).toBe(14);
    expect(plan.gaps).toEqual({ unreachableBefore: 0, unreachableAfter: 2, unnoticedBefore: 0, unnoticedAfter: 2, newlyUnreachable: ['m-012', 'm-014'], noLongerUnreachable: [], newlyUnnoticed: ['m-012', 'm-014'], noLongerUnnoticed: [] });
    expect(plan.users).toEqual({ added: [], removed: [] });
    expect(plan.leftOut).toEqual({ items: [], messages: 0 });
    expect(plan.effective).toEqual([
      { user: 'alice', key: 'customerMessages', old: 'all', new: 'mine' },
      { user: 'lena', key: 'customerMessages', old: 'all', new: 'mine' },
    ]);
    const notified = { alert: true, email: true, reason: 'customer_message_all' };
    expect(plan.transitions).toEqual([
      { user: 'alice', before: notified, after: { alert: false, email: false, reason: 'not_following' }, count: 8, first: 'm-001' },
      { user: 'alice', before: { alert: false, email: false, reason: 'seen_within_window' }, after: { alert: false, email: false, reason: 'not_following' }, count: 1, first: 'm-013' },
      { user: 'lena', before: notified, after: { alert: false, email: false, reason: 'not_following' }, count: 5, first: 'm-004' },
    ]);
    // No database was needed, and none was made.
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });

  it('markdown for a pull request, and --fail-on gaps / unreachable / changes exit 1', async () => {
    const to = changed();
    const md = await cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, '--format', 'markdown', '--fail-on', 'gaps']);
    expect(md.code).toBe(1);
    const lines = md.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['<!-- notifyctl-plan -->', '### ⚠️ notifyctl plan: 2 workspace changes; 14 decisions change; alerts 28 → 15 (-13), emails 23 → 10 (-13); 2 customer messages newly unreachable; 2 customer messages newly unnoticed.']);
    expect(md.stdout).toContain('| **total** | 28 → 15 (-13) | 23 → 10 (-13) |\n| `alice` | 8 → 0 (-8) | 8 → 0 (-8) |\n');
    expect(md.stdout).toContain('- **newly unreachable: 2**, by project:\n  - conversations with no item: 2 messages, 2 unnoticed; blockers: customer_messages_none 1, not_following 10; `m-012` (unnoticed), `m-014` (unnoticed)\n');
    expect(md.stdout).toContain('#### Effective preferences that change\n\n| user | key | old | new |\n| --- | --- | --- | --- |\n| `alice` | customerMessages | all | mine |\n| `lena` | customerMessages | all | mine |\n');
    expect(md.stdout).toContain('<details><summary>Changed decisions (14)</summary>\n\n| user | before | after | count | first |\n| --- | --- | --- | --- | --- |\n| `alice` | alert + email (customer_message_all) | not_following | 8 | `m-001` |\n');
    expect(md.stdout).toContain('| message | user | before | after |\n| --- | --- | --- | --- |\n| `m-001` | `alice` | alert + email (customer_message_all) | not_following |\n');
    expect(md.stdout).toMatch(/<\/details>\n$/);
    const same = await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--format', 'markdown', '--fail-on', 'gaps', '--fail-on', 'unreachable', '--fail-on', 'changes']);
    expect(same.code).toBe(0);
    expect(same.stdout.split('\n').slice(0, 2)).toEqual(['<!-- notifyctl-plan -->', '### ✅ notifyctl plan: No workspace changes.']);
    expect((await cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, '--fail-on', 'changes'])).code).toBe(1);
    expect((await cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, '--fail-on', 'unreachable'])).code).toBe(1);
  });

  it('with nothing changed, the JSON lists are empty (decisions: [], not the compact list behind it)', async () => {
    const r = await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      changes: [],
      users: { added: [], removed: [] },
      effective: [],
      impact: [],
      totals: { alertsBefore: 28, alertsAfter: 28, emailsBefore: 23, emailsAfter: 23 },
      transitions: [],
      decisions: [],
      decisionsTotal: 0,
      gaps: { unreachableBefore: 0, unreachableAfter: 0, unnoticedBefore: 0, unnoticedAfter: 0, newlyUnreachable: [], noLongerUnreachable: [], newlyUnnoticed: [], noLongerUnnoticed: [] },
      leftOut: { items: [], messages: 0 },
    });
  });

  it('refuses bad input with the right exit code', async () => {
    const bad = join(scratch(), 'bad.yaml');
    writeFileSync(bad, 'version: 1\nusers: [{ id: a, preferences: { email: loud } }]\nprojects: []\nitems: [{ id: T, project: nope }]\n');
    const r = await cli(['plan', '--from', WORKSPACE, '--to', bad, '--log', LOG]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.yaml/);
    expect((await cli(['plan', '--from', WORKSPACE, '--log', LOG])).code).toBe(2);
    expect((await cli(['plan', '--from', WORKSPACE, '--to', WORKSPACE, '--log', LOG, '--fail-on', 'typos'])).stderr).toBe('error: --fail-on typos: accepted: gaps, unreachable, changes\n');
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
  it('writes the bytes JSON.stringify would, for no decisions, a few, more than one piece, and with more from a file', async () => {
    const { writePlanJson, changedDecisionJson } = await import('../../src/cli/render/plan.js');
    const { changedDecision } = await import('../../src/engine/comparison.js');
    const decision = (i: number) => ({ message: `m${i}`, user: 'u', before: null, after: { alert: true, email: false, reason: 'customer_message_all' as const } });
    for (const [n, extra] of [[0, 0], [3, 0], [25_001, 0], [0, 2], [2, 15_000]] as const) {
      const plan = { changes: [{ entity: 'user', key: null }], impact: [], decisions: Array.from({ length: n }, (_, i) => decision(i)), decisionsTotal: n + extra, gaps: { newlyUnnoticed: [] } };
      // The rest as --all-decisions spools it: text, each entry after its separator, in
      // pieces that cut entries anywhere, with an empty one among them; outcomes of every
      // kind (none on one side, alerts with and without email, suppressed).
      const codes = [0 * 1024 + (5 * 4 + 2 + 1), (3 * 4 + 1) * 1024 + (7 * 4 + 3 + 1), (1 * 4 + 1) * 1024 + 0];
      const user = (i: number) => [`u"${i % 3}`, 'ü', 'u\u{1F600}'][i % 3]!;
      const rest = Array.from({ length: extra }, (_, i) => changedDecision(`m${n + i}`, user(i), codes[i % 3]!));
      const text = Array.from({ length: extra }, (_, i) => `,\n${changedDecisionJson(`m${n + i}`, user(i), codes[i % 3]!)}`).join('');
      const expected = JSON.stringify({ ...plan, decisions: [...plan.decisions, ...rest] }, null, 2) + '\n';
      const pieces = [text.slice(0, 1), '', text.slice(1, 1000), text.slice(1000)];
      let out = '';
      writePlanJson(plan, (t) => (out += t as string), () => pieces);
      expect(out).toBe(expected);
      // Or as --all-decisions' spool gives them: UTF-8 cut anywhere, inside a character too.
      const bytes = Buffer.from(text, 'utf8');
      const cuts = [0, 1, 3, 1001, 1002, bytes.length - 1, bytes.length].filter((c) => c >= 0 && c <= bytes.length);
      const byteOut: Buffer[] = [];
      writePlanJson(plan, (t) => byteOut.push(Buffer.from(t as string | Uint8Array)), () => cuts.slice(1).map((c, k) => bytes.subarray(cuts[k], c)));
      expect(Buffer.concat(byteOut).toString('utf8')).toBe(expected);
    }
  });
});
