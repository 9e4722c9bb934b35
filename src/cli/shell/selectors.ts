/**
 * Choosing users for bulk commands (SPEC section 7): ids, --role, --project (its
 * members), --where KEY=VALUE on effective preferences, --all-users; combined with AND.
 */
import { UsageError } from '../../domain/errors.js';
import { didYouMean } from '../../domain/text.js';
import { resolveUsers } from './resolve-user.js';
import { DataError } from '../../domain/errors.js';
import { PREFERENCES, checkPreferenceValue, preferenceKeyFrom, preferenceValueFrom, type PreferenceKey } from '../../domain/preferences.js';
import type { UsersAndDefaults } from '../../domain/preference-plan.js';
import { preferencesOf, roleCounts, roleKey, sortedIds, type Workspace } from '../../domain/workspace.js';

export interface SelectorOptions {
  role?: string;
  /** The flag that selects by role, as errors name it: `--role`, or `--has-role` in `users update`, whose --role is the new value. */
  roleFlag?: string;
  project?: string;
  where?: string[];
  allUsers?: boolean;
}

const WHERE_HELP = PREFERENCES.map((p) => `${p.key}=${p.values.join('|')}`).join(', ');

export function parseWhere(list: readonly string[]): Map<PreferenceKey, string> {
  const out = new Map<PreferenceKey, string>();
  for (const item of list) {
    const eq = item.indexOf('=');
    // Either spelling of the key (customerMessages, customer-messages); true/false for on/off.
    const key = preferenceKeyFrom(eq === -1 ? item : item.slice(0, eq));
    if (eq === -1 || key === null) {
      throw new UsageError(`--where ${item}: expected KEY=VALUE with a preference key; accepted: ${WHERE_HELP}`);
    }
    const value = preferenceValueFrom(key, item.slice(eq + 1));
    const problem = checkPreferenceValue(key, value);
    if (problem !== null) throw new UsageError(`--where ${item}: ${problem}`);
    out.set(key, value);
  }
  return out;
}

export function hasSelector(ids: readonly string[], options: SelectorOptions): boolean {
  return ids.length > 0 || options.role !== undefined || options.project !== undefined || (options.where?.length ?? 0) > 0 || options.allUsers === true;
}

/**
 * What a write whose selectors match nobody says on stderr (SPEC 10.4): it changes
 * nothing and succeeds, so that a script can run the same change twice.
 */
export const NOBODY_SELECTED = 'note: no user matches the selectors; nothing was changed\n';

/** Watches the selections of one command, and says once, at its end, when one matched nobody. */
export function selectionWatch(): { nobody: () => void; note: (io: { err: { write(text: string): unknown } }) => void } {
  let empty = false;
  return {
    nobody: () => {
      empty = true;
    },
    note: (io) => {
      if (empty) io.err.write(NOBODY_SELECTED);
    },
  };
}

/** The selected user ids, sorted. Unknown ids are an error that changes nothing; `onNobody` hears of an empty selection. */
export function selectUsers(
  data: UsersAndDefaults,
  /** Called only when --project is given. */
  projectMembers: () => ReadonlyMap<string, ReadonlySet<string>>,
  ids: readonly string[],
  options: SelectorOptions,
  commandName: string,
  onNobody?: () => void,
): string[] {
  if (!hasSelector(ids, options)) {
    throw new UsageError(`${commandName} needs users: give user ids, ${options.roleFlag ?? '--role'}, --project, --where KEY=VALUE or --all-users`);
  }
  const where = parseWhere(options.where ?? []);
  // Ids, names or email addresses; nothing is changed when one names no user.
  const named = resolveUsers(data.users, ids, { changing: true });
  let members: ReadonlySet<string> | undefined;
  if (options.project !== undefined) {
    members = projectMembers().get(options.project);
    if (members === undefined) throw new UsageError(`--project ${options.project}: no such project; see "notifyctl projects list"${didYouMean(options.project, [...projectMembers().keys()])}`);
  }
  if (options.role !== undefined) requireRole(data, options.role, options.roleFlag ?? '--role');
  // One role whatever its case and spaces (SPEC 10.4).
  const role = options.role === undefined ? null : roleKey(options.role);
  const pool = named.length > 0 ? named : data.users.keys();
  const selected: string[] = [];
  for (const id of pool) {
    const user = data.users.get(id)!;
    if (role !== null && (user.role === undefined || roleKey(user.role) !== role)) continue;
    if (members !== undefined && !members.has(id)) continue;
    if (where.size > 0) {
      const prefs = preferencesOf(data, user) as unknown as Record<string, string>;
      let ok = true;
      for (const [key, value] of where) if (prefs[key] !== value) ok = false;
      if (!ok) continue;
    }
    selected.push(id);
  }
  if (selected.length === 0) onNobody?.();
  return sortedIds(new Set(selected));
}

/** A --role that no user has is a typo or a stale script: say which roles exist, rather than select nobody. */
function requireRole(data: UsersAndDefaults, role: string, flag: string): void {
  const counts = roleCounts(data.users.values());
  if (counts.some(([r]) => roleKey(r) === roleKey(role))) return;
  const known = counts.length === 0 ? 'no user has a role yet (notifyctl users update ID --role ROLE)' : `the roles are ${counts.map(([r, n]) => `${r} (${n})`).join(', ')}`;
  throw new UsageError(`${flag} ${role}: no user has this role; ${known}${didYouMean(role, counts.map(([r]) => r))}`);
}

/** selectUsers over a whole workspace (the commands that edit users, members and followers). */
export function selectIn(ws: Workspace, ids: readonly string[], options: SelectorOptions, commandName: string, onNobody?: () => void): string[] {
  return selectUsers(ws, () => new Map([...ws.projects].map(([id, p]) => [id, p.members])), ids, options, commandName, onNobody);
}
