/**
 * Reading the workspace out of the database and writing a changed one back. Writes are
 * driven by the list of changes, and each write adds its audit rows in the same
 * transaction.
 */
import { ADDED, type Change } from '../domain/changes.js';
import { diffWorkspaces } from '../domain/workspace-diff.js';
import { isPreferenceKey } from '../domain/preferences.js';
import { cloneWorkspace, emptyWorkspace, type User, type Workspace } from '../domain/workspace.js';
import type { UsersAndDefaults } from '../domain/preference-plan.js';
import { readTransaction, writeTransaction } from './transaction.js';
import { recordAudit, type AuditContext } from './audit.js';
import type { Db } from './database.js';

interface Row {
  [column: string]: string | number | null;
}

/**
 * The workspace defaults and every user with their explicit preferences: what the
 * preference commands need, without projects, items and conversations.
 */
export function loadUsers(db: Db): UsersAndDefaults {
  return readTransaction(db, () => readUsers(db));
}

function readUsers(db: Db): UsersAndDefaults {
  const ws: UsersAndDefaults = { defaults: new Map(), roleDefaults: new Map(), users: new Map() };
  for (const r of db.prepare('SELECT key, value FROM workspace_defaults').all() as Row[]) {
    if (isPreferenceKey(r.key as string)) ws.defaults.set(r.key as never, r.value as string);
  }
  for (const r of db.prepare('SELECT role, key, value FROM role_defaults ORDER BY role').all() as Row[]) {
    if (!isPreferenceKey(r.key as string)) continue;
    const role = r.role as string;
    if (!ws.roleDefaults.has(role)) ws.roleDefaults.set(role, new Map());
    ws.roleDefaults.get(role)!.set(r.key as never, r.value as string);
  }
  // Rows as arrays and each user built field by field (in the order a spread of the
  // fields present gave): a hundred thousand users are read by every bulk write.
  for (const [id, name, email, role, active] of db.prepare('SELECT id, name, email, role, active FROM users').raw().all() as [string, string | null, string | null, string | null, number][]) {
    const user = { id } as User;
    if (name !== null) user.name = name;
    if (email !== null) user.email = email;
    if (role !== null) user.role = role;
    user.active = active === 1;
    user.preferences = new Map();
    ws.users.set(id, user);
  }
  for (const [userId, key, value] of db.prepare('SELECT user_id, key, value FROM preferences').raw().all() as [string, string, string][]) {
    if (isPreferenceKey(key)) ws.users.get(userId)?.preferences.set(key, value);
  }
  return ws;
}

/** The project members, for selecting users by project. */
export function loadProjectMembers(db: Db): Map<string, Set<string>> {
  return readTransaction(db, () => readProjectMembers(db));
}

function readProjectMembers(db: Db): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const id of db.prepare('SELECT id FROM projects').pluck().all() as string[]) members.set(id, new Set());
  for (const r of db.prepare('SELECT project_id, user_id FROM project_members').all() as Row[]) {
    members.get(r.project_id as string)?.add(r.user_id as string);
  }
  return members;
}

/** The whole workspace, read in one transaction: never a mix of two committed states. */
export function loadWorkspace(db: Db): Workspace {
  return readTransaction(db, () => readWorkspace(db));
}

function readWorkspace(db: Db): Workspace {
  const ws = { ...emptyWorkspace(), ...readUsers(db) };
  for (const r of db.prepare('SELECT id, name FROM projects').all() as Row[]) {
    ws.projects.set(r.id as string, {
      id: r.id as string,
      ...(r.name !== null && { name: r.name as string }),
      members: new Set(),
    });
  }
  for (const r of db.prepare('SELECT project_id, user_id FROM project_members').all() as Row[]) {
    ws.projects.get(r.project_id as string)?.members.add(r.user_id as string);
  }
  for (const r of db.prepare('SELECT id, project_id, kind FROM items').all() as Row[]) {
    ws.items.set(r.id as string, {
      id: r.id as string,
      project: r.project_id as string,
      ...(r.kind !== null && { kind: r.kind as string }),
      followers: new Set(),
    });
  }
  for (const r of db.prepare('SELECT item_id, user_id FROM item_followers').all() as Row[]) {
    ws.items.get(r.item_id as string)?.followers.add(r.user_id as string);
  }
  for (const r of db.prepare('SELECT id, item_id FROM conversations').all() as Row[]) {
    ws.conversations.set(r.id as string, {
      id: r.id as string,
      ...(r.item_id !== null && { item: r.item_id as string }),
      followers: new Set(),
    });
  }
  for (const r of db.prepare('SELECT conversation_id, user_id FROM conversation_followers').all() as Row[]) {
    ws.conversations.get(r.conversation_id as string)?.followers.add(r.user_id as string);
  }
  return ws;
}

/**
 * Writes `after` over `before` (which must be what the database holds), with audit rows,
 * in one transaction. Returns the changes made.
 */
export function saveWorkspace(db: Db, before: Workspace, after: Workspace, audit: AuditContext): Change[] {
  const changes = diffWorkspaces(before, after);
  if (changes.length === 0) return changes;
  writeTransaction(db, () => {
    writeChanges(db, changes, after);
    recordAudit(db, audit, changes);
  });
  return changes;
}

/**
 * Reads the workspace (or, `users`, only users and defaults), changes a copy and writes
 * the difference with its audit rows, all inside one IMMEDIATE transaction: a concurrent
 * writer waits (or is retried), so no update is lost between the read and the write.
 * `change` and `beforeWrite` (which sees exactly what is about to change, and the
 * workspace before and after) may throw to change nothing. `write`, when given, makes
 * the database hold `after` itself instead of the rows that differ (db restore copies a
 * backup's tables); the audit rows are recorded after it either way. Returns the changes
 * and the number they were recorded under (null when nothing changed).
 */
export function updateWorkspace(db: Db, change: (ws: Workspace, before: Workspace) => Change[] | void, audit: AuditContext, beforeWrite?: (changes: readonly Change[], before: Workspace, after: Workspace) => void, scope: 'workspace' | 'users' = 'workspace', write?: (db: Db) => void): { changes: Change[]; change: number | null } {
  return writeTransaction(db, () => {
    const before = scope === 'users' ? { ...emptyWorkspace(), ...readUsers(db) } : readWorkspace(db);
    const after = cloneWorkspace(before);
    // The change may say what it made (the diff it worked out itself), or it is diffed here.
    const changes = change(after, before) ?? diffWorkspaces(before, after);
    beforeWrite?.(changes, before, after);
    if (changes.length === 0) return { changes, change: null };
    if (write !== undefined) write(db);
    else writeChanges(db, changes, after);
    return { changes, change: recordAudit(db, audit, changes) };
  });
}

/** Makes the database hold `ws` where `list` says it differs. */
function writeChanges(db: Db, list: readonly Change[], ws: Workspace): void {
  const touched = (entity: Change['entity']) => list.filter((c) => c.entity === entity);
  // Preference rows of a user removed here go with the user (ON DELETE CASCADE).
  const idsOf = (entity: Change['entity'], pick: (c: Change) => string) => new Set(touched(entity).map(pick));

  const upsertUser = db.prepare(
    `INSERT INTO users (id, name, email, role, active) VALUES (@id, @name, @email, @role, @active)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role, active = excluded.active`,
  );
  const deleteUser = db.prepare('DELETE FROM users WHERE id = ?');
  const upsertProject = db.prepare(
    'INSERT INTO projects (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name',
  );
  const deleteProject = db.prepare('DELETE FROM projects WHERE id = ?');
  const upsertItem = db.prepare(
    'INSERT INTO items (id, project_id, kind) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET project_id = excluded.project_id, kind = excluded.kind',
  );
  const deleteItem = db.prepare('DELETE FROM items WHERE id = ?');
  const upsertConversation = db.prepare(
    'INSERT INTO conversations (id, item_id) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET item_id = excluded.item_id',
  );
  const deleteConversation = db.prepare('DELETE FROM conversations WHERE id = ?');
  const setPreference = db.prepare(
    'INSERT INTO preferences (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value',
  );
  const clearPreference = db.prepare('DELETE FROM preferences WHERE user_id = ? AND key = ?');
  const setDefault = db.prepare(
    'INSERT INTO workspace_defaults (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const clearDefault = db.prepare('DELETE FROM workspace_defaults WHERE key = ?');
  const setRoleDefault = db.prepare(
    'INSERT INTO role_defaults (role, key, value) VALUES (?, ?, ?) ON CONFLICT(role, key) DO UPDATE SET value = excluded.value',
  );
  const clearRoleDefault = db.prepare('DELETE FROM role_defaults WHERE role = ? AND key = ?');
  const link = (table: string, column: string) => ({
    add: db.prepare(`INSERT OR IGNORE INTO ${table} (${column}, user_id) VALUES (?, ?)`),
    remove: db.prepare(`DELETE FROM ${table} WHERE ${column} = ? AND user_id = ?`),
  });
  const links = {
    member: link('project_members', 'project_id'),
    item_follower: link('item_followers', 'item_id'),
    conversation_follower: link('conversation_followers', 'conversation_id'),
  };

  // Parents first, so that references hold.
  for (const id of idsOf('user', (c) => c.user!)) {
    const u = ws.users.get(id);
    if (u !== undefined) {
      upsertUser.run({ id, name: u.name ?? null, email: u.email ?? null, role: u.role ?? null, active: u.active ? 1 : 0 });
    }
  }
  for (const id of idsOf('project', (c) => c.target!)) {
    const p = ws.projects.get(id);
    if (p !== undefined) upsertProject.run(id, p.name ?? null);
  }
  for (const id of idsOf('item', (c) => c.target!)) {
    const i = ws.items.get(id);
    if (i !== undefined) upsertItem.run(id, i.project, i.kind ?? null);
  }
  for (const id of idsOf('conversation', (c) => c.target!)) {
    const c = ws.conversations.get(id);
    if (c !== undefined) upsertConversation.run(id, c.item ?? null);
  }
  for (const c of list) {
    if (c.entity === 'preference') {
      if (c.new === null) clearPreference.run(c.user, c.key);
      else setPreference.run(c.user, c.key, c.new);
    } else if (c.entity === 'default') {
      if (c.new === null) clearDefault.run(c.key);
      else setDefault.run(c.key, c.new);
    } else if (c.entity === 'role_default') {
      if (c.new === null) clearRoleDefault.run(c.target, c.key);
      else setRoleDefault.run(c.target, c.key, c.new);
    } else if (c.entity === 'member' || c.entity === 'item_follower' || c.entity === 'conversation_follower') {
      const statements = links[c.entity];
      (c.new === ADDED ? statements.add : statements.remove).run(c.target, c.user);
    }
  }
  // Children before parents when removing.
  for (const id of idsOf('conversation', (c) => c.target!)) if (!ws.conversations.has(id)) deleteConversation.run(id);
  for (const id of idsOf('item', (c) => c.target!)) if (!ws.items.has(id)) deleteItem.run(id);
  for (const id of idsOf('project', (c) => c.target!)) if (!ws.projects.has(id)) deleteProject.run(id);
  for (const id of idsOf('user', (c) => c.user!)) if (!ws.users.has(id)) deleteUser.run(id);
}
