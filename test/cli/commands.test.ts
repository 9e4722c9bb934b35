/** simulate, import, export and why, run in-process (moved from test/e2e/cli.test.ts with the same assertions). */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../src/domain/reasons.js';
import { EXAMPLE_LOG as LOG, EXAMPLE_WORKSPACE as WORKSPACE, exampleDatabase as exampleDb } from '../fixtures/databases.js';
import { cli as run, scratch as tempDir } from './run.js';

const FIELDS = ['message', 'at', 'conversation', 'item', 'user', 'alert', 'email', 'reason', 'via', 'emailSkipped', 'fireAt', 'seenAt'];

describe('simulate', () => {
  it('writes decisions exactly as SPEC section 6 says, in every format', async () => {
    const { db } = (await exampleDb());
    const ndjson = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'ndjson', '--user', 'ivan']));
    expect(ndjson.stdout.split('\n')[9]).toBe(
      '{"message":"m-010","at":"2026-03-02T10:00:00.000Z","conversation":"c-3","item":"T-300","user":"ivan","alert":true,"email":false,"reason":"customer_message_mine","via":"item_follower","emailSkipped":"email_off","fireAt":"2026-03-02T10:01:00.000Z","seenAt":null}',
    );
    const json = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'json', '--user', 'kofi']));
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(parsed[0]).toEqual({
      message: 'm-001', at: '2026-03-02T08:30:00.000Z', conversation: 'c-1', item: 'T-100', user: 'kofi', alert: false, email: false,
      reason: 'seen_within_window', via: 'item_follower', emailSkipped: null, fireAt: null, seenAt: '2026-03-02T08:30:30.000Z',
    });
    const csv = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'csv', '--user', 'kofi']));
    const rows = csv.stdout.split('\n');
    expect(rows[0]).toBe(FIELDS.join(','));
    expect(rows[1]).toBe('m-001,2026-03-02T08:30:00.000Z,c-1,T-100,kofi,false,false,seen_within_window,item_follower,,,2026-03-02T08:30:30.000Z');
  });

  it('reads the log from standard input with -', async () => {
    const { db } = (await exampleDb());
    const fromFile = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'ndjson']));
    const fromStdin = (await run(['--db', db, 'simulate', '--log', '-', '--format', 'ndjson'], { input: readFileSync(LOG, 'utf8') }));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(fromFile.stdout.split('\n')).toHaveLength(29);
  });

  it('--stats --format json gives per-user and per-reason totals', async () => {
    const { db } = (await exampleDb());
    const r = (await run(['--db', db, 'simulate', '--log', LOG, '--stats', '--format', 'json']));
    const stats = JSON.parse(r.stdout);
    expect(stats).toMatchObject({ messages: 18, decisions: 28, alerts: 28, emails: 23 });
    expect(stats.users[0]).toEqual({ user: 'alice', alerts: 8, emails: 8, decisions: 8 });
    expect(stats.reasons).toEqual([
      { reason: 'customer_message_all', count: 13 },
      { reason: 'customer_message_mine', count: 9 },
      { reason: 'internal_message_followed', count: 4 },
      { reason: 'customer_reply_followed', count: 2 },
    ]);
    // CSV carries both tables, as the terminal shows them: a row per user, then per reason.
    const csv = (await run(['--db', db, 'simulate', '--log', LOG, '--stats', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('kind,name,alerts,emails,decisions,count');
    expect(csv[1]).toBe('user,alice,8,8,8,');
    expect(csv.filter((l) => l.startsWith('reason,'))).toEqual(['reason,customer_message_all,,,,13', 'reason,customer_message_mine,,,,9', 'reason,internal_message_followed,,,,4', 'reason,customer_reply_followed,,,,2']);
  });

  it('--window and --sort change the replay', async () => {
    const { dir, db } = (await exampleDb());
    // kofi viewed m-001 after 30 s: with a 20 s window he is notified.
    const short = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'ndjson', '--user', 'kofi', '--window', '20s']));
    expect(JSON.parse(short.stdout.split('\n')[0]!)).toMatchObject({ reason: 'customer_message_mine', fireAt: '2026-03-02T08:30:20.000Z' });
    const shuffled = join(dir, 'shuffled.ndjson');
    const lines = readFileSync(LOG, 'utf8').trimEnd().split('\n');
    writeFileSync(shuffled, [...lines].reverse().join('\n'));
    const refused = (await run(['--db', db, 'simulate', '--log', shuffled]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: ${shuffled}:2: time 2026-03-02T15:10:30.000Z is earlier than the line before (2026-03-02T15:11:30.000Z); events must be in time order, or pass --sort\n`);
    const sorted = (await run(['--db', db, 'simulate', '--log', shuffled, '--sort', '--format', 'ndjson']));
    const inOrder = (await run(['--db', db, 'simulate', '--log', LOG, '--format', 'ndjson']));
    expect(sorted.stdout).toBe(inOrder.stdout);
  });

  it('prints nothing as a result when a line is bad, and names FILE:LINE', async () => {
    const { dir, db } = (await exampleDb());
    const bad = join(dir, 'bad.ndjson');
    const lines = readFileSync(LOG, 'utf8').split('\n');
    lines.splice(20, 0, '{"type":"view","at":"2026-03-02T15:00:01Z","user":"nobody","conversation":"c-1"}');
    writeFileSync(bad, lines.join('\n'));
    const r = (await run(['--db', db, 'simulate', '--log', bad, '--format', 'ndjson']));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${bad}:21: "user" names "nobody", which is not a user of the workspace\n`);
  });

  it('usage errors exit 2 and name the flag and what it accepts', async () => {
    const cases: [string[], RegExp][] = [
      [['simulate', '--log', LOG, '--format', 'xml'], /option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, json, ndjson, csv\./],
      [['simulate', '--log', LOG, '--window', 'soon'], /option '--window <duration>' argument 'soon' is invalid\. accepted: a whole number of seconds \(90\), or with a unit: 90s, 2m, 1h, 500ms\./],
      [['simulate'], /required option '--log <file>' not specified/],
      [['simulate', '--log', LOG, '--frobnicate'], /unknown option '--frobnicate'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['simulate', '--log', LOG, '--user', 'zed'], /--user zed: "zed" is not a user of the workspace/],
    ];
    const { db } = await exampleDb();
    for (const [args, message] of cases) {
      const r = (await run(['--db', db, ...args]));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});

describe('import and export', () => {
  it('export round-trips exactly, in JSON and YAML', async () => {
    const { dir, db } = (await exampleDb());
    for (const format of ['json', 'yaml']) {
      const first = (await run(['--db', db, 'export', '--format', format]));
      expect(first.code).toBe(0);
      const file = join(dir, `export.${format}`);
      writeFileSync(file, first.stdout);
      const db2 = join(dir, `again-${format}.db`);
      expect((await run(['--db', db2, 'import', file])).code).toBe(0);
      expect((await run(['--db', db2, 'export', '--format', format])).stdout).toBe(first.stdout);
    }
  });

  it('refuses an invalid document, lists every problem (bad values and references together), and changes nothing', async () => {
    const { dir, db } = (await exampleDb());
    const before = (await run(['--db', db, 'export'])).stdout;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ users: [{ id: 'zoe', preferences: { customerMessages: 'sometimes' } }], projects: [{ id: 'new', members: ['zoe', 'ghost'] }] }));
    const r = (await run(['--db', db, 'import', bad]));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${bad} is not a valid workspace document (2 problems); nothing was changed:\n  users[0].preferences.customerMessages: "sometimes" is not one of all, mine, none\n  projects[0].members[1]: "ghost" is not a user of the workspace\n`);
    writeFileSync(bad, JSON.stringify({ users: [{ id: 'zoe' }], projects: [{ id: 'new', members: ['zoe', 'ghost'] }] }));
    const r2 = (await run(['--db', db, 'import', bad]));
    expect(r2.stderr).toBe(`error: ${bad} is not a valid workspace document (1 problem); nothing was changed:\n  projects[0].members[1]: "ghost" is not a user of the workspace\n`);
    expect((await run(['--db', db, 'export'])).stdout).toBe(before);
  });

  it('--dry-run reports the changes and writes nothing; a real import writes audit rows', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const dry = (await run(['--db', db, 'import', WORKSPACE, '--dry-run', '--format', 'json']));
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.changes).toHaveLength(116);
    // A dry run creates no database (SPEC 9.9): reading one now says so.
    expect(existsSync(db)).toBe(false);
    expect((await run(['--db', db, 'export'])).stderr).toBe(`error: there is no database at ${db}; create one with "notifyctl --db ${db} init" (or import a workspace), or choose another with --db or NOTIFYCTL_DB\n`);
    const real = (await run(['--db', db, 'import', WORKSPACE], { env: { NOTIFYCTL_ACTOR: 'ops-bot' } }));
    expect(real.stdout.split('\n')[0]).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW');
    expect(real.stderr).toMatch(/^Done: imported .*workspace\.yaml into .*x\.db: 1 workspace default set, 12 users added, 10 explicit preferences set, 3 projects added, 12 project memberships added, 4 items added, 7 item followers added, 4 conversations added, 2 conversation followers added \(116 audit rows written\)\.\n$/);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(116);
    expect(sqlite.prepare("SELECT actor, entity, key, new_value FROM audit WHERE user_id = 'dana' AND key = 'customerMessages'").get()).toEqual({
      actor: 'ops-bot', entity: 'preference', key: 'customerMessages', new_value: 'none',
    });
    sqlite.close();
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it('--replace replaces the whole workspace; merging keeps the rest', async () => {
    const { dir, db } = (await exampleDb());
    const small = join(dir, 'small.yaml');
    writeFileSync(small, 'users:\n  - id: zoe\n');
    (await run(['--db', db, 'import', small]));
    expect(JSON.parse((await run(['--db', db, 'export'])).stdout).users).toHaveLength(13);
    const unattended = await run(['--db', db, 'import', small, '--replace']);
    expect([unattended.code, unattended.stderr]).toEqual([2, 'error: import makes a destructive change (1 workspace default cleared, 12 users removed, 10 explicit preferences cleared, 3 projects removed, 12 project memberships removed, 4 items removed, 7 item followers removed, 4 conversations removed, 2 conversation followers removed) and needs --yes when not run in a terminal; nothing was changed\n']);
    (await run(['--db', db, 'import', small, '--replace', '--yes']));
    const doc = JSON.parse((await run(['--db', db, 'export'])).stdout);
    expect(doc).toEqual({ version: 1, defaults: {}, users: [{ id: 'zoe', active: true, preferences: {} }], projects: [], items: [], conversations: [] });
  });

  it('reads a document from standard input', async () => {
    const dir = tempDir();
    const r = (await run(['--db', join(dir, 'x.db'), 'import', '-'], { input: '{"users":[{"id":"amy"}]}' }));
    expect(r.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nuser\t\tamy\t\t—\tadded\nuser\t\tamy\tactive\t—\ttrue\n');
    expect(r.stderr).toBe(`Done: imported <stdin> into ${join(dir, 'x.db')}: 1 user added (2 audit rows written).\n`);
  });
});

describe('why', () => {
  it('explains each check and gives fixes that, once run, notify the user', async () => {
    const { db } = (await exampleDb());
    const r = (await run(['--db', db, 'why', 'carol', 'm-001', '--log', LOG, '--format', 'json']));
    expect(r.code).toBe(0);
    const why = JSON.parse(r.stdout);
    expect(Object.keys(why)).toEqual(['decision', 'workspace', 'checks', 'fixes', 'changedSince', 'now', 'notes']);
    expect(why.decision).toMatchObject({ user: 'carol', message: 'm-001', reason: 'no_access', via: 'conversation_follower' });
    expect(why.checks).toContainEqual(expect.objectContaining({ check: 'can_see', passed: false, detail: 'access: own-projects (default), and carol is not a member of billing, the project of T-100' }));
    expect(why.fixes).toEqual([
      { description: "set carol's access to all-projects", command: 'notifyctl prefs set --access all-projects -- carol' },
      { description: 'add carol to project billing', command: 'notifyctl projects members add -- billing carol' },
    ]);
    // Run the second fix for real, then ask again.
    const fix = (await run(['--db', db, ...why.fixes[1].command.split(' ').slice(1)]));
    expect(fix.code).toBe(0);
    // SPEC 10.1: the decision of its time stays; the fix is a change since, and today's workspace notifies her.
    const after = JSON.parse((await run(['--db', db, 'why', 'carol', 'm-001', '--log', LOG, '--format', 'json'])).stdout);
    expect(after.decision).toMatchObject({ alert: false, reason: 'no_access' });
    expect(after.changedSince).toMatchObject([{ entity: 'member', target: 'billing', user: 'carol', key: null, old: null, new: 'added' }]);
    expect(after.now).toEqual({ alert: true, email: true, reason: 'customer_message_mine' });
    const now = JSON.parse((await run(['--db', db, 'why', 'carol', 'm-001', '--log', LOG, '--format', 'json', '--as-of', 'now'])).stdout);
    expect(now.decision).toMatchObject({ alert: true, email: true, reason: 'customer_message_mine' });
    expect(now.fixes).toEqual([]);
  });

  it('marks a fix made since the message, whole or in part, with the changes that made it (a fix not to make again)', async () => {
    const { db } = await exampleDb();
    // dana and m-004: no access and customer messages none; each fix has two or three parts.
    const before = JSON.parse((await run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG, '--format', 'json'])).stdout);
    expect(before.fixes.map((f: object) => Object.keys(f))).toEqual(before.fixes.map(() => ['description', 'command']));
    expect((await run(['--db', db, 'prefs', 'set', 'dana', '--customer-messages', 'all'])).code).toBe(0);
    const partly = JSON.parse((await run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG, '--format', 'json'])).stdout);
    // Change 1 is the import, change 2 the prefs set.
    const prefs = 2;
    expect(partly.changedSince.map((r: { change: number }) => r.change)).toEqual([prefs]);
    // The first two set customer messages to all (made); the other four to mine (not made).
    expect(partly.fixes.map((f: { madeSince?: number[]; inEffect?: boolean }) => [f.madeSince, f.inEffect])).toEqual([[[prefs], false], [[prefs], false], ...Array(4).fill([undefined, undefined])]);
    expect(partly.fixes[1]).toEqual({ description: "add dana to project product and set dana's customer messages to all", command: 'notifyctl projects members add -- product dana && notifyctl prefs set --customer-messages all -- dana', madeSince: [prefs], inEffect: false });
    expect((await run(['--db', db, 'projects', 'members', 'add', 'product', 'dana'])).code).toBe(0);
    const text = await run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG]);
    expect(text.stdout).toContain(
      [
        "  1. set dana's access to all-projects and set dana's customer messages to all (partly made since: change " + prefs + ')',
        '     notifyctl prefs set --access all-projects --customer-messages all -- dana',
        "  2. add dana to project product and set dana's customer messages to all (made since: changes " + prefs + ' and ' + (prefs + 1) + ' — in effect today)',
        '     notifyctl projects members add -- product dana && notifyctl prefs set --customer-messages all -- dana',
        "  3. set dana's access to all-projects and set dana's customer messages to mine and make dana a follower of item T-200",
      ].join('\n'),
    );
  });

  it('keeps only fixes the log does not undo', async () => {
    const { db } = (await exampleDb());
    // kofi unfollowed T-100 before m-017: following the item again in the workspace would not help.
    const why = JSON.parse((await run(['--db', db, 'why', 'kofi', 'm-017', '--log', LOG, '--format', 'json'])).stdout);
    expect(why.decision.reason).toBe('not_following');
    expect(why.fixes.map((f: { command: string }) => f.command)).toEqual([
      'notifyctl conversations follow -- c-1 kofi',
      'notifyctl prefs set --customer-messages all -- kofi',
    ]);
  });

  it('combines changes when several checks fail, and says when "From customers" is off', async () => {
    const { db } = (await exampleDb());
    const text = (await run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG]));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('✗ can see');
    expect(text.stdout).toContain('✗ customer messages  customer messages: none (explicit)');
    expect(text.stdout).toContain("  1. set dana's access to all-projects and set dana's customer messages to all\n     notifyctl prefs set --access all-projects --customer-messages all -- dana\n");
    expect(text.stdout).toContain('dana has "From customers" turned off. That setting only hides a section of the messenger: it grants no access and changes no notification.');
    expect(text.stdout).not.toMatch(/\x1b\[/);
  });

  it('says there is nothing to change for an own or seen message, and offers email fixes', async () => {
    const { db } = (await exampleDb());
    const own = JSON.parse((await run(['--db', db, 'why', 'bob', 'm-002', '--log', LOG, '--format', 'json'])).stdout);
    expect(own.fixes).toEqual([]);
    expect(own.notes).toEqual(['Nothing to change: bob wrote the message; nobody is notified of their own messages.']);
    const ivan = JSON.parse((await run(['--db', db, 'why', 'ivan', 'm-010', '--log', LOG, '--format', 'json'])).stdout);
    expect(ivan.decision).toMatchObject({ alert: true, email: false, emailSkipped: 'email_off' });
    expect(ivan.fixes).toEqual([{ description: "set ivan's email to on", command: 'notifyctl prefs set --email on -- ivan' }]);
  });

  it('names an unknown message or user', async () => {
    const { db } = (await exampleDb());
    const r = (await run(['--db', db, 'why', 'carol', 'm-999', '--log', LOG]));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: message "m-999" is not in ${LOG}\n`);
    expect((await run(['--db', db, 'why', 'zed', 'm-001', '--log', LOG])).stderr).toBe('error: "zed" is not a user of the workspace\n');
  });
});


describe('help', () => {
  it('help GROUP VERB prints the help of that command, with examples', async () => {
    const r = await run(['help', 'prefs', 'set']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: notifyctl prefs set \[options\] \[user\.\.\.\]\n/);
    expect(r.stdout).toContain('\nExamples:\n  notifyctl prefs set alice --customer-messages all\n');
  });
});
