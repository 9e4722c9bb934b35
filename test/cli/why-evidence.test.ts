/** Issue 14: why never contradicts the log, cites the lines that decided, and speaks the reader's time zone. */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_LOG, exampleDatabase, workspaceDatabase } from '../fixtures/databases.js';
import { cli } from './run.js';

const WORKSPACE = {
  version: 1,
  users: [{ id: 'cleo' }, { id: 'bob' }],
  projects: [{ id: 'p', members: ['cleo', 'bob'] }],
  items: [{ id: 'T', project: 'p', followers: ['cleo'] }, { id: 'U', project: 'p', followers: [] }],
  conversations: [{ id: 'c', item: 'T' }],
};
const LOG = [
  { type: 'unfollow', at: '2026-11-24T13:05:00Z', user: 'cleo', item: 'T' },
  { type: 'message', id: 'm1', at: '2026-11-24T15:58:00Z', conversation: 'c', author: 'cust', authorKind: 'customer' },
  { type: 'view', at: '2026-11-24T15:58:35Z', user: 'cleo', conversation: 'c' },
];

const setup = (log: object[] = LOG) => workspaceDatabase(WORKSPACE, log);

interface Check {
  check: string;
  passed: boolean;
  detail: string;
  evidence: { line: number | null; at: string | null; type: string; text: string }[];
}

describe('why on the three-line log of the issue', () => {
  it('reports "not seen" failed (she viewed it 35 s later) and cites lines 1 and 3', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'why', 'cleo', 'm1', '--log', log, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { decision: { reason: string }; checks: Check[]; fixes: unknown[]; notes: string[] };
    expect(out.decision.reason).toBe('not_following');
    const byId = new Map(out.checks.map((c) => [c.check, c]));
    expect(out.checks.map((c) => [c.check, c.passed])).toEqual([
      ['active', true], ['not_author', true], ['can_see', true], ['customer_messages', true], ['follows', false], ['not_seen', false],
    ]);
    expect(byId.get('follows')!.evidence).toEqual([
      { line: 1, at: '2026-11-24T13:05:00.000Z', type: 'unfollow', text: 'cleo unfollowed T' },
      { line: null, at: null, type: 'workspace', text: 'cleo does not follow c in the workspace' },
    ]);
    expect(byId.get('not_seen')!.evidence).toEqual([{ line: 3, at: '2026-11-24T15:58:35.000Z', type: 'view', text: 'cleo viewed c' }]);
    expect(byId.get('not_seen')!.detail).toBe('seen at 2026-11-24 15:58:35Z, 35 s after the message (window 60 s)');
    expect(out.fixes).toEqual([]);
    expect(out.notes[0]).toBe('Nothing to change: cleo saw the message within the window, so no alert was due.');
  });

  it('says the same in words, in the zone asked for, naming the lines', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, '--tz', 'Europe/Rome', 'why', 'cleo', 'm1', '--log', log]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('cleo and m1: a customer message by customer cust in conversation c on item T, at 2026-11-24 16:58:00+01:00 (line 2).');
    expect(r.stdout).toContain('  ✗ follows            follows c: no — not a follower of T, not a follower of the conversation, never posted in it\n                       line 1, 2026-11-24 14:05:00+01:00: cleo unfollowed T\n');
    expect(r.stdout).toContain('  ✗ not seen in time   seen at 2026-11-24 16:58:35+01:00, 35 s after the message (window 60 s)\n                       line 3, 2026-11-24 16:58:35+01:00: cleo viewed c\n');
    // NOTIFYCTL_TZ does the same; --tz wins over it.
    const env = await cli(['--db', db, 'why', 'cleo', 'm1', '--log', log], { env: { NOTIFYCTL_TZ: 'Europe/Rome' } });
    expect(env.stdout.split('\n')[0]).toBe(lines[0]);
  });

  it('a bad zone is a usage error naming what is accepted', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, '--tz', 'Mars/Olympus', 'why', 'cleo', 'm1', '--log', log]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --tz Mars/Olympus: not a time zone; accepted: an IANA name such as Europe/Rome or America/New_York, UTC, or local\n');
  });
});

describe('evidence', () => {
  it('names the message that attached the conversation, the own message that made a participant, and a follow', async () => {
    const { db, log } = await setup([
      { type: 'message', id: 'm0', at: '2026-11-24T09:00:00Z', conversation: 'chat', author: 'cleo', authorKind: 'user', audience: 'customers' },
      { type: 'message', id: 'm1', at: '2026-11-24T09:01:00Z', conversation: 'chat', author: 'cust', authorKind: 'customer', item: 'U' },
      { type: 'follow', at: '2026-11-24T09:02:00Z', user: 'bob', item: 'U' },
      { type: 'message', id: 'm2', at: '2026-11-24T09:03:00Z', conversation: 'chat', author: 'cust', authorKind: 'customer' },
    ]);
    const cleo = JSON.parse((await cli(['--db', db, 'why', 'cleo', 'm2', '--log', log, '--format', 'json'])).stdout) as { checks: Check[] };
    const canSee = cleo.checks.find((c) => c.check === 'can_see')!;
    expect(canSee.evidence[0]).toEqual({ line: 2, at: '2026-11-24T09:01:00.000Z', type: 'message', text: 'm1 attached chat to U' });
    const follows = cleo.checks.find((c) => c.check === 'follows')!;
    expect(follows.passed).toBe(true);
    expect(follows.evidence).toContainEqual({ line: 1, at: '2026-11-24T09:00:00.000Z', type: 'message', text: 'cleo wrote m0 in chat, so takes part in it' });
    const bob = JSON.parse((await cli(['--db', db, 'why', 'bob', 'm2', '--log', log, '--format', 'json'])).stdout) as { checks: Check[] };
    expect(bob.checks.find((c) => c.check === 'follows')!.evidence[0]).toEqual({ line: 3, at: '2026-11-24T09:02:00.000Z', type: 'follow', text: 'bob followed U' });
  });

  it('says when a value the decision used changed after the message, and names the change', async () => {
    const { db, log } = await workspaceDatabase(WORKSPACE);
    // The message comes after the import, and the preference changes after the message.
    await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(log, JSON.stringify({ type: 'message', id: 'm1', at: Date.now(), conversation: 'c', author: 'cust', authorKind: 'customer' }) + '\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const quiet = JSON.parse((await cli(['--db', db, 'why', 'cleo', 'm1', '--log', log, '--format', 'json'])).stdout) as { notes: string[]; fixes: unknown[] };
    // Alerted without an email because she has no address: adding one is the change (SPEC 10.3).
    // The workspace of the message's time: the import's (SPEC 10.1).
    expect(quiet.notes).toEqual([]);
    expect((quiet as unknown as { workspace: unknown }).workspace).toEqual({ asOf: expect.any(String), change: 1, beforeHistory: false });
    expect(quiet.fixes).toEqual([
      { description: 'give cleo an email address (they have none, so no email is sent whatever "email" says)', command: 'notifyctl users update --email ADDRESS -- cleo' },
    ]);
    expect((await cli(['--db', db, '--actor', 'ops', 'prefs', 'set', 'cleo', '--customer-messages', 'all'])).code).toBe(0);
    const r = await cli(['--db', db, 'why', 'cleo', 'm1', '--log', log]);
    // Decided with the workspace of its time (mine, via the item); the change since and today's decision named.
    expect(r.stdout).toContain('Decision: notified: an alert at ');
    expect(r.stdout).toContain('— customer_message_mine: customer message in a conversation they follow (follows via item_follower).');
    expect(r.stdout).toMatch(
      /\n\nThis explanation uses the workspace as it was at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z \(change 1\)\.\n\nChanged since, in what this decision used \(1 change\):\n {2}change 2, \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z by ops \(prefs set cleo --customer-messages all\): cleo's customerMessages: \(none\) → all\n\nToday's workspace would decide differently: notified \(alert, no email\) — customer_message_all\.\n$/,
    );
  });
});

describe('times for people', () => {
  it('simulate tables show times in the zone asked for; JSON stays UTC', async () => {
    const { db, log } = await setup([{ type: 'message', id: 'm1', at: '2026-11-24T15:58:00Z', conversation: 'c', author: 'cust', authorKind: 'customer' }]);
    const table = await cli(['--db', db, '--tz', 'America/New_York', 'simulate', '--log', log, '--user', 'bob']);
    expect(table.stdout.split('\n')[1]).toBe('2026-11-24 10:58:00-05:00\tm1\tc (T)\tbob\tnone\tnot_following\t\t');
    const json = JSON.parse((await cli(['--db', db, '--tz', 'America/New_York', 'simulate', '--log', log, '--user', 'bob', '--format', 'json'])).stdout) as { at: string }[];
    expect(json[0]!.at).toBe('2026-11-24T15:58:00.000Z');
  });
});

describe('why as support staff ask it', () => {
  const example = async (): Promise<string> => (await exampleDatabase()).db;

  it('--conversation without --at lists the messages with the user\'s decision', async () => {
    const db = await example();
    const r = await cli(['--db', db, 'why', 'dana', '--conversation', 'c-2', '--log', EXAMPLE_LOG]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'TIME\tMESSAGE\tKIND\tDECISION\tREASON',
      '2026-03-02 09:10:00Z\tm-004\tcustomer by cust-ben\t—\tno_access',
      '2026-03-02 09:12:00Z\tm-005\treply by farah\t—\tno_access',
    ]);
  });

  it('--at picks the nearest message (the earlier on a tie), read in --tz; a name or an email names the user', async () => {
    const db = await example();
    const log = EXAMPLE_LOG;
    const byName = await cli(['--db', db, '--tz', 'Europe/Rome', 'why', 'Dana Whitfield', '--conversation', 'c-2', '--at', '2026-03-02 10:13', '--log', log]);
    expect(byName.stdout.split('\n')[0]).toBe('dana and m-005: a reply to customers by user farah in conversation c-2 on item T-200, at 2026-03-02 10:12:00+01:00 (line 6).');
    const byEmail = await cli(['--db', db, 'why', 'DANA@example.com', '--conversation', 'c-2', '--at', '2026-03-02T09:15:40Z', '--log', log, '--format', 'json']);
    expect(JSON.parse(byEmail.stdout).decision).toMatchObject({ message: 'm-008', user: 'dana' });
  });

  it('an unknown user gets "did you mean"; a missing message or conversation is a usage error', async () => {
    const db = await example();
    const log = EXAMPLE_LOG;
    expect((await cli(['--db', db, 'why', 'dnaa', 'm-004', '--log', log])).stderr).toBe('error: "dnaa" is not a user of the workspace; did you mean "dana"?\n');
    const neither = await cli(['--db', db, 'why', 'dana', '--log', log]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('error: why needs a message id, or --conversation ID (with --at TIME to pick the message nearest to a time)\n');
    expect((await cli(['--db', db, 'why', 'dana', '--conversation', 'c-9', '--log', log])).stderr).toBe(`error: conversation "c-9" has no messages in ${log}; did you mean "c-1" or "c-2" or "c-3"?\n`);
  });
});

describe('tables in a terminal', () => {
  it('give way to the terminal width in their free text only: ids, times and reason codes stay whole', async () => {
    const { db } = await exampleDatabase();
    const wide = await cli(['--db', db, 'simulate', '--log', EXAMPLE_LOG], { stdoutTTY: true });
    const narrow = await cli(['--db', db, 'simulate', '--log', EXAMPLE_LOG], { stdoutTTY: true, columns: 100 });
    const roomy = await cli(['--db', db, 'simulate', '--log', EXAMPLE_LOG], { stdoutTTY: true, columns: 140 });
    const longest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
    expect(longest(wide.stdout)).toBeGreaterThan(140);
    // The times, ids and codes of this table alone are 131 columns: at 140 it narrows its free text to fit.
    expect(longest(roomy.stdout)).toBe(140);
    expect(roomy.stdout).toContain('│ 2026-03-02 08:30:00Z │ m-001   │ c-1 (T-100)  │ alice │ alert + email ');
    expect(roomy.stdout).toContain(' │ takes every customer        │');
    expect(roomy.stdout).toContain('(internal_message_followed)');
    // At 100 they cannot fit: each decision is a record, no line wider than the terminal, nothing split.
    expect(longest(narrow.stdout)).toBeLessThanOrEqual(100);
    expect(narrow.stdout).toMatch(/^─\[ 1 \]─+\n/);
    expect(narrow.stdout).toContain(
      '─\n' +
        'TIME         │ 2026-03-02 08:30:00Z\nMESSAGE      │ m-001\nCONVERSATION │ c-1 (T-100)\nUSER         │ alice\nOUTCOME      │ alert + email\n' +
        'REASON       │ takes every customer message (customer_message_all)\nVIA          │\n─[ 2 ]',
    );
  });

  it('in an 80-column terminal: prefs list stays a table, its long key names broken over two lines', async () => {
    const { db } = await exampleDatabase();
    const r = await cli(['--db', db, 'prefs', 'list'], { stdoutTTY: true, columns: 80 });
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '┌───────┬───────────────┬───────────┬──────────┬───────────┬───────────┬───────┐',
      '│ USER  │ access        │ showFrom  │ customer │ internal  │ customer  │ email │',
      '│       │               │ Customers │ Messages │ Messages  │ Replies   │       │',
      '├───────┼───────────────┼───────────┼──────────┼───────────┼───────────┼───────┤',
      '│ alice │ all-projects* │ on        │ all*     │ on        │ off       │ on    │',
    ]);
    for (const line of lines.filter((l) => /^[┌│├└]/.test(l))) expect([...line].length).toBe(80);
  });

  it('in an 80-column terminal: a list whose emails alone are wider is shown as records, emails whole; one that fits stays a table', async () => {
    const { db } = await exampleDatabase();
    const fits = await cli(['--db', db, 'users', 'list'], { stdoutTTY: true, columns: 80 });
    expect(fits.stdout.split('\n')[0]).toMatch(/^┌─/);
    const email = 'margarethe.vonderschulenburg-hohenstein@customer-success.example.com';
    expect((await cli(['--db', db, 'users', 'add', 'margarethe', '--name', 'Margarethe von der Schulenburg', '--email', email])).code).toBe(0);
    const r = await cli(['--db', db, 'users', 'list'], { stdoutTTY: true, columns: 80 });
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    // The rule is as wide as the widest record: the headers, " │ " and the email.
    expect(r.stdout).toContain(`─[ 13 ]${'─'.repeat(6 + 3 + email.length - 7)}\nID     │ margarethe\nNAME   │ Margarethe von der Schulenburg\nEMAIL  │ ${email}\n`);
    // Piped and as JSON, nothing changes.
    expect((await cli(['--db', db, 'users', 'list'])).stdout).toContain(`margarethe\tMargarethe von der Schulenburg\t${email}\t`);
    expect((await cli(['--db', db, 'users', 'list', '--format', 'json'], { stdoutTTY: true, columns: 80 })).stdout).toContain(`"email": "${email}"`);
  });
});

describe('why reads only what the decision depends on', () => {
  it('gives the decision simulate gives (which reads every line), for every user and message of the example day', async () => {
    const { db } = await exampleDatabase();
    const log = EXAMPLE_LOG;
    const all = (await cli(['--db', db, 'simulate', '--log', log, '--all', '--format', 'ndjson'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string; user: string });
    expect(all.length).toBeGreaterThan(150);
    for (const d of all) {
      const r = await cli(['--db', db, 'why', d.user, d.message, '--log', log, '--format', 'json']);
      expect(JSON.parse(r.stdout).decision, `${d.message} / ${d.user}`).toEqual(d);
    }
  });

  it('stops at the end of the window: a bad line after it is not read, one before it is named', async () => {
    const bad = '{"type":"view","at":"2026-11-24T16:30:00Z","user":"bob","conversation":"c"\n';
    const { db, log } = await setup();
    // The first line past the window ends the reading; what follows it is not read.
    const later = JSON.stringify({ type: 'view', at: '2026-11-24T16:20:00Z', user: 'bob', conversation: 'c' }) + '\n';
    writeFileSync(log, LOG.map((e) => JSON.stringify(e)).join('\n') + '\n' + later + bad);
    expect((await cli(['--db', db, 'why', 'bob', 'm1', '--log', log])).code).toBe(0);
    writeFileSync(log, bad + LOG.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await cli(['--db', db, 'why', 'bob', 'm1', '--log', log]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/:1: not valid JSON/);
  });
});
