/**
 * Planning changes to explicit preferences and workspace defaults, as plain data: what
 * `prefs set`, `prefs reset`, `prefs import` and `prefs defaults set` would change. The
 * plan is shown by dry runs, written by the store, and replayed for impact previews.
 */
import { BUILT_IN_DEFAULTS, PREFERENCE_KEYS, inheritedValue, type PreferenceKey, type PreferenceValues } from './preferences.js';
import { preferencesOf, roleDefaultsFor, type User, type Workspace } from './workspace.js';
import { applyChanges, type Change } from './changes.js';

export type UsersAndDefaults = Pick<Workspace, 'users' | 'defaults' | 'roleDefaults'>;

/** One planned change, with effective values before and after for people. */
export interface PreferenceChange {
  user: string | null;
  /** For a change to a role's defaults, the role (user is then null). */
  role?: string;
  key: PreferenceKey;
  /** Effective values (what the user gets), before and after. */
  old: string;
  new: string;
  /** For a user's value: where it came from before and after (explicit, role, default). */
  sources?: [string, string];
  /** The stored change: explicit values, null meaning "inherits". */
  change: Change;
}

export interface PreferencePlan {
  changes: PreferenceChange[];
  /** Requested values that were already explicit: nothing to write. */
  unchanged: { user: string; key: PreferenceKey; value: string }[];
}

function effective(ws: UsersAndDefaults, user: User): Record<PreferenceKey, string> {
  return preferencesOf(ws, user) as unknown as Record<PreferenceKey, string>;
}

function roleDefaultsOf(ws: UsersAndDefaults, user: User): PreferenceValues | undefined {
  return roleDefaultsFor(ws, user.role);
}

/** A change of one user's preference: effective values for people, explicit ones to store. */
function userChange(user: string, key: PreferenceKey, oldValue: string, newValue: string, oldExplicit: string | null, newExplicit: string | null, inheritedFrom: string): PreferenceChange {
  return {
    user,
    key,
    old: oldValue,
    new: newValue,
    sources: [oldExplicit === null ? inheritedFrom : 'explicit', newExplicit === null ? inheritedFrom : 'explicit'],
    change: { entity: 'preference', target: null, user, key, old: oldExplicit, new: newExplicit },
  };
}

/** Where a user without an explicit value gets `key` from: "role support" or "default". */
function inheritedSource(ws: UsersAndDefaults, user: User, key: PreferenceKey): string {
  return roleDefaultsOf(ws, user)?.has(key) === true ? `role ${user.role}` : 'default';
}

/** Explicit values for each user: `values` per user id (the same for all with `prefs set`). */
export function planSet(ws: UsersAndDefaults, wanted: ReadonlyMap<string, ReadonlyMap<PreferenceKey, string>>): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  for (const [userId, values] of wanted) {
    const user = ws.users.get(userId)!;
    const before = effective(ws, user);
    for (const key of PREFERENCE_KEYS) {
      const value = values.get(key);
      if (value === undefined) continue;
      const explicit = user.preferences.get(key) ?? null;
      if (explicit === value) {
        plan.unchanged.push({ user: userId, key, value });
        continue;
      }
      plan.changes.push(userChange(userId, key, before[key], value, explicit, value, inheritedSource(ws, user, key)));
    }
  }
  return plan;
}

/** Removes explicit values (all keys, or those given) so the defaults apply again. */
export function planReset(ws: UsersAndDefaults, users: readonly string[], keys: readonly PreferenceKey[] | null): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  for (const userId of users) {
    const user = ws.users.get(userId)!;
    const before = effective(ws, user);
    for (const key of keys ?? PREFERENCE_KEYS) {
      const explicit = user.preferences.get(key);
      if (explicit === undefined) continue;
      const inherited = inheritedValue(key, ws.defaults, roleDefaultsOf(ws, user));
      plan.changes.push(userChange(userId, key, before[key], inherited, explicit, null, inheritedSource(ws, user, key)));
    }
  }
  return plan;
}

/** New workspace defaults. Defaults equal to the built-in ones are stored as absent. */
export function planDefaults(ws: UsersAndDefaults, values: ReadonlyMap<PreferenceKey, string>): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  for (const key of PREFERENCE_KEYS) {
    const value = values.get(key);
    if (value === undefined) continue;
    const builtIn = BUILT_IN_DEFAULTS.get(key)!;
    const stored = ws.defaults.get(key) ?? null;
    const current = stored ?? builtIn;
    if (current === value) continue;
    plan.changes.push({
      user: null,
      key,
      old: current,
      new: value,
      change: { entity: 'default', target: null, user: null, key, old: stored, new: value === builtIn ? null : value },
    });
  }
  return plan;
}

/**
 * New defaults for a role (SPEC 9.8): `values` to set, `cleared` to remove (null: every
 * key the role sets). A value is stored even when it equals the workspace default, so
 * that the role keeps it when the workspace default changes.
 */
export function planRoleDefaults(ws: UsersAndDefaults, role: string, values: ReadonlyMap<PreferenceKey, string>, cleared: readonly PreferenceKey[] | null = []): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  const stored = ws.roleDefaults.get(role);
  for (const key of PREFERENCE_KEYS) {
    const own = stored?.get(key) ?? null;
    const value = values.get(key) ?? ((cleared === null || cleared.includes(key)) ? null : own);
    if (value === own) continue;
    const fallback = ws.defaults.get(key) ?? BUILT_IN_DEFAULTS.get(key)!;
    plan.changes.push({
      user: null,
      role,
      key,
      old: own ?? fallback,
      new: value ?? fallback,
      change: { entity: 'role_default', target: role, user: null, key, old: own, new: value },
    });
  }
  return plan;
}

/** The users a change of defaults reaches: those who inherit a changed key from it. */
export function reachOfDefaults(ws: UsersAndDefaults, plan: PreferencePlan): User[] {
  const keys = plan.changes.map((c) => c.key);
  const role = plan.changes.find((c) => c.role !== undefined)?.role;
  return [...ws.users.values()].filter((u) => {
    if (role !== undefined && u.role !== role) return false;
    const ofRole = roleDefaultsOf(ws, u);
    // A role default shadows the workspace default for that role's users.
    return keys.some((k) => !u.preferences.has(k) && (role !== undefined || ofRole?.has(k) !== true));
  });
}

export interface DefaultUsage {
  key: PreferenceKey;
  value: string;
  builtIn: string;
  following: number;
  overriding: number;
}

/** How many users follow (inherit) each workspace default, and how many override it (explicitly or by role). */
export function defaultsUsage(ws: UsersAndDefaults): DefaultUsage[] {
  return PREFERENCE_KEYS.map((key) => {
    let overriding = 0;
    for (const u of ws.users.values()) if (u.preferences.has(key) || roleDefaultsOf(ws, u)?.has(key) === true) overriding++;
    return {
      key,
      value: ws.defaults.get(key) ?? BUILT_IN_DEFAULTS.get(key)!,
      builtIn: BUILT_IN_DEFAULTS.get(key)!,
      following: ws.users.size - overriding,
      overriding,
    };
  });
}

export interface RoleDefaultUsage {
  role: string;
  key: PreferenceKey;
  value: string;
  /** Users of the role who get this value from it (no explicit value), and all users of the role. */
  following: number;
  users: number;
}

/** Each role default with how many users it reaches (SPEC 9.8). */
export function roleDefaultsUsage(ws: UsersAndDefaults): RoleDefaultUsage[] {
  const out: RoleDefaultUsage[] = [];
  for (const role of [...ws.roleDefaults.keys()].sort()) {
    const members = [...ws.users.values()].filter((u) => u.role === role);
    for (const [key, value] of [...ws.roleDefaults.get(role)!].sort((a, b) => PREFERENCE_KEYS.indexOf(a[0]) - PREFERENCE_KEYS.indexOf(b[0]))) {
      out.push({ role, key, value, following: members.filter((u) => !u.preferences.has(key)).length, users: members.length });
    }
  }
  return out;
}

/** The stored changes of a plan (explicit values; null meaning "inherits"). */
export const planChanges = (plan: PreferencePlan): Change[] => plan.changes.map((c) => c.change);

/** Applies a plan to a workspace in memory (for impact previews). */
export function applyPlan(ws: Workspace, plan: PreferencePlan): void {
  applyChanges(ws, planChanges(plan));
}
