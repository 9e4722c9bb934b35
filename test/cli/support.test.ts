/** SPEC 10.3 (issue 32): answers for people who know a name, a conversation and roughly a time. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './run.js';
import { exampleDatabase } from '../fixtures/databases.js';

const WORKSPACE = {
  version: 1,
  users: [
    { id: 'marta', name: 'Marta Rossi', email: 'marta@desk.io' },
    { id: 'sofia', name: 'Sofia Neri', email: 'sofia@desk.io' },
    { id: 'priya', name: 'Priya Shah' },
    { id: 'luca', name: 'Luca Bruni', email: 'luca@desk.io' },
    { id: 'emily', name: 'Emily Chen', email: 'Emily.Chen@desk.io' },
    { id: 'sam1', name: 'Sam Lee', email: 'sam1@desk.io' },
    { id: 'sam2', name: 'sam lee', email: 'sam2@desk.io' },
  ],
  projects: [{ id: 'p', members: ['marta', 'sofia', 'priya', 'luca', 'emily', 'sam1', 'sam2'] }],
  items: [{ id: 'T-1', project: 'p', followers: ['priya', 'sofia'] }],
  conversations: [{ id: 'c-1001', item: 'T-1', followers: ['marta'] }, { id: 'c-2', item: 'T-1' }],
};
const LOG = [
  { type: 'message', id: 'm1', at: '2026-03-10T13:58:00Z', conversation: 'c-1001', author: 'cust', authorKind: 'customer', text: 'My order never arrived' }, // 1
  { type: 'view', at: '2026-03-10T13:58:40Z', user: 'sofia', conversation: 'c-1001' }, // 2
  { type: 'view', at: '2026-03-10T13:58:40Z', user: 'luca', conversation: 'c-1001' }, // 3
  { type: 'message', id: 'm2', at: '2026-03-10T14:01:00Z', conversation: 'c-1001', author: 'luca', authorKind: 'user', audience: 'internal', text: 'Checking with the courier' }, // 4
  { type: 'message', id: 'm3', at: '2026-03-10T14:05:00Z', conversation: 'c-1001', author: 'cust', authorKind: 'customer', text: 'Hello?? This is the second time I write.\nPlease answer.' }, // 5
  { type: 'message', id: 'm4', at: '2026-03-11T01:59:00Z', conversation: 'c-2', author: 'cust2', authorKind: 'customer' }, // 6
];

async function setup(): Promise<{ db: string; log: string }> {
  const dir = scratch();
  const db = join(dir, 'w.db');
  writeFileSync(join(dir, 'w.json'), JSON.stringify(WORKSPACE));
  writeFileSync(join(dir, 'log.ndjson'), LOG.map((e) => JSON.stringify(e)).join('\n') + '\n');
  expect((await cli(['--db', db, 'import', join(dir, 'w.json')])).code).toBe(0);
  return { db, log: join(dir, 'log.ndjson') };
}

describe('users by id, email or whole name, in every command alike', () => {
  it('takes a name or an address in any case wherever a user is taken', async () => {
    const { db, log } = await setup();
    const show = JSON.parse((await cli(['--db', db, 'prefs', 'show', 'EMILY CHEN', '--format', 'json'])).stdout) as { user: string };
    expect(show.user).toBe('emily');
    expect(JSON.parse((await cli(['--db', db, 'users', 'show', 'emily.chen@DESK.io', '--format', 'json'])).stdout).id).toBe('emily');
    const sim = await cli(['--db', db, 'simulate', '--log', log, '--user', 'Marta Rossi', '--format', 'json']);
    expect((JSON.parse(sim.stdout) as { user: string }[]).map((d) => d.user)).toEqual(['marta', 'marta', 'marta', 'marta']);
    const tl = JSON.parse((await cli(['--db', db, 'timeline', 'c-2', '--log', log, '--user', 'marta@desk.io', '--format', 'json'])).stdout) as { events: { decisions: { user: string }[] }[] };
    expect(tl.events[0]!.decisions.map((d) => d.user)).toEqual(['marta']);
    const set = await cli(['--db', db, 'prefs', 'set', 'Priya Shah', '--email', 'off']);
    expect(set.code).toBe(0);
    expect(JSON.parse((await cli(['--db', db, 'prefs', 'show', 'priya', '--format', 'json'])).stdout).preferences.find((p: { key: string }) => p.key === 'email').value).toBe(false);
  });

  it('an unknown user is exit 2 with "did you mean" in simulate, timeline, why, prefs show|set and users show', async () => {
    const { db, log } = await setup();
    const runs = [
      [['simulate', '--log', log, '--user', 'mrata'], 'error: --user mrata: "mrata" is not a user of the workspace; did you mean "marta"?\n'],
      [['timeline', 'c-1001', '--log', log, '--user', 'mrata'], 'error: --user mrata: "mrata" is not a user of the workspace; did you mean "marta"?\n'],
      [['why', 'mrata', 'm1', '--log', log], 'error: "mrata" is not a user of the workspace; did you mean "marta"?\n'],
      [['prefs', 'show', 'mrata'], 'error: "mrata" is not a user of the workspace; did you mean "marta"?\n'],
      [['prefs', 'set', 'mrata', '--email', 'off'], 'error: "mrata" is not a user of the workspace; nothing was changed; did you mean "marta"?\n'],
      [['users', 'show', 'mrata'], 'error: "mrata" is not a user of the workspace; did you mean "marta"?\n'],
    ] as const;
    for (const [args, stderr] of runs) {
      const r = await cli(['--db', db, ...args]);
      expect([args[0], r.code, r.stderr, r.stdout]).toEqual([args[0], 2, stderr, '']);
    }
  });

  it('the commands that add followers and members, and users remove, take names too', async () => {
    const { db } = await setup();
    expect((await cli(['--db', db, 'projects', 'add', 'q', '--member', 'Luca Bruni'])).code).toBe(0);
    expect((await cli(['--db', db, 'items', 'add', 'T-9', '--project', 'q', '--follower', 'LUCA@desk.io'])).code).toBe(0);
    const item = JSON.parse((await cli(['--db', db, 'items', 'list', '--format', 'json'])).stdout) as { id: string; followers: string[] }[];
    expect(item.find((i) => i.id === 'T-9')!.followers).toEqual(['luca']);
    const bad = await cli(['--db', db, 'users', 'remove', 'Lucca Bruni', '--force']);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: "Lucca Bruni" is not a user of the workspace; nothing was changed; did you mean "Luca Bruni"?\n']);
    expect((await cli(['--db', db, 'users', 'remove', 'Luca Bruni', '--force', '--yes'])).code).toBe(0);
    expect((await cli(['--db', db, 'users', 'show', 'luca'])).code).toBe(2);
  });

  it('did you mean names each close user once, by id or by name', async () => {
    const { db } = await setup();
    const r = await cli(['--db', db, 'prefs', 'show', 'Marta Rosi']);
    expect([r.code, r.stderr]).toEqual([2, 'error: "Marta Rosi" is not a user of the workspace; did you mean "marta"?\n']);
  });

  it('a name of several users is an error listing them', async () => {
    const { db } = await setup();
    const r = await cli(['--db', db, 'prefs', 'show', 'Sam Lee']);
    expect([r.code, r.stderr]).toEqual([2, 'error: "Sam Lee" names 2 users ("sam1", "sam2"); give one of their ids\n']);
  });
});

describe('why --conversation --at [--kind]', () => {
  it('picks the nearest message of the kind asked for, and names its text', async () => {
    const { db, log } = await setup();
    // 14:00 is nearest Luca's internal note at 14:01; the customer's messages are at 13:58 and 14:05.
    const any = JSON.parse((await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--at', '2026-03-10 14:00', '--log', log, '--format', 'json'])).stdout);
    expect(any.decision.message).toBe('m2');
    const customer = JSON.parse((await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--at', '2026-03-10 14:00', '--kind', 'customer', '--log', log, '--format', 'json'])).stdout);
    expect([customer.decision.message, customer.text]).toEqual(['m1', 'My order never arrived']);
    const text = await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--at', '2026-03-10 14:00', '--kind', 'customer', '--log', log]);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'marta and m1: a customer message by customer cust in conversation c-1001 on item T-1, at 2026-03-10 13:58:00Z (line 1).',
      '  “My order never arrived”',
    ]);
  });

  it('without --at, lists the messages with their text', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--log', log]);
    expect(r.stdout).toBe(
      'TIME\tMESSAGE\tKIND\tDECISION\tREASON\tTEXT\n' +
        '2026-03-10 13:58:00Z\tm1\tcustomer by cust\talert + email\tcustomer_message_mine\tMy order never arrived\n' +
        '2026-03-10 14:01:00Z\tm2\tinternal by luca\talert + email\tinternal_message_followed\tChecking with the courier\n' +
        '2026-03-10 14:05:00Z\tm3\tcustomer by cust\talert + email\tcustomer_message_mine\tHello?? This is the second time I write. Please answer.\n',
    );
  });

  it('nothing within an hour is exit 1 listing the nearest messages, never a pick from another day', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--at', '2026-03-12 14:00', '--log', log]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      'error: conversation "c-1001" has no message within an hour of 2026-03-12 14:00:00Z; its nearest messages (id, time, kind, author):\n' +
        '  m1  2026-03-10 13:58:00Z  customer  cust\n' +
        '  m2  2026-03-10 14:01:00Z  internal  luca\n' +
        '  m3  2026-03-10 14:05:00Z  customer  cust\n',
    );
    const reply = await cli(['--db', db, 'why', 'marta', '--conversation', 'c-1001', '--at', '2026-03-10 14:00', '--kind', 'reply', '--log', log]);
    expect(reply.code).toBe(1);
    expect(reply.stderr.split('\n')[0]).toBe('error: conversation "c-1001" has no reply message within an hour of 2026-03-10 14:00:00Z; its nearest messages (id, time, kind, author):');
    expect((await cli(['--db', db, 'why', 'marta', 'm1', '--kind', 'customer', '--log', log])).code).toBe(2);
  });
});

describe('timeline: seenBy and text', () => {
  it('names who saw each message in time, first line each, in log order, and carries the text', async () => {
    const { db, log } = await setup();
    const t = JSON.parse((await cli(['--db', db, 'timeline', 'c-1001', '--log', log, '--format', 'json'])).stdout) as { events: Record<string, unknown>[] };
    const m1 = t.events[0]!;
    expect(m1.seenBy).toEqual([{ user: 'sofia', at: '2026-03-10T13:58:40.000Z' }, { user: 'luca', at: '2026-03-10T13:58:40.000Z' }]);
    expect(m1.text).toBe('My order never arrived');
    expect(t.events[4]!.text).toBe('Hello?? This is the second time I write.\nPlease answer.');
    // A view carries no seenBy; a message seen by nobody has an empty list.
    expect(t.events[1]).toEqual({ line: 2, at: '2026-03-10T13:58:40.000Z', type: 'view', user: 'sofia', conversation: 'c-1001' });
    expect(t.events[4]!.seenBy).toEqual([]);
    const piped = await cli(['--db', db, 'timeline', 'c-1001', '--log', log]);
    expect(piped.stdout.split('\n')[0]).toBe('\tTIME\tLINE\tWHAT\tTEXT\tOUTCOME');
    expect(piped.stdout).toContain('\tMy order never arrived\talerts at 13:59:00Z: marta priya; emailed: marta; not alerted: not_following 4, seen_within_window 1; seen by: sofia 13:58:40Z, luca 13:58:40Z\n');
    // The text's first line only (SPEC 10.3); JSON has it whole.
    expect(piped.stdout).toContain('\tHello?? This is the second time I write.\t');
    expect(piped.stdout).not.toContain('Please answer');
  });

  it('in an 80-column terminal the text is cut with … on one line, and nothing else is split', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'timeline', 'c-1001', '--log', log], { stdoutTTY: true, columns: 80 });
    const lines = r.stdout.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    // One day: the title names it once, the table shows times of day, whole.
    expect(lines[0]).toBe('Conversation c-1001 on item T-1: 5 lines on 2026-03-10.');
    expect(r.stdout).toContain('│ 14:05:00Z │ 5    │');
    expect(r.stdout).toContain('│ Hello?? T… │');
    expect(r.stdout).toContain('│ My order … │');
    expect(r.stdout).not.toContain('Please answer');
  });

  it('a date alone in --until is the whole day, in --tz', async () => {
    const { db, log } = await setup();
    const day = JSON.parse((await cli(['--db', db, 'timeline', 'c-1001', '--log', log, '--until', '2026-03-10', '--format', 'json'])).stdout) as { events: unknown[] };
    expect(day.events).toHaveLength(5);
    // In Tokyo 2026-03-10 ends at 14:59:59.999Z: m3 at 14:05Z is in, in Honolulu the day starts at 10:00Z.
    const tokyo = JSON.parse((await cli(['--db', db, '--tz', 'Asia/Tokyo', 'timeline', 'c-2', '--log', log, '--since', '2026-03-11', '--until', '2026-03-11', '--format', 'json'])).stdout) as { events: unknown[] };
    expect(tokyo.events).toHaveLength(1);
    const before = JSON.parse((await cli(['--db', db, '--tz', 'Asia/Tokyo', 'timeline', 'c-2', '--log', log, '--until', '2026-03-10', '--format', 'json'])).stdout) as { events: unknown[] };
    expect(before.events).toHaveLength(0);
  });
});

describe('simulate --since/--until/--conversation', () => {
  it('chooses the messages whose decisions are printed and counted, reading the whole log', async () => {
    const { db, log } = await setup();
    const all = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--all', '--format', 'json'])).stdout) as { message: string; reason: string; user: string }[];
    const some = await cli(['--db', db, 'simulate', '--log', log, '--all', '--format', 'json', '--since', '2026-03-10 14:00', '--conversation', 'c-1001']);
    expect(some.code).toBe(0);
    const chosen = JSON.parse(some.stdout) as typeof all;
    expect(chosen).toEqual(all.filter((d) => d.message === 'm2' || d.message === 'm3'));
    // The decisions on chosen messages depend on lines before --since (luca wrote at 14:01: a participant).
    expect(chosen.find((d) => d.message === 'm3' && d.user === 'luca')!.reason).toBe('customer_message_mine');
    const stats = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--stats', '--format', 'json', '--until', '2026-03-10'])).stdout);
    expect(stats.messages).toBe(3);
    expect(stats.alerts).toBe(all.filter((d) => d.message !== 'm4' && d.reason.startsWith('customer_message')).length + all.filter((d) => d.message !== 'm4' && d.reason === 'internal_message_followed').length);
    expect([stats.unreachable, stats.unnoticed]).toEqual([0, 0]);
    const night = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--stats', '--format', 'json', '--conversation', 'c-2'])).stdout);
    expect([night.messages, night.unreachable]).toEqual([1, 0]);
    const typo = await cli(['--db', db, 'simulate', '--log', log, '--stats', '--conversation', 'c-1010']);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('\nnote: --conversation c-1010: no message of the log is in this conversation; did you mean "c-1001"?\n');
    const bad = await cli(['--db', db, 'simulate', '--log', log, '--since', 'yesterday']);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: --since yesterday: accepted: a date (2026-03-02, the whole day), a date and time (2026-03-02 15:00, read in --tz) or one with a zone (2026-03-02T15:00:00Z)\n']);
  });
});

describe('no email address', () => {
  it('prefs show says so in text and JSON; why proposes adding one', async () => {
    const { db, log } = await setup();
    const text = await cli(['--db', db, 'prefs', 'show', 'priya']);
    expect(text.stdout).toContain('\nno email address: alerts only, whatever `email` says (add one: notifyctl users update priya --email ADDRESS).\n');
    expect(JSON.parse((await cli(['--db', db, 'prefs', 'show', 'priya', '--format', 'json'])).stdout).emailAddress).toBeNull();
    expect(JSON.parse((await cli(['--db', db, 'prefs', 'show', 'marta', '--format', 'json'])).stdout).emailAddress).toBe('marta@desk.io');
    expect((await cli(['--db', db, 'prefs', 'show', 'marta'])).stdout).not.toContain('no email address');
    const why = await cli(['--db', db, 'why', 'priya', 'm3', '--log', log]);
    expect(why.stdout).toContain('Decision: notified: an alert at 2026-03-10 14:06:00Z, no email (no_email_address)');
    expect(why.stdout).toContain('  1. give priya an email address (they have none, so no email is sent whatever "email" says)\n     notifyctl users update --email ADDRESS -- priya\n');
    expect(why.stdout).not.toContain('Nothing to change');
  });
});

describe('gaps: the first line of the log that saw it', () => {
  it('names the first line when two saw it at the same instant, not the first by id', async () => {
    const dir = scratch();
    const db = join(dir, 'g.db');
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ version: 1, users: [{ id: 'ann' }, { id: 'zoe' }], projects: [], items: [], conversations: [] }));
    const log = join(dir, 'g.ndjson');
    writeFileSync(log, [
      { type: 'message', id: 'm1', at: '2026-03-10T02:00:00Z', conversation: 'c', author: 'x', authorKind: 'customer' },
      { type: 'view', at: '2026-03-10T02:00:30Z', user: 'zoe', conversation: 'c' },
      { type: 'view', at: '2026-03-10T02:00:30Z', user: 'ann', conversation: 'c' },
    ].map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect((await cli(['--db', db, 'import', join(dir, 'w.json')])).code).toBe(0);
    const rows = JSON.parse((await cli(['--db', db, 'gaps', '--log', log, '--format', 'json'])).stdout) as { seenBy: string }[];
    expect(rows.map((r) => r.seenBy)).toEqual(['zoe']);
  });
});

describe('audit --user', () => {
  it('takes a name or an address, a removed user by id, and refuses an unknown user with did-you-mean', async () => {
    const { db } = await exampleDatabase();
    const rows = async (...args: string[]) => (JSON.parse((await cli(['--db', db, 'audit', ...args, '--format', 'json'])).stdout) as { user: string }[]).map((r) => r.user);
    const byId = await rows('--user', 'dana');
    expect(byId.length).toBeGreaterThan(0);
    expect(await rows('--user', 'Dana Whitfield')).toEqual(byId);
    expect(await rows('--user', 'DANA@example.com')).toEqual(byId);
    expect((await cli(['--db', db, 'users', 'remove', 'lena', '--force', '--yes'])).code).toBe(0);
    expect((await rows('--user', 'lena')).every((u) => u === 'lena')).toBe(true);
    const unknown = await cli(['--db', db, 'audit', '--user', 'dnaa']);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toMatch(/^error: --user dnaa: "dnaa" is not a user of the workspace; did you mean "dana"\?\n$/);
  });

  it('takes the name or address the trail recorded for someone renamed or removed since', async () => {
    const { db } = await exampleDatabase();
    const rows = async (...args: string[]) => {
      const r = await cli(['--db', db, 'audit', ...args, '--format', 'json']);
      return [r.code, r.stderr, [...new Set((JSON.parse(r.stdout || '[]') as { user: string }[]).map((u) => u.user))]];
    };
    expect((await cli(['--db', db, 'users', 'update', 'dana', '--name', 'Whitfield, Dana'])).code).toBe(0);
    expect(await rows('--user', 'dana whitfield')).toEqual([0, '', ['dana']]);
    expect((await cli(['--db', db, 'users', 'remove', 'lena', '--force', '--yes'])).code).toBe(0);
    expect(await rows('--user', 'Lena Novak')).toEqual([0, '', ['lena']]);
    expect(await rows('--user', 'LENA@example.com')).toEqual([0, '', ['lena']]);
  });
});
