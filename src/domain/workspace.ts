/**
 * The workspace held in memory (SPEC section 3). Maps and sets keyed by id, never plain
 * objects keyed by input, so ids such as "__proto__" are ordinary ids.
 */
import { controlCharacter } from './fields.js';
import { effectivePreferences, type EffectivePreferences, type PreferenceKey, type PreferenceValues } from './preferences.js';

export const WORKSPACE_VERSION = 1;
export const MAX_ID_LENGTH = 200;

/**
 * The one id rule (SPEC section 3) for every entry point: a document, a log, a command
 * line. Null when `id` is a good id, else what is wrong with it.
 */
export function idProblem(id: string): string | null {
  if (id.length === 0) return 'must not be empty';
  if (id.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (controlCharacter(id) !== null) return 'must not contain control characters';
  return null;
}

export interface User {
  id: string;
  name?: string;
  email?: string;
  role?: string;
  active: boolean;
  preferences: PreferenceValues;
}

export interface Project {
  id: string;
  name?: string;
  members: Set<string>;
}

export interface Item {
  id: string;
  project: string;
  kind?: string;
  followers: Set<string>;
}

export interface Conversation {
  id: string;
  item?: string;
  followers: Set<string>;
}

export interface Workspace {
  /** Only keys whose value differs from the built-in default. */
  defaults: PreferenceValues;
  /** Per role, the keys it sets (SPEC 9.8); a role with no keys is absent. */
  roleDefaults: Map<string, PreferenceValues>;
  users: Map<string, User>;
  projects: Map<string, Project>;
  items: Map<string, Item>;
  conversations: Map<string, Conversation>;
}

export function emptyWorkspace(): Workspace {
  return {
    defaults: new Map(),
    roleDefaults: new Map(),
    users: new Map(),
    projects: new Map(),
    items: new Map(),
    conversations: new Map(),
  };
}

/** Sorts ids by UTF-16 code units, the order every output uses. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareIds);
}

export function cloneWorkspace(ws: Workspace): Workspace {
  const users = new Map<string, User>();
  for (const [id, u] of ws.users) users.set(id, { ...u, preferences: new Map(u.preferences) });
  const projects = new Map<string, Project>();
  for (const [id, p] of ws.projects) projects.set(id, { ...p, members: new Set(p.members) });
  const items = new Map<string, Item>();
  for (const [id, i] of ws.items) items.set(id, { ...i, followers: new Set(i.followers) });
  const conversations = new Map<string, Conversation>();
  for (const [id, c] of ws.conversations)
    conversations.set(id, { ...c, followers: new Set(c.followers) });
  return { defaults: new Map(ws.defaults), roleDefaults: cloneRoleDefaults(ws.roleDefaults), users, projects, items, conversations };
}

export function cloneRoleDefaults(roles: ReadonlyMap<string, PreferenceValues>): Map<string, PreferenceValues> {
  return new Map([...roles].map(([role, values]) => [role, new Map(values)]));
}

/** A user's effective preferences in a workspace: explicit, else role, else workspace default. */
export function preferencesOf(ws: Pick<Workspace, 'defaults' | 'roleDefaults'>, user: Pick<User, 'preferences' | 'role'>): EffectivePreferences {
  return effectivePreferences(user.preferences, ws.defaults, roleDefaultsFor(ws, user.role));
}

/** What two spellings of one role share: case and surrounding spaces do not count (SPEC 10.4). */
export const roleKey = (role: string): string => role.trim().toLowerCase();

/** The defaults of a role, however either side spells it (a database from before roles were spelled alike may mix them). */
export function roleDefaultsFor(ws: Pick<Workspace, 'roleDefaults'>, role: string | undefined): PreferenceValues | undefined {
  if (role === undefined) return undefined;
  const exact = ws.roleDefaults.get(role);
  if (exact !== undefined || ws.roleDefaults.size === 0) return exact;
  const key = roleKey(role);
  for (const [r, values] of ws.roleDefaults) if (roleKey(r) === key) return values;
  return undefined;
}

/**
 * Spells roles as the workspace already does: `Sales ` is `sales` when a user or a role
 * default has `sales`. A new role keeps its spelling (trimmed), which the ones after it
 * then follow: one speller for a whole file.
 */
export function roleSpeller(ws: Pick<Workspace, 'users' | 'roleDefaults'>): (role: string) => string {
  const known = new Map<string, string>();
  for (const u of ws.users.values()) if (u.role !== undefined && !known.has(roleKey(u.role))) known.set(roleKey(u.role), u.role);
  for (const r of ws.roleDefaults.keys()) if (!known.has(roleKey(r))) known.set(roleKey(r), r);
  return (role) => {
    const trimmed = role.trim();
    const found = known.get(roleKey(trimmed));
    if (found !== undefined) return found;
    if (trimmed !== '') known.set(roleKey(trimmed), trimmed);
    return trimmed;
  };
}

/** Sets (or with null removes) one role default; a role left with no keys is removed. */
export function setRoleDefault(roles: Map<string, PreferenceValues>, role: string, key: PreferenceKey, value: string | null): void {
  const values = roles.get(role) ?? new Map();
  if (value === null) values.delete(key);
  else values.set(key, value);
  if (values.size === 0) roles.delete(role);
  else roles.set(role, values);
}

/** The roles users have, with how many users have each, sorted by role. */
export function roleCounts(users: Iterable<{ role?: string }>): [string, number][] {
  const counts = new Map<string, number>();
  for (const u of users) if (u.role !== undefined) counts.set(u.role, (counts.get(u.role) ?? 0) + 1);
  return [...counts].sort((a, b) => compareIds(a[0], b[0]));
}
