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
