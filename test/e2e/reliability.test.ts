/**
 * The guarantees of the README's "Guarantees" section, each tested by causing the fault:
 * kill -9 in the middle of a write, eight writers at once, damaged and foreign files,
 * hostile input.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleDatabase } from '../fixtures/databases.js';
import { BIN, run, tempDir } from './run.js';

const BIG = 100_000;
let bigWorkspace = '';

beforeAll(() => {
  const dir = tempDir();
  const r = spawnSync(process.execPath, [resolve('bench/generate.mjs'), '--users', String(BIG), '--workspace-only', '--out', dir]);
  expect(r.status).toBe(0);
  bigWorkspace = join(dir, 'workspace.json');
}, 60_000);

function query<T>(db: string, sql: string): T {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get() as T;
  } finally {
    sqlite.close();
  }
}

/** Starts a command, kills it with SIGKILL after `ms`, and waits for it to die. */
function killAfter(args: string[], ms: number): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done(code);
    });
  });
}

describe('crash safety', () => {
  it('kill -9 at any moment of a 100,000-user import leaves all of it or none of it', async () => {
    const dir = tempDir();
    let sawNothing = false;
    let sawEverything = false;
    for (const ms of [150, 600, 1200, 2500, 60_000]) {
      const db = join(dir, `import-${ms}.db`);
      await killAfter(['--db', db, 'import', bigWorkspace], ms);
      if (!existsSync(db)) continue;
      expect(query<string>(db, 'PRAGMA integrity_check')).toBe('ok');
      const users = existsSync(db) ? query<number>(db, "SELECT count(*) FROM sqlite_master WHERE name = 'users'") : 0;
      if (users === 0) continue; // killed before the schema was created
      const count = query<number>(db, 'SELECT count(*) FROM users');
      const audit = query<number>(db, 'SELECT count(*) FROM audit');
      expect([0, BIG]).toContain(count);
      if (count === 0) {
        expect(audit).toBe(0);
        sawNothing = true;
      } else {
        expect(audit).toBeGreaterThan(BIG);
        sawEverything = true;
      }
    }
    expect(sawEverything).toBe(true); // the last run was allowed to finish
    expect(sawNothing || sawEverything).toBe(true);
  }, 120_000);

  it('kill -9 during a bulk prefs set, and during its undo, leaves every user changed, or none', async () => {
    const dir = tempDir();
    const base = join(dir, 'base.db');
    expect(run(['--db', base, 'import', bigWorkspace]).code).toBe(0);
    const auditBefore = query<number>(base, 'SELECT count(*) FROM audit');
    for (const ms of [300, 900, 60_000]) {
      const db = join(dir, `set-${ms}.db`);
      copyFileSync(base, db);
      await killAfter(['--db', db, 'prefs', 'set', '--all-users', '--customer-messages', 'all', '--yes'], ms);
      expect(query<string>(db, 'PRAGMA integrity_check')).toBe('ok');
      const all = query<number>(db, "SELECT count(*) FROM preferences WHERE key = 'customerMessages' AND value = 'all'");
      const audit = query<number>(db, 'SELECT count(*) FROM audit') - auditBefore;
      const alreadyAll = query<number>(base, "SELECT count(*) FROM preferences WHERE key = 'customerMessages' AND value = 'all'");
      if (all === alreadyAll) expect(audit).toBe(0);
      else {
        expect(all).toBe(BIG);
        expect(audit).toBe(BIG - alreadyAll);
      }
    }
    // The same for undoing that change (2), from the run that was allowed to finish.
    const done = join(dir, 'set-60000.db');
    const changed = query<number>(done, 'SELECT count(*) FROM audit WHERE change = 2');
    let sawUndone = false;
    for (const ms of [300, 60_000]) {
      const db = join(dir, `undo-${ms}.db`);
      copyFileSync(done, db);
      await killAfter(['--db', db, 'audit', 'undo', '2', '--yes'], ms);
      expect(query<string>(db, 'PRAGMA integrity_check')).toBe('ok');
      const all = query<number>(db, "SELECT count(*) FROM preferences WHERE key = 'customerMessages' AND value = 'all'");
      const undoRows = query<number>(db, 'SELECT count(*) FROM audit WHERE change = 3');
      if (undoRows === 0) expect(all).toBe(BIG);
      else {
        expect(undoRows).toBe(changed);
        expect(all).toBe(BIG - changed);
        sawUndone = true;
      }
    }
    expect(sawUndone).toBe(true); // the last undo was allowed to finish
  }, 120_000);
});

describe('concurrent writers', () => {
  it('eight writers at once all succeed, lose no update, and audit every change', async () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    const users = Array.from({ length: 40 }, (_, i) => ({ id: `w${String(i).padStart(2, '0')}` }));
    writeFileSync(join(dir, 'ws.json'), JSON.stringify({ users, projects: [{ id: 'p' }] }));
    expect(run(['--db', db, 'import', join(dir, 'ws.json')]).code).toBe(0);
    const before = query<number>(db, 'SELECT count(*) FROM audit');
    const writer = (i: number) =>
      new Promise<number | null>((done) => {
        // Each writer changes its own five users' preferences, and all add a member to the same project.
        const mine = users.slice(i * 5, i * 5 + 5).map((u) => u.id);
        const script = `"${process.execPath}" "${BIN}" --db "${db}" prefs set ${mine.join(' ')} --email off --yes && "${process.execPath}" "${BIN}" --db "${db}" projects members add p ${mine[0]}`;
        spawn('sh', ['-c', script], { stdio: 'ignore' }).on('exit', done);
      });
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => writer(i)));
    expect(codes).toEqual(Array(8).fill(0));
    expect(query<number>(db, "SELECT count(*) FROM preferences WHERE key = 'email' AND value = 'off'")).toBe(40);
    expect(query<number>(db, "SELECT count(*) FROM project_members WHERE project_id = 'p'")).toBe(8);
    expect(query<number>(db, 'SELECT count(*) FROM audit') - before).toBe(48);
  }, 60_000);
});

describe('damaged and foreign files', () => {
  it('db check reports a healthy database and fails a damaged one', async () => {
    const { db } = await exampleDatabase();
    const ok = run(['--db', db, 'db', 'check', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, integrity: ['ok'], foreignKeyProblems: 0, schemaVersion: 3, journalMode: 'wal', counts: { users: 12, projects: 3, items: 4 } });
    // Damage the pages that hold the data, leaving the header readable.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    for (let offset = 4096; offset < size; offset += 4096) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset + 8);
    closeSync(fd);
    const bad = run(['--db', db, 'db', 'check']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error: (.*failed its integrity check; restore a backup|.*is not a notifyctl database \(SQLite says: database disk image is malformed\))/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a location that cannot be written', () => {
    const r = run(['--db', '/proc/notifyctl/test.db', 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot create the database \/proc\/notifyctl\/test\.db: the directory \/proc\/notifyctl does not exist/);
    const r2 = run(['--db', '/proc/self/notifyctl.db', 'init']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/^error: cannot create the database \/proc\/self\/notifyctl\.db: .*; choose a location you can write to with --db\n$/);
  });

  it('db backup writes an owner-only copy; import --replace keeps one and says where', async () => {
    const { dir, db } = await exampleDatabase();
    const copy = join(dir, 'copy.db');
    expect(run(['--db', db, 'db', 'backup', copy]).stdout).toBe(`Backed up ${db} to ${copy}.\n`);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(query<number>(copy, 'SELECT count(*) FROM users')).toBe(12);
    expect(run(['--db', db, 'db', 'backup', copy]).stderr).toBe(`error: ${copy} exists already; choose another path or pass --force to overwrite it\n`);
    writeFileSync(join(dir, 'small.json'), '{"users":[{"id":"solo"}]}');
    const replaced = run(['--db', db, 'import', join(dir, 'small.json'), '--replace', '--yes']);
    expect(replaced.code).toBe(0);
    const saved = /saved in (.*)\n/.exec(replaced.stderr)?.[1];
    expect(saved).toMatch(/team\.db\.before-replace-\d{8}T\d{6}Z$/);
    expect(statSync(saved!).mode & 0o777).toBe(0o600);
    expect(query<number>(saved!, 'SELECT count(*) FROM users')).toBe(12);
    expect(query<number>(db, 'SELECT count(*) FROM users')).toBe(1);
    expect(readdirSync(dir).filter((f) => /before-replace-\d{8}T\d{6}Z$/.test(f))).toHaveLength(1);
  });
});

describe('hostile input', () => {
  it('stores and shows injection-looking and prototype ids verbatim, changing nothing else', () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    const ids = ["'); DROP TABLE users;--", '__proto__', 'constructor', 'toString', 'x" OR "1"="1'];
    for (const id of ids) expect(run(['--db', db, 'users', 'add', id, '--name', id]).code).toBe(0);
    expect(run(['--db', db, 'prefs', 'set', ...ids, '--customer-messages', 'all']).code).toBe(0);
    const doc = JSON.parse(run(['--db', db, 'export']).stdout);
    expect(doc.users.map((u: { id: string }) => u.id).sort()).toEqual([...ids].sort());
    expect(doc.users.every((u: { name: string; id: string; preferences: object }) => u.name === u.id && JSON.stringify(u.preferences) === '{"customerMessages":"all"}')).toBe(true);
    expect(JSON.parse(run(['--db', db, 'prefs', 'show', '__proto__', '--format', 'json']).stdout).user).toBe('__proto__');
    expect(JSON.parse(run(['--db', db, 'db', 'check', '--format', 'json']).stdout).counts.users).toBe(5);
  });

  it('refuses a huge line, deep nesting, invalid UTF-8, 1e309 and impossible dates by FILE:LINE', async () => {
    const { dir, db } = await exampleDatabase();
    const good = '{"type":"message","id":"m1","at":"2026-03-02T09:00:00Z","conversation":"c-1","author":"x","authorKind":"customer"}';
    const cases: [string | Buffer, RegExp][] = [
      [`${good}\n{"type":"view","pad":"${'x'.repeat(10 * 1024 * 1024)}"}\n`, /:2: the line is longer than 1048576 bytes$/],
      [`${good}\n${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, /:2: expected a JSON object, got a deeply nested list$/],
      [Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a])]), /:2: the line is not valid UTF-8$/],
      [`${good}\n{"type":"view","at":1e309,"user":"bob","conversation":"c-1"}\n`, /:2: "at" is Infinity; accepted: an ISO 8601 date-time with a zone/],
      [`${good}\n{"type":"view","at":"2026-02-31T00:00:00Z","user":"bob","conversation":"c-1"}\n`, /:2: "at" is "2026-02-31T00:00:00Z"; accepted/],
    ];
    for (const [content, message] of cases) {
      const log = join(dir, 'hostile.ndjson');
      writeFileSync(log, content);
      const r = run(['--db', db, 'simulate', '--log', log]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd()).toMatch(new RegExp(`^error: ${log.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}${message.source}`));
    }
  }, 60_000);
});


describe('results written before the log has proved valid are taken back', () => {
  // A log long enough that results leave memory (several MiB) before its bad last line.
  const setup = () => {
    const dir = tempDir();
    const gen = spawnSync(process.execPath, [resolve('bench/generate.mjs'), '--messages', '20000', '--users', '50', '--out', dir]);
    expect(gen.status).toBe(0);
    const db = join(dir, 'n.db');
    expect(run(['--db', db, 'import', join(dir, 'workspace.json')]).code).toBe(0);
    const good = join(dir, 'log.ndjson');
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, readFileSync(good, 'utf8') + '{"type":"view","at":"2030-01-01T00:00:00Z","user":"nobody","conversation":"c"}\n');
    return { dir, db, good, bad };
  };
  const piped = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const toFile = (args: string[], path: string, flags = 'w') => {
    const fd = openSync(path, flags);
    try {
      return spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    } finally {
      closeSync(fd);
    }
  };

  it('an empty file given as stdout is empty again after a bad line; a good log fills it as a pipe would', () => {
    const { dir, db, good, bad } = setup();
    const out = join(dir, 'out.ndjson');
    const refused = toFile(['--db', db, 'simulate', '--log', bad, '--format', 'ndjson'], out);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/bad\.ndjson:\d+: "user" names "nobody", which is not a user of the workspace/);
    expect(statSync(out).size).toBe(0);

    const viaPipe = piped(['--db', db, 'simulate', '--log', good, '--format', 'ndjson']);
    expect(viaPipe.status).toBe(0);
    expect(viaPipe.stdout.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(toFile(['--db', db, 'simulate', '--log', good, '--format', 'ndjson'], out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(viaPipe.stdout);
  }, 60_000);

  it('a file that already has content is left as it was (>>), and /dev/null takes the results', () => {
    const { dir, db, good, bad } = setup();
    const out = join(dir, 'kept.txt');
    writeFileSync(out, 'earlier content\n');
    const refused = toFile(['--db', db, 'simulate', '--log', bad, '--format', 'ndjson'], out, 'a');
    expect(refused.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('earlier content\n');
    const appended = toFile(['--db', db, 'simulate', '--log', good, '--format', 'ndjson'], out, 'a');
    expect(appended.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('earlier content\n' + piped(['--db', db, 'simulate', '--log', good, '--format', 'ndjson']).stdout);
    expect(toFile(['--db', db, 'simulate', '--log', good, '--format', 'ndjson'], '/dev/null').status).toBe(0);
    expect(toFile(['--db', db, 'simulate', '--log', bad, '--format', 'ndjson'], '/dev/null').status).toBe(1);
  }, 60_000);
});
