/**
 * The one vocabulary of changes to a workspace. Every write is a list of `Change` rows
 * (entity, target, user, key, old, new): what a dry run shows, what the store writes,
 * what the audit trail keeps, what undo inverts, what `--as-of` rewinds, what a plan
 * compares, what a fix tries. `applyChanges` is the one place that makes a workspace
 * hold what a list of changes says.
 */
import { isPreferenceKey } from './preferences.js';
import { cloneWorkspace, setRoleDefault, type Workspace } from './workspace.js';

export type ChangeEntity =
  | 'user'
  | 'preference'
  | 'default'
  | 'role_default'
  | 'project'
  | 'member'
  | 'item'
  | 'item_follower'
  | 'conversation'
  | 'conversation_follower';

export interface Change {
  entity: ChangeEntity;
  /** The project, item, conversation or role concerned (null for users, preferences, workspace defaults). */
  target: string | null;
  /** The user concerned, if any. */
  user: string | null;
  /** The field or preference key; null when the entity itself (or a link) is added or removed. */
  key: string | null;
  old: string | null;
  new: string | null;
}

/** An audit row: a Change with its change number. */
export interface ChangeRow extends Change {
  change: number;
}

export const ADDED = 'added';
export const REMOVED = 'removed';
/** What an existence row says was there before it was removed. */
export const PRESENT = 'present';

const ENTITIES = ['user', 'project', 'item', 'conversation'] as const;
type Entity = (typeof ENTITIES)[number];
const isEntity = (e: ChangeEntity): e is Entity => (ENTITIES as readonly string[]).includes(e);
const isLink = (e: ChangeEntity) => e === 'member' || e === 'item_follower' || e === 'conversation_follower';
/** A row about something being there or not: an entity, or a link (membership, follow). */
const isExistence = (c: Change) => c.key === null;

/** A row that adds or removes something. */
export function existenceChange(entity: ChangeEntity, target: string | null, user: string | null, added: boolean): Change {
  return { entity, target, user, key: null, old: added ? null : PRESENT, new: added ? ADDED : REMOVED };
}

/** What a row left behind, in currentValue's terms (an existence or link row: "added" or absent). */
export function valueLeft(r: Change): string | null {
  if (isExistence(r)) return r.new === REMOVED ? null : ADDED;
  return r.new;
}

/** The changes that take `changes` back: newest first, each the other way round. */
export function inverse(changes: readonly Change[]): Change[] {
  return [...changes].reverse().map((c) => (isExistence(c) ? existenceChange(c.entity, c.target, c.user, c.new === REMOVED) : { ...c, old: c.new, new: c.old }));
}

/** The value a row found, which undoing it restores (inverse's valueLeft). */
export function valueFound(r: Change): string | null {
  if (isExistence(r)) return r.new === REMOVED ? ADDED : null;
  return r.old;
}

/** The value a row describes, as the workspace holds it now (null: absent; existence and links: "added"). */
export function currentValue(ws: Workspace, r: Change): string | null {
  const present = (yes: boolean) => (yes ? ADDED : null);
  switch (r.entity) {
    case 'default':
      return ws.defaults.get(r.key as never) ?? null;
    case 'role_default':
      return ws.roleDefaults.get(r.target!)?.get(r.key as never) ?? null;
    case 'user': {
      const u = ws.users.get(r.user!);
      if (r.key === null) return present(u !== undefined);
      if (u === undefined) return null;
      if (r.key === 'active') return String(u.active);
      return (u as unknown as Record<string, string | undefined>)[r.key] ?? null;
    }
    case 'preference':
      return ws.users.get(r.user!)?.preferences.get(r.key as never) ?? null;
    case 'project': {
      const p = ws.projects.get(r.target!);
      return r.key === null ? present(p !== undefined) : (p?.name ?? null);
    }
    case 'member':
      return present(ws.projects.get(r.target!)?.members.has(r.user!) === true);
    case 'item': {
      const i = ws.items.get(r.target!);
      if (r.key === null) return present(i !== undefined);
      return (r.key === 'project' ? i?.project : i?.kind) ?? null;
    }
    case 'item_follower':
      return present(ws.items.get(r.target!)?.followers.has(r.user!) === true);
    case 'conversation': {
      const c = ws.conversations.get(r.target!);
      return r.key === null ? present(c !== undefined) : (c?.item ?? null);
    }
    case 'conversation_follower':
      return present(ws.conversations.get(r.target!)?.followers.has(r.user!) === true);
  }
}

/** The set of users a link row is about (null when its project, item or conversation is not there). */
function linksOf(ws: Workspace, r: Change): Set<string> | undefined {
  if (r.entity === 'member') return ws.projects.get(r.target!)?.members;
  if (r.entity === 'item_follower') return ws.items.get(r.target!)?.followers;
  return ws.conversations.get(r.target!)?.followers;
}

/** Gives the field or link a row is about the value `value`; a row about something absent changes nothing. */
function setValue(ws: Workspace, r: Change, value: string | null): void {
  const set = (o: Record<string, unknown>, key: string) => {
    if (value === null) delete o[key];
    else o[key] = value;
  };
  if (isLink(r.entity)) {
    const links = linksOf(ws, r);
    if (links === undefined) return;
    if (value === null) links.delete(r.user!);
    else links.add(r.user!);
    return;
  }
  switch (r.entity) {
    case 'default':
      if (isPreferenceKey(r.key!)) value === null ? ws.defaults.delete(r.key) : ws.defaults.set(r.key, value);
      return;
    case 'role_default':
      if (isPreferenceKey(r.key!)) setRoleDefault(ws.roleDefaults, r.target!, r.key, value);
      return;
    case 'user': {
      const u = ws.users.get(r.user!);
      if (u === undefined) return;
      if (r.key === 'active') u.active = value !== 'false';
      else set(u as unknown as Record<string, unknown>, r.key!);
      return;
    }
    case 'preference': {
      const prefs = ws.users.get(r.user!)?.preferences;
      if (prefs !== undefined && isPreferenceKey(r.key!)) value === null ? prefs.delete(r.key) : prefs.set(r.key, value);
      return;
    }
    case 'project': {
      const p = ws.projects.get(r.target!);
      if (p !== undefined) set(p as unknown as Record<string, unknown>, 'name');
      return;
    }
    case 'item': {
      const i = ws.items.get(r.target!);
      if (i === undefined) return;
      if (r.key === 'project') i.project = value ?? i.project;
      else set(i as unknown as Record<string, unknown>, 'kind');
      return;
    }
    case 'conversation': {
      const c = ws.conversations.get(r.target!);
      if (c !== undefined) set(c as unknown as Record<string, unknown>, 'item');
      return;
    }
  }
}

/** Removes users and every link that names them (memberships, follows), in one pass. */
export function removeUsers(ws: Workspace, ids: ReadonlySet<string>): void {
  if (ids.size === 0) return;
  for (const id of ids) ws.users.delete(id);
  const unlink = (links: Set<string>) => {
    for (const u of links) if (ids.has(u)) links.delete(u);
  };
  for (const p of ws.projects.values()) unlink(p.members);
  for (const i of ws.items.values()) unlink(i.followers);
  for (const c of ws.conversations.values()) unlink(c.followers);
}

/** Removes an item; its conversations become unattached. */
export function removeItem(ws: Workspace, id: string): void {
  ws.items.delete(id);
  for (const c of ws.conversations.values()) if (c.item === id) delete c.item;
}

function addEntity(ws: Workspace, entity: Entity, r: Change): void {
  if (entity === 'user' && !ws.users.has(r.user!)) ws.users.set(r.user!, { id: r.user!, active: true, preferences: new Map() });
  if (entity === 'project' && !ws.projects.has(r.target!)) ws.projects.set(r.target!, { id: r.target!, members: new Set() });
  if (entity === 'item' && !ws.items.has(r.target!)) ws.items.set(r.target!, { id: r.target!, project: '', followers: new Set() });
  if (entity === 'conversation' && !ws.conversations.has(r.target!)) ws.conversations.set(r.target!, { id: r.target!, followers: new Set() });
}

/**
 * Makes `ws` hold what `changes` say, in place: each row's field, value or link gets the
 * row's `new`. Entities a row adds come first (parents before children), so that the
 * fields and links that follow have somewhere to go; entities a row removes go last
 * (children before parents), taking their links with them. Forward (a write, a plan, a
 * fix, the history replay) and backward (`inverse`: undo, `--as-of`) alike.
 */
export function applyChanges(ws: Workspace, changes: readonly Change[]): void {
  applyRows(ws, changes, false);
}

/**
 * `applyChanges(ws, inverse(changes))` without making the inverse rows: an undo of an
 * import is hundreds of thousands of rows, and a copy of each (kept until the end) was
 * work for the garbage collector. A property test holds the two to the same workspace.
 */
export function applyInverse(ws: Workspace, changes: readonly Change[]): void {
  applyRows(ws, changes, true);
}

/**
 * applyChanges of the rows, or (`backwards`) of their inverse: newest first, each row's
 * entity added where it removed it and removed where it added it, and its value the one
 * it found (`valueFound`, the inverse's `valueLeft`).
 */
function applyRows(ws: Workspace, changes: readonly Change[], backwards: boolean): void {
  // The rows that add or remove an entity, sorted out in one pass (an undo of an import
  // is hundreds of thousands of rows), each kind in the rows' order.
  const added: Record<Entity, Change[]> = { user: [], project: [], item: [], conversation: [] };
  const removed: Record<Entity, Change[]> = { user: [], project: [], item: [], conversation: [] };
  const n = changes.length;
  for (let k = 0; k < n; k++) {
    const r = changes[backwards ? n - 1 - k : k]!;
    if (!isExistence(r) || !isEntity(r.entity)) continue;
    // The inverse of an existence row adds what it removed, and removes anything else.
    const adds = backwards ? r.new === REMOVED : r.new === ADDED;
    if (adds) added[r.entity].push(r);
    else if (backwards || r.new === REMOVED) removed[r.entity].push(r);
  }
  for (const entity of ENTITIES) for (const r of added[entity]) addEntity(ws, entity, r);
  for (let k = 0; k < n; k++) {
    const r = changes[backwards ? n - 1 - k : k]!;
    if (!(isEntity(r.entity) && isExistence(r))) setValue(ws, r, backwards ? valueFound(r) : valueLeft(r));
  }
  // Removals in one pass each, not one pass per entity removed: undoing an import of
  // thousands of users stays linear.
  for (const r of removed.conversation) ws.conversations.delete(r.target!);
  const items = new Set(removed.item.map((r) => r.target!));
  for (const id of items) ws.items.delete(id);
  if (items.size > 0) for (const c of ws.conversations.values()) if (c.item !== undefined && items.has(c.item)) delete c.item;
  for (const r of removed.project) ws.projects.delete(r.target!);
  removeUsers(ws, new Set(removed.user.map((r) => r.user!)));
}

/** One recorded change as the history replay applies it (SPEC 10.1): its rows, at its time (epoch ms). */
export interface TimedChange {
  change: number;
  at: number;
  rows: readonly Change[];
}

/** The workspace at `at`: `start` (a copy) with every change made at or before `at` applied, in order (SPEC 10.1). */
export function workspaceAt(start: Workspace, changes: readonly TimedChange[], at: number): Workspace {
  const ws = cloneWorkspace(start);
  for (const c of changes) if (c.at <= at) applyChanges(ws, c.rows);
  return ws;
}
