/**
 * Reliability round 2 (issue 18): each test causes the fault and checks the exit code,
 * the message, and that nothing was lost. In-process where a process adds nothing.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/store/workspace-store.js';
import { openDatabase } from '../../src/store/database.js';
import { EXAMPLE_LOG as LOG, EXAMPLE_WORKSPACE as WORKSPACE, exampleDatabase as team } from '../fixtures/databases.js';
import { cli, scratch } from './run.js';

const userCount = (db: string) => {
  const sqlite = new Database(db, { readonly: true });
  const n = sqlite.prepare('SELECT count(*) FROM users').pluck().get() as number;
  sqlite.close();
  return n;
};

describe('backups', () => {
  it('refuses a backup onto the database or its journals, however spelled or linked, and changes nothing', async () => {
    const { dir, db } = await team();
    symlinkSync(db, join(dir, 'link.db'));
    const spellings = [db, `./${relative(process.cwd(), db)}`, join(dir, '..', dir.split('/').pop()!, 'team.db'), `${db}-wal`, join(dir, 'link.db')];
    for (const target of spellings) {
      const r = await cli(['--db', db, 'db', 'backup', target, '--force']);
      expect(r.code, target).toBe(1);
      expect(r.stderr).toMatch(/^error: .* (is the database itself or one of its journal files|is a symbolic link)/);
    }
    expect(userCount(db)).toBe(12);
  });

  it('refuses what is not a regular file, and a missing folder, naming it', async () => {
    const { dir, db } = await team();
    expect((await cli(['--db', db, 'db', 'backup', '/dev/null', '--force'])).stderr).toBe('error: /dev/null is not a regular file; a backup goes to a regular file. Nothing was written.\n');
    expect((await cli(['--db', db, 'db', 'backup', join(dir, 'nope', 'b.db')])).stderr).toBe(`error: cannot write the backup ${join(dir, 'nope', 'b.db')}: the folder ${join(dir, 'nope')} does not exist; create it first\n`);
  });

  it('writes a complete copy and leaves no partial file', async () => {
    const { dir, db } = await team();
    const r = await cli(['--db', db, 'db', 'backup', join(dir, 'copy.db')]);
    expect(r.code).toBe(0);
    expect(userCount(join(dir, 'copy.db'))).toBe(12);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('never overwrites a pre-replace backup: two replaces in one second keep two copies', async () => {
    const { dir, db } = await team();
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{"version":1,"users":[],"projects":[],"items":[]}');
    expect((await cli(['--db', db, 'import', empty, '--replace', '--yes'])).code).toBe(0);
    expect((await cli(['--db', db, 'import', WORKSPACE, '--replace', '--yes'])).code).toBe(0);
    const copies = readdirSync(dir).filter((f) => f.includes('before-replace')).sort();
    expect(copies).toHaveLength(2);
    // The first holds the original twelve users, the second the empty workspace.
    expect(copies.map((f) => userCount(join(dir, f))).sort()).toEqual([0, 12]);
  });
});

describe('the copy import --replace keeps', () => {
  it('is written only when the replace commits: a transaction that rolls back leaves none, and a no-op replace makes none', async () => {
    const { dir, db } = await team();
    const doc = join(dir, 'solo.json');
    writeFileSync(doc, '{"version":1,"users":[{"id":"solo"}]}');
    // A failure inside the write transaction, after the copy is taken: SQLite refuses the new user.
    const sqlite = new Database(db);
    sqlite.exec("CREATE TRIGGER refuse_solo BEFORE INSERT ON users WHEN NEW.id = 'solo' BEGIN SELECT RAISE(ABORT, 'solo is refused'); END");
    sqlite.close();
    const failed = await cli(['--db', db, 'import', doc, '--replace', '--yes']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error: solo is refused/);
    expect(userCount(db)).toBe(12);
    expect(readdirSync(dir).filter((f) => f.includes('before-replace') || f.includes('partial'))).toEqual([]);

    const sqlite2 = new Database(db);
    sqlite2.exec('DROP TRIGGER refuse_solo');
    sqlite2.close();
    const done = await cli(['--db', db, 'import', doc, '--replace', '--yes']);
    expect(done.code).toBe(0);
    const copies = readdirSync(dir).filter((f) => f.includes('before-replace'));
    expect(copies).toHaveLength(1);
    expect(done.stderr).toContain(`The workspace as it was before is saved in ${join(dir, copies[0]!)}\n`);
    expect(userCount(join(dir, copies[0]!))).toBe(12);
    // The same replace again changes nothing, so there is nothing to keep a copy of.
    expect(await cli(['--db', db, 'import', doc, '--replace', '--yes'])).toMatchObject({ code: 0, stderr: 'Nothing to change.\n' });
    // (Reading the copy left its -wal and -shm beside it.)
    expect(readdirSync(dir).filter((f) => /before-replace-\d{8}T\d{6}Z$/.test(f))).toEqual(copies);
  });
});

describe('reads', () => {
  it('reads the whole workspace inside one transaction', () => {
    const dir = scratch();
    const db = openDatabase(join(dir, 'n.db'));
    const seen: boolean[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      seen.push(db.inTransaction);
      return prepare(sql);
    }) as typeof db.prepare;
    loadWorkspace(db);
    db.close();
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every(Boolean)).toBe(true);
  });
});

describe('bounds and input', () => {
  it('bounds times and numbers at the edge: exit 2 for flags, FILE:LINE for the log', async () => {
    const { dir, db } = await team();
    const log = join(dir, 'far.ndjson');
    writeFileSync(log, '{"type":"message","id":"m1","at":8639999999940001,"conversation":"c","author":"x","authorKind":"customer"}\n');
    const far = await cli(['--db', db, 'simulate', '--log', log]);
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(new RegExp(`^error: ${log}:1: "at" is 8639999999940001; accepted: .* in the years 0000 to 9999\\n$`));
    const window = await cli(['--db', db, 'simulate', '--log', LOG, '--window', '8640000000000']);
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(/At most 100 years/);
    expect((await cli(['--db', db, 'audit', '--since', '999999999d'])).code).toBe(2);
    const limit = await cli(['--db', db, 'audit', '--limit', '9223372036854775807']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/option '--limit <n>' argument '9223372036854775807' is invalid\. accepted: a whole number from 0 to 1,000,000,000\./);
  });

  it('accepts a UTF-8 byte-order mark at the start of a JSON workspace and of an NDJSON log', async () => {
    const dir = scratch();
    const db = join(dir, 'bom.db');
    const doc = join(dir, 'team.json');
    writeFileSync(doc, '\ufeff{"version":1,"users":[{"id":"ann"}],"projects":[],"items":[]}');
    expect((await cli(['--db', db, 'import', doc])).code).toBe(0);
    const log = join(dir, 'bom.ndjson');
    writeFileSync(log, '\ufeff{"type":"message","id":"m1","at":"2026-03-02T09:00:00Z","conversation":"c","author":"x","authorKind":"customer"}\n');
    const r = await cli(['--db', db, 'simulate', '--log', log, '--all', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('m1,2026-03-02T09:00:00.000Z,c,,ann,false,false,not_following,,,,');
  });

  it('standard input cannot be both the preference file and the --impact log', async () => {
    const { db } = await team();
    const r = await cli(['--db', db, 'prefs', 'import', '-', '--impact', '-'], { input: 'user,email\nalice,off\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: prefs import - --impact -: standard input can be read only once; give the file or the log as a path\n');
  });
});

describe('terminal output', () => {
  const nasty = 'Eve\u001b[2J\u001b]0;pwned\u0007\u202egnp.exe';
  it('shows control and bidi characters as escapes, in a terminal and piped', async () => {
    const { db } = await team();
    // Control characters are refused on the way in (issue 15.2) ...
    const refused = await cli(['--db', db, 'users', 'add', 'eve', '--name', nasty]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: --name ${JSON.stringify(nasty)} must not contain control characters (found U+001B)\n`);
    // ... but a database written by an older notifyctl, or by hand, may hold them.
    const raw = new Database(db);
    raw.prepare("INSERT INTO users (id, name, active) VALUES ('eve', ?, 1)").run(nasty);
    raw.close();
    for (const stdoutTTY of [true, false]) {
      const r = await cli(['--db', db, 'users', 'list'], { stdoutTTY });
      expect(r.stdout).not.toMatch(/\u001b\[2J|\u001b\]0|\u0007|\u202e/);
      expect(r.stdout).toContain('Eve\\x1b[2J\\x1b]0;pwned\\x07\\u202egnp.exe');
    }
    // JSON keeps the value exactly (escaped the JSON way).
    const json = JSON.parse((await cli(['--db', db, 'users', 'show', 'eve', '--format', 'json'])).stdout) as { name: string };
    expect(json.name).toBe(nasty);
  });
});

describe('test reports', () => {
  it('names a missing folder for --junit and writes nothing', async () => {
    const dir = scratch();
    const r = await cli(['test', 'test/scenarios/email.yaml', '--junit', join(dir, 'no', 'r.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot write --junit ${join(dir, 'no', 'r.xml')}: the folder ${join(dir, 'no')} does not exist; create it first\n`);
  });

  it('writes the JUnit report whole', async () => {
    const dir = scratch();
    const r = await cli(['test', 'test/scenarios/email.yaml', '--junit', join(dir, 'r.xml')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="notifyctl" tests="\d+" failures="0" errors="0">/);
    expect(readdirSync(dir)).toEqual(['r.xml']);
  });
});

describe('scenario paths', () => {
  const scenario = (workspace: string, log: string | object[]) =>
    JSON.stringify({
      name: 's',
      workspace,
      log,
      expect: [{ message: 'm1', user: 'ann', alert: false }],
    });
  const doc = JSON.stringify({ version: 1, users: [{ id: 'ann' }], projects: [], items: [] });
  const line = JSON.stringify({ type: 'message', id: 'm1', at: '2026-03-02T09:00:00Z', conversation: 'c', author: 'x', authorKind: 'customer' });

  it('confines workspace: and log: to the scenario folder, and never quotes a file that is not a document', async () => {
    const root = scratch();
    const dir = join(root, 'scenarios');
    mkdirSync(dir);
    writeFileSync(join(root, 'secret.yaml'), doc);
    writeFileSync(join(dir, 'env.json'), scenario('/proc/self/environ', [JSON.parse(line)]));
    writeFileSync(join(dir, 'up.json'), scenario('../secret.yaml', [JSON.parse(line)]));
    const report = join(root, 'r.xml');
    const r = await cli(['test', dir, '--junit', report], { env: { NOTIFYCTL_SECRET: 'hunter2' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`"workspace" names /proc/self/environ, which is outside the scenario's folder ${realpathSync(dir)}; move it there, or allow its folder with --allow-path`);
    expect(r.stdout).toContain(`"workspace" names ../secret.yaml, which is outside the scenario's folder`);
    expect(r.stdout + readFileSync(report, 'utf8')).not.toMatch(/PATH=|hunter2|HOME=/);
    // Allowed explicitly, the file is read, but what is not a document is not quoted.
    const allowed = await cli(['test', join(dir, 'env.json'), '--allow-path', '/proc']);
    expect(allowed.stdout).toContain('/proc/self/environ is not a workspace document (a JSON or YAML object with users, projects and items)');
    expect(allowed.stdout).not.toMatch(/PATH=/);
    expect((await cli(['test', join(dir, 'up.json'), '--allow-path', root])).stdout).toBe('✓ s\n1 passed, 0 failed\n');
  });

  it('log: may be the path of an NDJSON file next to the scenario', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'team.json'), doc);
    writeFileSync(join(dir, 'day.ndjson'), `${line}\n\n`);
    writeFileSync(join(dir, 's.json'), scenario('team.json', 'day.ndjson'));
    expect((await cli(['test', join(dir, 's.json')])).stdout).toBe('✓ s\n1 passed, 0 failed\n');
  });
});

describe('ids, databases and signals', () => {
  it('one id rule for every entry point: the command line refuses what documents refuse', async () => {
    const { db } = await team();
    const long = 'x'.repeat(201);
    for (const args of [['users', 'add', ''], ['users', 'add', long], ['projects', 'add', ''], ['conversations', 'follow', '', 'alice'], ['conversations', 'add', long]]) {
      const r = await cli(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: the (user|project|conversation) id ".*" (must not be empty|must be at most 200 characters); ids are 1 to 200 characters\n$/);
    }
    // What export writes, import takes back.
    const exported = (await cli(['--db', db, 'export'])).stdout;
    const file = join(scratch(), 'w.json');
    writeFileSync(file, exported);
    expect((await cli(['--db', join(scratch(), 'copy.db'), 'import', file])).code).toBe(0);
  });

  it('read-only commands never create a database; writing ones refuse :memory:; a dangling --db link is refused', async () => {
    const dir = scratch();
    const missing = join(dir, 'typo.db');
    for (const args of [['users', 'list'], ['export'], ['prefs', 'show', 'x'], ['audit'], ['db', 'check'], ['simulate', '--log', LOG]]) {
      const r = await cli(['--db', missing, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`error: there is no database at ${missing}; create one with "notifyctl --db ${missing} init" (or import a workspace), or choose another with --db or NOTIFYCTL_DB\n`);
    }
    expect((await cli(['--db', missing, 'import', WORKSPACE, '--dry-run'])).code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    const memory = await cli(['--db', ':memory:', 'users', 'add', 'zoe']);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toBe('error: --db :memory: keeps nothing once the command ends; give a database file to write to (or use --dry-run)\n');
    symlinkSync(join(dir, 'nowhere', 'x.db'), join(dir, 'link.db'));
    const link = await cli(['--db', join(dir, 'link.db'), 'init']);
    expect(link.code).toBe(1);
    expect(link.stderr).toBe(`error: ${join(dir, 'link.db')} is a symbolic link to a missing file; give the path of the database itself with --db, or remove the link\n`);
  });

  it('a damaged database is named, with db check suggested', async () => {
    const { db } = await team();
    // Damage the pages after the header: the file is still SQLite, its tables are not.
    const bytes = readFileSync(db);
    const sqlite = new Database(db);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const whole = readFileSync(db);
    for (let i = 4096; i < whole.length; i += 7) whole[i] = 0xff;
    writeFileSync(db, whole);
    void bytes;
    const r = await cli(['--db', db, 'export']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: (the database ${db} is damaged \\(SQLite says: .*\\); nothing was changed\\. See "notifyctl --db ${db} db check", and restore a backup\\.|${db} is not a notifyctl database)`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('why text shows control characters in ids as escapes, also when piped', async () => {
    const dir = scratch();
    const db = join(dir, 'e.db');
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ version: 1, users: [{ id: 'ann' }], projects: [], items: [] }));
    await cli(['--db', db, 'import', join(dir, 'w.json')]);
    writeFileSync(join(dir, 'l.ndjson'), JSON.stringify({ type: 'message', id: 'm\u001b]0;x\u0007', at: '2026-03-02T09:00:00Z', conversation: 'c\u202e', author: 'x\u001b[2J', authorKind: 'customer' }) + '\n');
    const r = await cli(['--db', db, 'why', 'ann', 'm\u001b]0;x\u0007', '--log', join(dir, 'l.ndjson')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b|\u0007|\u202e/);
    expect(r.stdout).toContain('customer x\\x1b[2J in conversation c\\u202e');
  });
});

describe('test with no scenario, and from standard input', () => {
  it('a folder with no scenario file fails (exit 1) instead of passing with nothing run', async () => {
    const dir = scratch();
    const r = await cli(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: no scenario files in ${dir} (looked for *.yaml, *.yml and *.json with expect or scenarios, in every subfolder)\n`);
  });

  it('test - reads one scenario document from standard input', async () => {
    const input = readFileSync('test/scenarios/email.yaml', 'utf8').replace(/workspace: workspaces\//, 'workspace: test/scenarios/workspaces/');
    const r = await cli(['test', '-'], { input });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
  });
});
