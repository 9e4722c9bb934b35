/**
 * A user as people name them (SPEC 10.3): the id, or a name or email address that
 * matches exactly one user (whole, case aside). The one resolver of every command that
 * takes a user, in arguments and in --user: an unknown user is a usage error (exit 2)
 * with the ids and names close to what was typed; one that names several users is an
 * error listing them.
 */
import { UsageError } from '../../domain/errors.js';
import { closest, notUsers, quoteIds } from '../../domain/text.js';
import { sortedIds, type User, type Workspace } from '../../domain/workspace.js';
import type { TimedChange } from '../../domain/changes.js';

type Users = ReadonlyMap<string, Pick<User, 'id' | 'name' | 'email'>>;
/** One workspace's users, or several (today's and the history's start): a user is matched by what any of them calls them. */
type UsersOf = Users | readonly Users[];

export interface ResolveOptions {
  /** The command writes, and says that nothing was changed. */
  changing?: boolean;
  /** The flag the user was given with (--user), named first. */
  flag?: string;
}

export function resolveUser(usersOf: UsersOf, given: string, options: ResolveOptions = {}): string {
  const all: readonly Users[] = usersOf instanceof Map ? [usersOf] : (usersOf as readonly Users[]);
  if (all.some((users) => users.has(given))) return given;
  const wanted = given.trim().toLowerCase();
  const found = new Set<string>();
  if (wanted !== '') {
    for (const users of all) for (const u of users.values()) if (u.name?.toLowerCase() === wanted || u.email?.toLowerCase() === wanted) found.add(u.id);
  }
  const matches = [...found];
  if (matches.length === 1) return matches[0]!;
  const unchanged = options.changing === true ? '; nothing was changed' : '';
  const flag = options.flag === undefined ? '' : `${options.flag} ${given}: `;
  if (matches.length > 1) {
    throw new UsageError(`${flag}${JSON.stringify(given)} names ${matches.length} users (${quoteIds(sortedIds(matches))}); give one of their ids${unchanged}`);
  }
  // Close ids and names, each user once: by the id when that is close, else by the name.
  const ids = new Set<string>();
  const byName = new Map<string, string>();
  for (const users of all) {
    for (const u of users.values()) {
      ids.add(u.id);
      if (u.name !== undefined && !byName.has(u.name)) byName.set(u.name, u.id);
    }
  }
  const seen = new Set<string>();
  const close = closest(given, [...ids, ...byName.keys()], 6).filter((c) => {
    const id = ids.has(c) ? c : byName.get(c)!;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const hint = close.length === 0 ? '' : `; did you mean ${close.slice(0, 3).map((c) => JSON.stringify(c)).join(' or ')}?`;
  throw new UsageError(`${flag}${notUsers([given])}${unchanged}${hint}`);
}

/** resolveUser for each, as ids without repeats, in the order given. */
export function resolveUsers(users: UsersOf, given: readonly string[], options: ResolveOptions = {}): string[] {
  return [...new Set(given.map((u) => resolveUser(users, u, options)))];
}

/**
 * The users of a replay of the past (SPEC 10.1, 10.3): today's, the history's start's,
 * and those no longer in today's workspace by every name and address the trail gave
 * them (a rename before they left included). Support asks about someone who has left as
 * often as about someone renamed, by the name they knew.
 */
export function usersOfPast(past: { today: Workspace; start: Workspace; changes: readonly TimedChange[] }): Users[] {
  const known = [past.today.users, past.start.users];
  const recorded = new Map<string, { names: Set<string>; emails: Set<string> }>();
  for (const c of past.changes) {
    for (const r of c.rows) {
      if (r.entity !== 'user' || r.user === null || past.today.users.has(r.user)) continue;
      const u = recorded.get(r.user) ?? { names: new Set<string>(), emails: new Set<string>() };
      recorded.set(r.user, u);
      if (r.key === 'name' || r.key === 'email') for (const v of [r.old, r.new]) if (v !== null) u[r.key === 'name' ? 'names' : 'emails'].add(v);
    }
  }
  // One map a name and address each: the first holds every such user (found by id), the next their second name, …
  const gone: Map<string, { id: string; name?: string; email?: string }>[] = [];
  for (const [id, u] of recorded) {
    const names = [...u.names];
    const emails = [...u.emails];
    for (let i = 0; i < Math.max(1, names.length, emails.length); i++) {
      if (gone[i] === undefined) gone.push(new Map());
      gone[i]!.set(id, { id, ...(names[i] === undefined ? {} : { name: names[i] }), ...(emails[i] === undefined ? {} : { email: emails[i] }) });
    }
  }
  return [...known, ...gone];
}
