/** gaps --suggest and load (SPEC 10.5): exact outputs through the CLI. */
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { workspaceDatabase } from '../fixtures/databases.js';
import { cli, rendered } from './run.js';
import { at, GAPS_LOG, GAPS_WORKSPACE } from '../fixtures/gaps-helpdesk.js';

// The helpdesk of gaps' tests (m1, m2 and m4 reach nobody), with an address for ann.
const WORKSPACE = { ...GAPS_WORKSPACE, users: GAPS_WORKSPACE.users.map((u) => (u.id === 'ann' ? { ...u, email: 'ann@x.io' } : u)) };

const setup = () => workspaceDatabase(WORKSPACE, GAPS_LOG);

// How gaps --suggest scored: by replays (suggestChanges) or from the gaps pass's counts (suggestChangesBy); the real ones run.
const scoring = vi.hoisted(() => ({ replays: 0, counts: 0 }));
vi.mock('../../src/engine/suggest.js', async (original) => {
  const real = await original<typeof import('../../src/engine/suggest.js')>();
  return {
    ...real,
    suggestChanges: (...args: Parameters<typeof real.suggestChanges>) => (scoring.replays++, real.suggestChanges(...args)),
    suggestChangesBy: (...args: Parameters<typeof real.suggestChangesBy>) => (scoring.counts++, real.suggestChangesBy(...args)),
  };
});
/** The result of `run`, and which scoring it used. */
async function scoredBy<T>(run: () => Promise<T>): Promise<{ by: 'replays' | 'counts'; result: T }> {
  const before = { ...scoring };
  const result = await run();
  const used = [scoring.replays - before.replays, scoring.counts - before.counts];
  expect(used[0]! + used[1]!).toBe(1);
  return { by: used[0] === 1 ? 'replays' : 'counts', result };
}

describe('gaps --suggest', () => {
  it('prints a ready command per suggestion with what it reaches and adds; ties go to fewer emails', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'gaps', '--log', log, '--suggest']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'TIME\tMESSAGE\tCONVERSATION\tPROJECT\tSEEN BY\tBLOCKERS',
        '2026-03-02 09:00:00Z\tm1\tc1 (T)\tp\t— (unnoticed)\tnot_following=1;no_access=1',
        '2026-03-02 09:01:40Z\tm2\tchat\t\tcy at 2026-03-02 09:02:40Z\tnot_following=1;customer_messages_none=1',
        '2026-03-02 09:06:40Z\tm4\tchat (T)\tp\t— (unnoticed)\tnot_following=1;no_access=1',
        '',
        'Suggested changes, each given those before it (together they reach 3 of 3 listed messages):',
        // bob and ann's follow of T each reach one message per alert: bob's adds no email.
        'notifyctl prefs set bob --customer-messages all   # reaches m2; adds 1 alert, 0 emails',
        'notifyctl items follow T ann   # reaches m1, m4; adds 2 alerts, 2 emails',
        '',
      ].join('\n'),
    );
    // The log is older than the database: its lines use the workspace as the import left it (SPEC 10.1).
    expect(r.stderr).toMatch(/^4 customer messages: 3 unreachable \(no active user would be alerted\), 2 unnoticed \(and nobody saw it in time\)\.\nthe recorded history of .* begins at [^;]*; \d+ earlier lines use the workspace as it stood then\n$/);
  });

  it('JSON: the gaps, the suggestions as changes, and what stays unreachable with --suggest-max', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--suggest-max', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.gaps.map((g: { message: string }) => g.message)).toEqual(['m1', 'm2', 'm4']);
    expect(out.suggestions).toEqual([
      { command: 'notifyctl prefs set bob --customer-messages all', change: { entity: 'preference', target: null, user: 'bob', key: 'customerMessages', new: 'all' }, reaches: ['m2'], alertsAdded: 1, emailsAdded: 0 },
    ]);
    expect(out.stillUnreachable).toEqual(['m1', 'm4']);
    const text = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--suggest-max', '1']);
    expect(text.stdout.split('\n').slice(-3)).toEqual(['notifyctl prefs set bob --customer-messages all   # reaches m2; adds 1 alert, 0 emails', 'Still unreachable: m1, m4', '']);
  });

  it('applying every suggested command leaves exactly stillUnreachable; the log may come on standard input', async () => {
    const { db, log } = await setup();
    const { readFileSync } = await import('node:fs');
    const r = await cli(['--db', db, 'gaps', '--log', '-', '--suggest', '--format', 'json'], { input: readFileSync(log, 'utf8') });
    expect(r.code).toBe(0);
    const { suggestions, stillUnreachable } = JSON.parse(r.stdout);
    expect(stillUnreachable).toEqual([]);
    for (const s of suggestions as { command: string }[]) {
      const args = s.command.split(' ').slice(1);
      const done = await cli(['--db', db, ...args, '--yes']);
      expect(done.code).toBe(0);
    }
    // The changes are made now: the log's own days keep the workspace of their time, and
    // "would they be reached now?" is --as-of now (SPEC 10.1).
    const after = await cli(['--db', db, 'gaps', '--log', log, '--format', 'json', '--as-of', 'now']);
    expect(JSON.parse(after.stdout)).toEqual([]);
  });

  it('says so when no single change reaches any: two checks stand in the way', async () => {
    // bob alone: no customer messages, and not a member of T's project.
    const lonely = { ...GAPS_WORKSPACE, users: [{ id: 'bob', preferences: { customerMessages: 'none' } }], projects: [{ id: 'p', members: [] }] };
    const { db, log } = await workspaceDatabase(lonely, [GAPS_LOG[0]!]);
    const r = await cli(['--db', db, 'gaps', '--log', log, '--suggest']);
    expect(r.stdout).toBe(
      'TIME\tMESSAGE\tCONVERSATION\tPROJECT\tSEEN BY\tBLOCKERS\n2026-03-02 09:00:00Z\tm1\tc1 (T)\tp\t— (unnoticed)\tno_access=1\n\nNo single change to a preference, a membership or a follow reaches any of them.\n',
    );
    const json = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ suggestions: [], stillUnreachable: ['m1'] });
  });

  it('CSV, an empty list, and the usage errors', async () => {
    const { db, log } = await setup();
    const csv = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--format', 'csv']);
    expect(csv.stdout).toBe('command,reaches,alertsAdded,emailsAdded\nnotifyctl prefs set bob --customer-messages all,m2,1,0\nnotifyctl items follow T ann,m1;m4,2,2\n');
    const zero = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--suggest-max', '0']);
    expect([zero.code, zero.stderr]).toEqual([2, 'error: --suggest-max 0: accepted: a whole number from 1 (the most suggestions to list)\n']);
    const lonely = await cli(['--db', db, 'gaps', '--log', log, '--suggest-max', '2']);
    expect([lonely.code, lonely.stderr]).toEqual([2, 'error: --suggest-max goes with --suggest\n']);
    const nd = await cli(['--db', db, 'gaps', '--log', log, '--suggest', '--format', 'ndjson']);
    expect([nd.code, nd.stderr]).toEqual([2, 'error: --suggest --format ndjson: accepted with --suggest: table, json or csv\n']);
  });
});

// dee takes every customer message; ann follows T (c1's item), bob follows c2 and has no address.
const BUSY = {
  version: 1,
  users: [
    { id: 'ann', email: 'ann@x.io', preferences: {} },
    { id: 'bob', preferences: {} },
    { id: 'cy', active: false, email: 'cy@x.io', preferences: { customerMessages: 'all' } },
    { id: 'dee', email: 'dee@x.io', preferences: { customerMessages: 'all' } },
  ],
  projects: [{ id: 'p', members: ['ann', 'bob', 'dee'] }],
  items: [{ id: 'T', project: 'p', followers: ['ann'] }],
  conversations: [{ id: 'c1', item: 'T' }, { id: 'c2', followers: ['bob'] }],
};
const BUSY_LOG = [
  // m1: ann and dee are alerted at 09:01, after bob looked at 09:00:30: both already handled.
  { type: 'message', id: 'm1', at: at(0), conversation: 'c1', author: 'x', authorKind: 'customer' },
  { type: 'view', at: at(30), user: 'bob', conversation: 'c1' },
  // m2: bob and dee; a bot's answer (a reply bob follows: one more alert for him) is nobody having seen it.
  { type: 'message', id: 'm2', at: at(1800), conversation: 'c2', author: 'x', authorKind: 'customer' },
  { type: 'message', id: 'b1', at: at(1810), conversation: 'c2', author: 'helper-bot', authorKind: 'bot', audience: 'customers' },
  // m3: ann answers within the window, so only dee is alerted, about a message ann had handled.
  { type: 'message', id: 'm3', at: at(4500), conversation: 'c1', author: 'x', authorKind: 'customer' },
  { type: 'message', id: 'm4', at: at(4530), conversation: 'c1', author: 'ann', authorKind: 'user', audience: 'customers' },
  // m5 at 19:00Z: the next day in Asia/Kolkata (+05:30).
  { type: 'message', id: 'm5', at: at(36000), conversation: 'c2', author: 'x', authorKind: 'customer' },
];

describe('load', () => {
  it('per user alerts, emails, alreadyHandled, the busiest hour and the periods; most alerts first', async () => {
    const { db, log } = await workspaceDatabase(BUSY, BUSY_LOG);
    const r = await cli(['--db', db, 'load', '--log', log, '--format', 'json']);
    expect(r.code).toBe(0);
    const period = (hour: string, alerts: number, emails: number) => ({ at: `2026-03-02T${hour}:00:00.000Z`, alerts, emails });
    expect(JSON.parse(r.stdout)).toEqual([
      { user: 'dee', alerts: 4, emails: 4, alreadyHandled: 2, busiest: { at: '2026-03-02T09:00:00.000Z', alerts: 2 }, periods: [period('09', 2, 2), period('10', 1, 1), period('19', 1, 1)] },
      { user: 'bob', alerts: 3, emails: 0, alreadyHandled: 0, busiest: { at: '2026-03-02T09:00:00.000Z', alerts: 2 }, periods: [period('09', 2, 0), period('19', 1, 0)] },
      { user: 'ann', alerts: 1, emails: 1, alreadyHandled: 1, busiest: { at: '2026-03-02T09:00:00.000Z', alerts: 1 }, periods: [period('09', 1, 1)] },
    ]);
    // The summary, then SPEC 10.1's note: this log is older than the database.
    expect(r.stderr).toMatch(/^8 alerts and 5 emails to 3 users; 3 about a message someone else had already seen; periods of one hour\.\nthe recorded history of .* begins at [^;]*; \d+ earlier lines use the workspace as it stood then\n$/);
    const stats = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--stats', '--format', 'json'])).stdout);
    expect([stats.alerts, stats.emails]).toEqual([8, 5]);
  });

  it('--by day in --tz: periods start at local midnight, written in UTC; table and CSV', async () => {
    const { db, log } = await workspaceDatabase(BUSY, BUSY_LOG);
    const r = await cli(['--db', db, '--tz', 'Asia/Kolkata', 'load', '--log', log, '--by', 'day', '--format', 'json']);
    expect(JSON.parse(r.stdout)[0]).toEqual({
      user: 'dee', alerts: 4, emails: 4, alreadyHandled: 2,
      busiest: { at: '2026-03-01T18:30:00.000Z', alerts: 3 },
      periods: [{ at: '2026-03-01T18:30:00.000Z', alerts: 3, emails: 3 }, { at: '2026-03-02T18:30:00.000Z', alerts: 1, emails: 1 }],
    });
    const table = await cli(['--db', db, '--tz', 'Asia/Kolkata', 'load', '--log', log, '--by', 'day']);
    expect(table.stdout).toBe(
      'USER\tALERTS\tEMAILS\tALREADY HANDLED\tBUSIEST\tALERTS THEN\tPERIODS\n' +
        'dee\t4\t4\t2\t2026-03-02 00:00:00+05:30\t3\t2\n' +
        'bob\t3\t0\t0\t2026-03-02 00:00:00+05:30\t2\t2\n' +
        'ann\t1\t1\t1\t2026-03-02 00:00:00+05:30\t1\t1\n',
    );
    const csv = await cli(['--db', db, 'load', '--log', log, '--format', 'csv']);
    expect(csv.stdout).toBe(
      'user,alerts,emails,alreadyHandled,busiestAt,busiestAlerts,periods\n' +
        'dee,4,4,2,2026-03-02T09:00:00.000Z,2,3\nbob,3,0,0,2026-03-02T09:00:00.000Z,2,2\nann,1,1,1,2026-03-02T09:00:00.000Z,1,1\n',
    );
    const bad = await cli(['--db', db, 'load', '--log', log, '--by', 'week']);
    expect(bad.code).toBe(2);
  });
});

describe('gaps --suggest text', () => {
  it('counts a long list of messages and shows the first three (JSON lists them all)', async () => {
    const { renderSuggestions } = await import('../../src/cli/render/gaps.js');
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    const rows = ids.map((message) => ({ message, at: Date.parse(at(0)), conversation: 'c', item: null, project: null, seenBy: null, seenAt: null, blockers: {} }));
    const fix = { kind: 'preference' as const, user: 'bob', key: 'customerMessages' as const, value: 'all' };
    const change = { entity: 'preference' as const, target: null, user: 'bob', key: 'customerMessages', old: null, new: 'all' };
    const text = await rendered((o) => renderSuggestions(rows, [{ fix, change, reaches: ids.slice(0, 6), alertsAdded: 1234, emailsAdded: 1, command: 'notifyctl prefs set bob --customer-messages all' }], ['m7'], 'table', o));
    expect(text.split('\n').slice(-4)).toEqual([
      'Suggested changes, each given those before it (together they reach 6 of 7 listed messages):',
      'notifyctl prefs set bob --customer-messages all   # reaches 6 messages (m1, m2, m3, …); adds 1,234 alerts, 1 email',
      'Still unreachable: m7',
      '',
    ]);
  });
});

describe('gaps --suggest --sort: before and after are the replay order, not the file lines', () => {
  // The file's lines out of time order: with --sort the unfollow (line 2) comes after m1 (line 3).
  const workspace = {
    version: 1,
    users: [
      { id: 'u1', name: 'U1', email: 'u1@x.io', preferences: { customerMessages: 'mine' } },
      { id: 'u2', name: 'U2', active: false, preferences: { customerMessages: 'none' } },
      { id: 'u3', name: 'U3', email: 'u3@x.io', preferences: { customerMessages: 'all' } },
    ],
    projects: [
      { id: 'p1', name: 'P1', members: ['u1', 'u2'] },
      { id: 'p2', name: 'P2', members: ['u3'] },
    ],
    items: [
      { id: 'i1', project: 'p1', followers: [] },
      { id: 'i2', project: 'p2', followers: [] },
    ],
    conversations: [
      { id: 'c1', item: 'i1', followers: [] },
      { id: 'c2', item: 'i2', followers: [] },
    ],
  };
  const customer = (id: string, time: string, conversation: string) => ({ type: 'message', id, at: `2026-03-02T${time}Z`, conversation, author: 'cust', authorKind: 'customer' });
  const log = [customer('m2', '09:10:00', 'c1'), { type: 'unfollow', at: '2026-03-02T09:05:00Z', user: 'u1', item: 'i1' }, customer('m1', '09:00:00', 'c1'), customer('m3', '09:20:00', 'c2'), customer('m4', '09:21:00', 'c2')];
  // Following i1 from the start reaches m1; the log's unfollow at 09:05 stands at m2.
  const expected = ['notifyctl items follow i1 u1   # reaches m1; adds 1 alert, 1 email', 'notifyctl prefs set u1 --customer-messages all   # reaches m2; adds 1 alert, 1 email', ''];

  /** The database with u3's email turned off, imported before the log and changed at `changed`. */
  async function withHistory(changed: string): Promise<{ db: string; path: string }> {
    const { db, log: path } = await workspaceDatabase(workspace, log);
    expect((await cli(['--db', db, 'prefs', 'set', 'u3', '--email', 'off', '--yes'])).code).toBe(0);
    const sqlite = new Database(db);
    sqlite.prepare('UPDATE audit SET at = ? WHERE change = ?').run('2026-03-02T08:00:00.000Z', 1);
    sqlite.prepare('UPDATE audit SET at = ? WHERE change = ?').run(changed, 2);
    sqlite.close();
    return { db, path };
  }

  it('scored from the counts of the gaps pass', async () => {
    const { db, log: path } = await workspaceDatabase(workspace, log);
    const { by, result: r } = await scoredBy(() => cli(['--db', db, 'gaps', '--log', path, '--sort', '--suggest']));
    expect(by).toBe('counts');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(-3)).toEqual(expected);
  });

  // Imported before the log, u3's change recorded at a time: in the log's span (09:00 to 09:21) the history applies and
  // the replays score; after it (as a helpdesk's changes usually are), the counts still hold.
  it.each([
    ['2026-03-02T09:15:00.000Z', 'replays'],
    ['2026-03-02T09:30:00.000Z', 'counts'],
  ] as const)('a recorded change at %s: scored by the %s, with the same answer', async (changed, scoring) => {
    const { db, path } = await withHistory(changed);
    const { by, result: r } = await scoredBy(() => cli(['--db', db, 'gaps', '--log', path, '--sort', '--suggest']));
    expect(by).toBe(scoring);
    expect([r.code, r.stderr]).toEqual([0, '4 customer messages: 2 unreachable (no active user would be alerted), 2 unnoticed (and nobody saw it in time).\n']);
    expect(r.stdout.split('\n').slice(-3)).toEqual(expected);
  });

  it('a follow the log set before a message, on a later line, is the log\'s: seen in time, a membership adds no alert', async () => {
    const { db, log: path } = await workspaceDatabase(
      {
        version: 1,
        users: [
          { id: 'u1', name: 'U1', email: 'u1@x.io', preferences: {} },
          { id: 'u2', name: 'U2', preferences: { customerMessages: 'none' } },
        ],
        projects: [{ id: 'p1', name: 'P1', members: ['u2'] }],
        items: [{ id: 'i1', project: 'p1', followers: [] }],
        conversations: [{ id: 'c1', item: 'i1', followers: [] }],
      },
      [customer('m1', '09:00:00', 'c1'), { type: 'follow', at: '2026-03-02T08:59:00Z', user: 'u1', item: 'i1' }, { type: 'view', at: '2026-03-02T09:00:30Z', user: 'u1', conversation: 'c1' }],
    );
    const r = await cli(['--db', db, 'gaps', '--log', path, '--sort', '--suggest']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['notifyctl projects members add p1 u1   # reaches m1; adds 0 alerts, 0 emails', '']);
  });
});
