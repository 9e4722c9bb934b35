import Database from 'better-sqlite3';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloneWorkspace, emptyWorkspace } from '../../src/domain/workspace.js';
import { openDatabase } from '../../src/store/database.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { loadWorkspace, saveWorkspace } from '../../src/store/workspace-store.js';
import { BASE, workspace } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'notifyctl-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `db-${n++}.db`);
const audit = { actor: 'tester', command: 'test' };

describe('the database file', () => {
  it('is created readable by its owner only, with the current schema version', () => {
    const path = fresh();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('opening twice is harmless (idempotent migrations)', () => {
    const path = fresh();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a file that is not a database, naming it, and leaves it untouched', () => {
    const path = fresh();
    writeFileSync(path, 'just some text, not SQLite at all. '.repeat(200));
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(`${path} is not a notifyctl database (SQLite says: file is not a database); it was left untouched. Choose another file with --db or NOTIFYCTL_DB.`);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a database from a newer schema and leaves it untouched', () => {
    const path = fresh();
    const other = new Database(path);
    other.pragma('user_version = 99');
    other.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(`${path} was written by a newer notifyctl (schema version 99; this one knows up to ${SCHEMA_VERSION}); it was left untouched. Upgrade notifyctl to use it.`);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses another program's SQLite database", () => {
    const path = fresh();
    const other = new Database(path);
    other.exec('CREATE TABLE invoices (id INTEGER)');
    other.close();
    expect(() => openDatabase(path)).toThrow(/is an SQLite database of another program \(it has tables invoices\)/);
  });

  it('names a missing directory', () => {
    expect(() => openDatabase(join(dir, 'no', 'such', 'x.db'))).toThrow(/the directory .*no\/such does not exist; create it first or choose another --db/);
  });
});

describe('saving a workspace', () => {
  it('round-trips through the tables and writes one audit row per change', () => {
    const db = openDatabase(fresh());
    const ws = workspace({ ...BASE, defaults: { customerReplies: false }, users: [...BASE.users, { id: 'dave', role: 'ops', active: false, preferences: { customerMessages: 'all' } }] });
    const changes = saveWorkspace(db, emptyWorkspace(), ws, audit);
    expect(loadWorkspace(db)).toEqual(ws);
    const rows = db.prepare('SELECT actor, command, entity, target, user_id, key, old_value, new_value FROM audit ORDER BY id').all();
    expect(rows).toHaveLength(changes.length);
    expect(rows).toContainEqual({ actor: 'tester', command: 'test', entity: 'preference', target: null, user_id: 'dave', key: 'customerMessages', old_value: null, new_value: 'all' });
    expect(rows).toContainEqual({ actor: 'tester', command: 'test', entity: 'default', target: null, user_id: null, key: 'customerReplies', old_value: null, new_value: 'off' });
    expect(rows).toContainEqual({ actor: 'tester', command: 'test', entity: 'item_follower', target: 'T-1', user_id: 'bob', key: null, old_value: null, new_value: 'added' });
    db.close();
  });

  it('writes only what changed, and removes what the new workspace drops', () => {
    const db = openDatabase(fresh());
    const ws = workspace(BASE);
    saveWorkspace(db, emptyWorkspace(), ws, audit);
    const next = cloneWorkspace(ws);
    next.users.get('bob')!.preferences.set('email', 'off');
    next.items.get('T-1')!.followers.delete('bob');
    next.conversations.delete('c-1');
    const changes = saveWorkspace(db, ws, next, audit);
    expect(changes.map((c) => [c.entity, c.key, c.old, c.new])).toEqual([
      ['preference', 'email', null, 'off'],
      ['item_follower', null, 'present', 'removed'],
      ['conversation', null, 'present', 'removed'],
      ['conversation', 'item', 'T-1', null],
    ]);
    expect(loadWorkspace(db)).toEqual(next);
    db.close();
  });

  it('is all or nothing: a failure half-way leaves the database as it was, audit included', () => {
    const db = openDatabase(fresh());
    const ws = workspace(BASE);
    saveWorkspace(db, emptyWorkspace(), ws, audit);
    const auditRows = db.prepare('SELECT count(*) FROM audit').pluck().get();
    const broken = cloneWorkspace(ws);
    broken.users.set('zed', { id: 'zed', active: true, preferences: new Map() });
    // An item whose project does not exist violates a foreign key late in the transaction.
    broken.items.set('T-9', { id: 'T-9', project: 'missing', followers: new Set() });
    expect(() => saveWorkspace(db, ws, broken, audit)).toThrow(/FOREIGN KEY/);
    expect(loadWorkspace(db)).toEqual(ws);
    expect(db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(auditRows);
    db.close();
  });
});

describe('reading the audit trail in pieces (changeRows, rowsAfterChange)', () => {
  // What the driver gives row by row, to compare with: the plain queries these replaced.
  const plain = (db: ReturnType<typeof openDatabase>, where: string, n: number) =>
    db.prepare(`SELECT change, at, actor, command, entity, target, user_id AS user, key, old_value AS old, new_value AS new FROM audit WHERE ${where} ORDER BY id`).all(n) as Record<string, unknown>[];
  it('gives every row, in order, with odd values intact, across several pieces and changes', async () => {
    const { recordAudit } = await import('../../src/store/audit.js');
    const { changeRows, rowsAfterChange } = await import('../../src/store/audit-query.js');
    const db = openDatabase(fresh());
    const odd = ['', 'a"b', 'back\\slash', 'new\nline', 'nul\u0000char', 'tab\there', '\u2028\u2029', 'émoji 🎉', '{"json":1}', '[1,2]', 'null', '12', ' '.repeat(3)];
    const rowsOf = (k: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        entity: (['user', 'preference', 'member', 'project'] as const)[i % 4]!,
        target: i % 3 === 0 ? null : `p${k}-${i}`,
        user: i % 5 === 0 ? null : `u${i}`,
        key: i % 2 === 0 ? null : odd[i % odd.length]!,
        old: i % 7 === 0 ? null : odd[(i + 3) % odd.length]!,
        new: i % 11 === 0 ? null : `${odd[(i + 5) % odd.length]!}${i}`,
      }));
    // More rows than one piece (4096), and a number of rows that is not a multiple of it.
    recordAudit(db, audit, rowsOf(1, 9000));
    recordAudit(db, { actor: 'second "actor"', command: 'prefs set --all-users' }, rowsOf(2, 4096));
    recordAudit(db, { actor: 'third', command: 'x\ny' }, rowsOf(3, 3));
    const one = plain(db, 'change = ?', 1).map(({ at, actor, command, ...r }) => r);
    expect(one).toHaveLength(9000);
    expect(changeRows(db, 1)).toEqual(one);
    const later = plain(db, 'change > ?', 1);
    expect(later).toHaveLength(4099);
    expect(rowsAfterChange(db, 1)).toEqual(later);
    expect(rowsAfterChange(db, 0)).toEqual(plain(db, 'change > ?', 0));
    expect(rowsAfterChange(db, 3)).toEqual([]);
    expect(changeRows(db, 4)).toEqual([]);
    db.close();
  });
});
