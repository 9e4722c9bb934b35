/** Questions about the past (SPEC 10.1): each line decided with the workspace of its time. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_LOG as LOG, exampleDatabase } from '../fixtures/databases.js';
import { cli } from './run.js';

/** Moves a recorded change to another time (the trail is written with the time of the write). */
function recordedAt(db: string, change: number, at: string): void {
  const sqlite = new Database(db);
  sqlite.prepare('UPDATE audit SET at = ? WHERE change = ?').run(at, change);
  sqlite.close();
}

async function helpdesk(): Promise<{ db: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const { db } = await exampleDatabase();
  // Imported the day before the log.
  recordedAt(db, 1, '2026-03-01T09:00:00.000Z');
  return { db, run: (...args: string[]) => cli(['--db', db, ...args]) };
}

const decisionsOf = async (run: (...args: string[]) => ReturnType<typeof cli>, ...args: string[]) =>
  (await run('simulate', '--log', LOG, '--format', 'ndjson', ...args)).stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { message: string; user: string; alert: boolean; reason: string });

describe('a setting changed after the complaint', () => {
  it('simulate and why decide with the workspace of the message; --as-of now with today\'s; why names the change and what today would decide', async () => {
    const { run } = await helpdesk();
    const before = await decisionsOf(run, '--user', 'alice');
    expect((await run('prefs', 'set', 'alice', '--customer-messages', 'none', '--yes')).code).toBe(0);
    // Past lines keep their decisions: the change came after them.
    expect(await decisionsOf(run, '--user', 'alice')).toEqual(before);
    expect(before.find((d) => d.message === 'm-001')).toMatchObject({ alert: true, reason: 'customer_message_all' });
    // What would happen now.
    expect((await decisionsOf(run, '--user', 'alice', '--as-of', 'now')).find((d) => d.message === 'm-001')).toMatchObject({ alert: false, reason: 'customer_messages_none' });
    const why = await run('why', 'alice', 'm-001', '--log', LOG, '--format', 'json');
    expect(why.code).toBe(0);
    const j = JSON.parse(why.stdout) as Record<string, unknown>;
    expect(j.decision).toMatchObject({ alert: true, reason: 'customer_message_all' });
    expect(j.workspace).toEqual({ asOf: '2026-03-02T08:30:00.000Z', change: 1, beforeHistory: false });
    expect(j.changedSince).toEqual([
      { change: 2, at: expect.any(String), actor: expect.any(String), command: 'prefs set alice --customer-messages none --yes', entity: 'preference', target: null, user: 'alice', key: 'customerMessages', old: 'all', new: 'none' },
    ]);
    expect(j.now).toEqual({ alert: false, email: false, reason: 'customer_messages_none' });
    const text = (await run('why', 'alice', 'm-001', '--log', LOG)).stdout;
    expect(text).toContain('\nThis explanation uses the workspace as it was at 2026-03-02 08:30:00Z (change 1).\n');
    expect(text).toMatch(/\nChanged since, in what this decision used \(1 change\):\n {2}change 2, \S+ \S+ by \S+ \(prefs set alice --customer-messages none --yes\): alice's customerMessages: all → none\n/);
    expect(text).toMatch(/\nToday's workspace would decide differently: not notified — customer_messages_none\.\n$/);
  });

  it("why's changes since are numbered as the fixes' '(made since: change N)' and counted by change: one command's two rows are 1 change", async () => {
    const { run } = await helpdesk();
    expect((await run('prefs', 'set', 'alice', '--customer-messages', 'none', '--email', 'off', '--yes')).code).toBe(0);
    const text = (await run('why', 'alice', 'm-001', '--log', LOG)).stdout;
    expect(text).toMatch(
      /\nChanged since, in what this decision used \(1 change\):\n {2}change 2, \S+ \S+ by \S+ \(prefs set alice --customer-messages none --email off --yes\): alice's \w+: \S+ → \S+\n {2}change 2, \S+ \S+ by \S+ \(prefs set alice --customer-messages none --email off --yes\): alice's \w+: \S+ → \S+\n\n/,
    );
  });

  it('a change inside the log\'s span applies to the lines at its time and later', async () => {
    const { run, db } = await helpdesk();
    expect((await run('prefs', 'set', 'alice', '--customer-messages', 'none', '--yes')).code).toBe(0);
    recordedAt(db, 2, '2026-03-02T11:00:00.000Z');
    const alice = await decisionsOf(run, '--user', 'alice');
    // m-012 is at 11:00:00: a change at T applies to the lines at T.
    expect(alice.filter((d) => d.alert).map((d) => d.message)).toEqual(['m-001', 'm-004', 'm-006', 'm-010']);
    expect(alice.find((d) => d.message === 'm-012')).toMatchObject({ alert: false, reason: 'customer_messages_none' });
    // --stats and gaps follow the same workspaces.
    const stats = JSON.parse((await run('simulate', '--log', LOG, '--stats', '--format', 'json')).stdout) as { alerts: number };
    const all = await decisionsOf(run);
    expect(stats.alerts).toBe(all.length);
    expect(all.filter((d) => d.user === 'alice').length).toBe(4);
    // load and gaps --suggest replay the same workspaces (SPEC 10.5: history applies as to every replay).
    const load = JSON.parse((await run('load', '--log', LOG, '--format', 'json')).stdout) as { user: string; alerts: number }[];
    expect(load.find((u) => u.user === 'alice')!.alerts).toBe(4);
    expect(load.reduce((n, u) => n + u.alerts, 0)).toBe(stats.alerts);
    const suggest = JSON.parse((await run('gaps', '--log', LOG, '--suggest', '--format', 'json')).stdout) as { gaps: { message: string }[] };
    const gaps = JSON.parse((await run('gaps', '--log', LOG, '--format', 'json')).stdout) as { message: string }[];
    expect(suggest.gaps.map((g) => g.message)).toEqual(gaps.map((g) => g.message));
  });
});

describe('someone who left', () => {
  it('an old log still replays after users remove; their lines act as usual, they are not decided for after they left', async () => {
    const { run, db } = await helpdesk();
    const before = await decisionsOf(run);
    expect((await run('users', 'remove', 'lena', '--force', '--yes')).code).toBe(0);
    // Removed today: the log's day still had her.
    expect(await decisionsOf(run)).toEqual(before);
    const gaps = await run('gaps', '--log', LOG);
    expect(gaps.code).toBe(0);
    // Removed at noon of the log's day: not decided for after.
    recordedAt(db, 2, '2026-03-02T12:00:00.000Z');
    const after = await decisionsOf(run, '--all');
    expect(after.filter((d) => d.user === 'lena').every((d) => d.message <= 'm-013')).toBe(true);
    expect(after.some((d) => d.user === 'lena')).toBe(true);
    // With today's workspace she is nobody's concern, but the log still reads.
    const now = await run('simulate', '--log', LOG, '--as-of', 'now', '--stats', '--format', 'json');
    expect(now.code).toBe(0);
    expect(await decisionsOf(run, '--as-of', 'now').then((ds) => ds.some((d) => d.user === 'lena'))).toBe(false);
  });

  it('someone added, renamed and removed since is found by each name and address the trail recorded, in why, timeline and simulate (as audit --user)', async () => {
    const { run, db } = await helpdesk();
    expect((await run('users', 'add', 'zed', '--name', 'Zed Park', '--email', 'zed@example.com', '--role', 'support')).code).toBe(0);
    recordedAt(db, 2, '2026-03-01T10:00:00.000Z');
    expect((await run('users', 'update', 'zed', '--name', 'Zed Kim', '--email', 'zed.kim@example.com', '--yes')).code).toBe(0);
    expect((await run('users', 'remove', 'zed', '--yes')).code).toBe(0);
    for (const name of ['Zed Park', 'zed@example.com', 'Zed Kim', 'zed.kim@example.com']) {
      expect((await run('audit', '--user', name)).code).toBe(0);
      const why = await run('why', name, 'm-001', '--log', LOG, '--format', 'json');
      expect([why.code, why.stderr]).toEqual([0, '']);
      expect(JSON.parse(why.stdout) as object).toMatchObject({ decision: { user: 'zed', reason: 'no_access' }, now: null });
      const sim = await run('simulate', '--log', LOG, '--user', name, '--format', 'json');
      expect([sim.code, sim.stderr]).toEqual([0, '']);
      expect((await run('timeline', 'c-1', '--log', LOG, '--user', name)).code).toBe(0);
    }
  });

  it('someone added after the history began and removed since is found by id, name or address, in why, timeline and simulate', async () => {
    const { run, db } = await helpdesk();
    expect((await run('users', 'add', 'zed', '--name', 'Zed Park', '--email', 'zed@example.com', '--role', 'support')).code).toBe(0);
    recordedAt(db, 2, '2026-03-01T10:00:00.000Z');
    expect((await run('users', 'remove', 'zed', '--yes')).code).toBe(0);
    for (const name of ['zed', 'Zed Park', 'ZED@example.com']) {
      const why = await run('why', name, 'm-001', '--log', LOG, '--format', 'json');
      expect([why.code, why.stderr]).toEqual([0, '']);
      expect(JSON.parse(why.stdout) as object).toMatchObject({ decision: { user: 'zed', reason: 'no_access' }, now: null });
      const sim = await run('simulate', '--log', LOG, '--user', name, '--format', 'json');
      expect([sim.code, (JSON.parse(sim.stdout) as { user: string }[]).length > 0]).toEqual([0, true]);
      expect((await run('timeline', 'c-1', '--log', LOG, '--user', name)).code).toBe(0);
    }
  });

  it('timeline --user says why a cell has no decision: not a user yet, no longer a user, or not one at --as-of', async () => {
    const { run, db } = await helpdesk();
    // yan is added at noon, inside the log's span; zed, there from the day before, is removed at noon.
    expect((await run('users', 'add', 'zed', '--role', 'support')).code).toBe(0);
    recordedAt(db, 2, '2026-03-01T10:00:00.000Z');
    expect((await run('users', 'add', 'yan', '--role', 'support')).code).toBe(0);
    recordedAt(db, 3, '2026-03-02T12:00:00.000Z');
    expect((await run('users', 'remove', 'zed', '--yes')).code).toBe(0);
    recordedAt(db, 4, '2026-03-02T12:00:00.000Z');
    const table = await run('timeline', 'c-1', '--log', LOG, '--user', 'yan', '--user', 'zed');
    // TIME, YAN and ZED of each line (tab-separated, piped): views and follows have no decision to give.
    const columns = (line: string) => {
      const cells = line.split('\t');
      return [cells[1], ...cells.slice(-2)].join(' | ');
    };
    expect(table.stdout.split('\n').filter((line) => line !== '').map(columns)).toEqual([
      'TIME | YAN | ZED',
      '2026-03-02 08:30:00Z | not a user yet | no_access',
      '2026-03-02 08:30:30Z |  | ',
      '2026-03-02 08:32:00Z | not a user yet | no_access',
      '2026-03-02 08:33:00Z | not a user yet | no_access',
      '2026-03-02 15:00:00Z |  | ',
      '2026-03-02 15:10:00Z | no_access | no longer a user',
      '2026-03-02 15:10:30Z |  | ',
      '2026-03-02 15:11:30Z | no_access | no longer a user',
    ]);
    const json = JSON.parse((await run('timeline', 'c-1', '--log', LOG, '--user', 'yan', '--user', 'zed', '--format', 'json')).stdout) as { events: { id?: string; notDecided?: unknown }[] };
    expect(json.events.filter((e) => e.id !== undefined).map((e) => [e.id, e.notDecided])).toEqual([
      ['m-001', [{ user: 'yan', reason: 'not_a_user_yet' }]],
      ['m-002', [{ user: 'yan', reason: 'not_a_user_yet' }]],
      ['m-003', [{ user: 'yan', reason: 'not_a_user_yet' }]],
      ['m-017', [{ user: 'zed', reason: 'no_longer_a_user' }]],
      ['m-018', [{ user: 'zed', reason: 'no_longer_a_user' }]],
    ]);
    const asOf = JSON.parse((await run('timeline', 'c-1', '--log', LOG, '--user', 'yan', '--as-of', '2026-03-02T11:00:00Z', '--format', 'json')).stdout) as { events: { id?: string; notDecided?: unknown }[] };
    expect(asOf.events.find((e) => e.id === 'm-017')!.notDecided).toEqual([{ user: 'yan', reason: 'not_a_user_as_of' }]);
  });

  it('a name the history never held is still an error', async () => {
    const { run, db } = await helpdesk();
    const log = join(db, '..', 'ghost.ndjson');
    (await import('node:fs')).writeFileSync(log, JSON.stringify({ type: 'view', at: '2026-03-02T09:00:00Z', user: 'ghost', conversation: 'c-1' }) + '\n');
    const r = await run('simulate', '--log', log);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ghost\.ndjson:1: .*"ghost"/);
  });
});

interface ChangedRow { entity: string; target: string | null; key: string | null }
/** why USER MESSAGE's changedSince, each row as "entity target key". */
const changedRows = async (run: (...args: string[]) => ReturnType<typeof cli>, user: string, message: string) =>
  (JSON.parse((await run('why', user, message, '--log', LOG, '--format', 'json')).stdout) as { changedSince: ChangedRow[] }).changedSince.map((r) => `${r.entity} ${r.target ?? ''} ${r.key ?? ''}`.replace(/ +/g, ' ').trim());

describe('changed since: only what the decision read', () => {
  it.each([
    {
      what: 'a customer message lists customerMessages, not internalMessages, customerReplies or showFromCustomers; an internal message the reverse',
      writes: [
        ['prefs', 'set', 'alice', '--customer-messages', 'mine', '--internal-messages', 'off', '--show-from-customers', 'off'],
        ['prefs', 'defaults', 'set', '--customer-replies', 'on'],
      ],
      // m-001: a customer message; m-002: an internal one; m-003: a reply to customers (all in c-1, on T-100).
      expected: [
        ['alice', 'm-001', ['preference customerMessages']],
        ['alice', 'm-002', ['preference internalMessages']],
        ['alice', 'm-003', ['default customerReplies']],
      ],
    },
    {
      what: "a role default of another role is not listed; one of the user's role, then or now, is, and so is their change of role",
      writes: [
        ['prefs', 'defaults', 'set', '--role', 'developer', '--customer-messages', 'none'],
        ['prefs', 'defaults', 'set', '--role', 'Support', '--customer-messages', 'all'],
        ['users', 'update', 'bob', '--role', 'developer'],
      ],
      expected: [
        ['bob', 'm-001', ['role_default developer customerMessages', 'role_default support customerMessages', 'user role']],
        ['erik', 'm-001', ['role_default developer customerMessages']],
        ['carol', 'm-001', ['role_default support customerMessages']],
      ],
    },
  ] as { what: string; writes: string[][]; expected: [string, string, string[]][] }[])('$what', async ({ writes, expected }) => {
    const { run } = await helpdesk();
    for (const args of writes) expect((await run(...args)).code).toBe(0);
    for (const [user, message, rows] of expected) expect([user, message, await changedRows(run, user, message)]).toEqual([user, message, rows]);
  });
});

describe('someone renamed since', () => {
  it('is found by today\'s name and by the name of the history\'s start, in why, timeline and simulate alike', async () => {
    const { run } = await helpdesk();
    // The HR file renamed Alice after the log's day.
    expect((await run('users', 'update', 'alice', '--name', 'Martin, Alice', '--email', 'a.martin@example.com')).code).toBe(0);
    for (const name of ['Martin, Alice', 'a.martin@example.com', 'Alice Martin', 'alice@example.com']) {
      const why = await run('why', name, 'm-001', '--log', LOG, '--format', 'json');
      expect([why.code, why.stderr, (JSON.parse(why.stdout) as { decision: { user: string } }).decision.user]).toEqual([0, '', 'alice']);
      const sim = await run('simulate', '--log', LOG, '--user', name, '--format', 'json');
      expect([sim.code, [...new Set((JSON.parse(sim.stdout) as { user: string }[]).map((d) => d.user))]]).toEqual([0, ['alice']]);
      const tl = await run('timeline', 'c-1', '--log', LOG, '--user', name, '--format', 'json');
      expect([tl.code, tl.stderr]).toEqual([0, '']);
    }
    // A typo still suggests her, once.
    const typo = await run('why', 'Martin, Alcie', 'm-001', '--log', LOG);
    expect([typo.code, typo.stderr]).toEqual([2, 'error: "Martin, Alcie" is not a user of the workspace; did you mean "Martin, Alice"?\n']);
  });
});

describe('the edges of the history', () => {
  it('lines before the first recorded change use the workspace it left, said once on stderr', async () => {
    const { run, db } = await helpdesk();
    recordedAt(db, 1, '2026-03-02T08:31:00.000Z');
    const r = await run('simulate', '--log', LOG, '--stats');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`18 messages, 28 decisions: 28 alerts, 23 emails. 0 customer messages reached nobody (0 unnoticed).\nthe recorded history of ${db} begins at 2026-03-02 08:31:00Z; 2 earlier lines use the workspace as it stood then\n`);
    const why = JSON.parse((await run('why', 'alice', 'm-001', '--log', LOG, '--format', 'json')).stdout) as { workspace: unknown; changedSince: unknown[] };
    expect(why.workspace).toEqual({ asOf: '2026-03-02T08:30:00.000Z', change: 1, beforeHistory: true });
    // The import that created what the decision used is not a change since.
    expect(why.changedSince).toEqual([]);
  });

  it('--as-of before the history begins exits 1 with when it begins; export too', async () => {
    const { run, db } = await helpdesk();
    for (const args of [['simulate', '--log', LOG, '--as-of', '2026-02-01'], ['export', '--as-of', '2026-02-01'], ['why', 'alice', 'm-001', '--log', LOG, '--as-of', '2026-02-28T23:00:00Z']]) {
      const r = await run(...args);
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `error: the recorded history of ${db} begins at 2026-03-01 09:00:00Z (change 1)\n`]);
    }
    expect((await run('simulate', '--log', LOG, '--as-of', '2026-03-01T09:00:00Z', '--stats')).code).toBe(0);
    const bad = await run('simulate', '--log', LOG, '--as-of', 'yesterday');
    expect([bad.code, bad.stderr]).toEqual([2, "error: --as-of yesterday: accepted: a date (2026-03-02), a date and time (2026-03-02 15:00, read in --tz), one with a zone (2026-03-02T15:00:00Z), or now (today's workspace)\n"]);
  });
});
