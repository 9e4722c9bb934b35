/**
 * Planning changes to explicit preferences and workspace defaults, as plain data: what
 * `prefs set`, `prefs reset`, `prefs import` and `prefs defaults set` would change. The
 * plan is shown by dry runs, written by the store, and replayed for impact previews.
 */
import { BUILT_IN_DEFAULTS, PREFERENCE_KEYS, effectivePreferences, type PreferenceKey, type PreferenceValues } from './preferences.js';
import type { Workspace } from './workspace.js';
import type { Change } from './workspace-diff.js';

export type UsersAndDefaults = Pick<Workspace, 'users' | 'defaults'>;

/** One planned change, with effective values before and after for people. */
export interface PreferenceChange {
  user: string | null;
  key: PreferenceKey;
  /** Effective values (what the user gets), before and after. */
  old: string;
  new: string;
  /** The stored change: explicit values, null meaning "inherits". */
  change: Change;
}

export interface PreferencePlan {
  changes: PreferenceChange[];
  /** Requested values that were already explicit: nothing to write. */
  unchanged: { user: string; key: PreferenceKey; value: string }[];
}

function effective(ws: UsersAndDefaults, explicit: PreferenceValues): Record<PreferenceKey, string> {
  return effectivePreferences(explicit, ws.defaults) as unknown as Record<PreferenceKey, string>;
}

/** A change of one user's preference: effective values for people, explicit ones to store. */
function userChange(user: string, key: PreferenceKey, oldValue: string, newValue: string, oldExplicit: string | null, newExplicit: string | null): PreferenceChange {
  return {
    user,
    key,
    old: oldValue,
    new: newValue,
    change: { entity: 'preference', target: null, user, key, old: oldExplicit, new: newExplicit },
  };
}

/** Explicit values for each user: `values` per user id (the same for all with `prefs set`). */
export function planSet(ws: UsersAndDefaults, wanted: ReadonlyMap<string, ReadonlyMap<PreferenceKey, string>>): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  for (const [userId, values] of wanted) {
    const user = ws.users.get(userId)!;
    const before = effective(ws, user.preferences);
    for (const key of PREFERENCE_KEYS) {
      const value = values.get(key);
      if (value === undefined) continue;
      const explicit = user.preferences.get(key) ?? null;
      if (explicit === value) {
        plan.unchanged.push({ user: userId, key, value });
        continue;
      }
      plan.changes.push(userChange(userId, key, before[key], value, explicit, value));
    }
  }
  return plan;
}

/** Removes explicit values (all keys, or those given) so the defaults apply again. */
export function planReset(ws: UsersAndDefaults, users: readonly string[], keys: readonly PreferenceKey[] | null): PreferencePlan {
  const plan: PreferencePlan = { changes: [], unchanged: [] };
  for (const userId of users) {
    const user = ws.users.get(userId)!;
    const before = effective(ws, user.preferences);
    for (const key of keys ?? PREFERENCE_KEYS) {
      const explicit = user.preferences.get(key);
      if (explicit === undefined) continue;
      const inherited = ws.defaults.get(key) ?? BUILT_IN_DEFAULTS.get(key)!;
      plan.changes.push(userChange(userId, key, before[key], inherited, explicit, null));
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

/** How many users follow (inherit) each default, and how many override it. */
export function defaultsUsage(ws: UsersAndDefaults): { key: PreferenceKey; value: string; builtIn: string; following: number; overriding: number }[] {
  return PREFERENCE_KEYS.map((key) => {
    let overriding = 0;
    for (const u of ws.users.values()) if (u.preferences.has(key)) overriding++;
    return {
      key,
      value: ws.defaults.get(key) ?? BUILT_IN_DEFAULTS.get(key)!,
      builtIn: BUILT_IN_DEFAULTS.get(key)!,
      following: ws.users.size - overriding,
      overriding,
    };
  });
}

/** Applies a plan to users and defaults in memory (for impact previews). */
export function applyPlan<T extends UsersAndDefaults>(ws: T, plan: PreferencePlan): void {
  for (const { change } of plan.changes) {
    const target = change.entity === 'default' ? ws.defaults : ws.users.get(change.user!)!.preferences;
    if (change.new === null) target.delete(change.key as PreferenceKey);
    else target.set(change.key as PreferenceKey, change.new);
  }
}
