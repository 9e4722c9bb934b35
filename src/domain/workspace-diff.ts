/**
 * The difference between two workspaces as a list of changes. One list (changes.ts)
 * serves the dry-run report, the database writes and the audit rows.
 */
import { existenceChange as existence, type Change, type ChangeEntity } from './changes.js';
import { PREFERENCE_KEYS, type PreferenceKey } from './preferences.js';
import { preferencesOf, sortedIds, type Workspace } from './workspace.js';

/** An effective preference that a change moves (SPEC 10.2 `effective`), whatever layer it comes from. */
export interface EffectiveChange {
  user: string;
  key: PreferenceKey;
  old: string;
  new: string;
}

/**
 * Every effective preference that differs between the two workspaces, for the users in
 * both (by user, keys in section 2's order): explicit values, roles, role defaults and
 * workspace defaults alike, so a role change shows what it does.
 */
export function effectiveChanges(before: Workspace, after: Workspace): EffectiveChange[] {
  const out: EffectiveChange[] = [];
  for (const id of sortedIds(before.users.keys())) {
    const b = before.users.get(id)!;
    const a = after.users.get(id);
    if (a === undefined) continue;
    const [old, now] = [preferencesOf(before, b), preferencesOf(after, a)];
    for (const key of PREFERENCE_KEYS) if (old[key] !== now[key]) out.push({ user: id, key, old: old[key], new: now[key] });
  }
  return out;
}

/** The users in one workspace only, each list in id order. */
export function usersAddedRemoved(before: Workspace, after: Workspace): { added: string[]; removed: string[] } {
  return { added: sortedIds([...after.users.keys()].filter((id) => !before.users.has(id))), removed: sortedIds([...before.users.keys()].filter((id) => !after.users.has(id))) };
}

function field(entity: ChangeEntity, target: string | null, user: string | null, key: string, old: string | null, now: string | null): Change | null {
  return old === now ? null : { entity, target, user, key, old, new: now };
}

function setDiff(out: Change[], entity: ChangeEntity, target: string, before: Set<string> | undefined, after: Set<string> | undefined): void {
  for (const u of sortedIds(after ?? [])) if (!before?.has(u)) out.push(existence(entity, target, u, true));
  for (const u of sortedIds(before ?? [])) if (!after?.has(u)) out.push(existence(entity, target, u, false));
}

const text = (v: string | undefined): string | null => v ?? null;
const bool = (v: boolean | undefined): string | null => (v === undefined ? null : String(v));

export function diffWorkspaces(before: Workspace, after: Workspace): Change[] {
  const out: Change[] = [];
  const push = (c: Change | null) => c !== null && out.push(c);

  for (const key of PREFERENCE_KEYS) {
    push(field('default', null, null, key, before.defaults.get(key) ?? null, after.defaults.get(key) ?? null));
  }
  for (const role of sortedIds(new Set([...before.roleDefaults.keys(), ...after.roleDefaults.keys()]))) {
    for (const key of PREFERENCE_KEYS) {
      push(field('role_default', role, null, key, before.roleDefaults.get(role)?.get(key) ?? null, after.roleDefaults.get(role)?.get(key) ?? null));
    }
  }
  for (const id of sortedIds(new Set([...before.users.keys(), ...after.users.keys()]))) {
    const b = before.users.get(id);
    const a = after.users.get(id);
    if (b === undefined || a === undefined) out.push(existence('user', null, id, a !== undefined));
    push(field('user', null, id, 'name', text(b?.name), text(a?.name)));
    push(field('user', null, id, 'email', text(b?.email), text(a?.email)));
    push(field('user', null, id, 'role', text(b?.role), text(a?.role)));
    push(field('user', null, id, 'active', bool(b?.active), bool(a?.active)));
    for (const key of PREFERENCE_KEYS) {
      push(field('preference', null, id, key, b?.preferences.get(key) ?? null, a?.preferences.get(key) ?? null));
    }
  }
  for (const id of sortedIds(new Set([...before.projects.keys(), ...after.projects.keys()]))) {
    const b = before.projects.get(id);
    const a = after.projects.get(id);
    if (b === undefined || a === undefined) out.push(existence('project', id, null, a !== undefined));
    push(field('project', id, null, 'name', text(b?.name), text(a?.name)));
    setDiff(out, 'member', id, b?.members, a?.members);
  }
  for (const id of sortedIds(new Set([...before.items.keys(), ...after.items.keys()]))) {
    const b = before.items.get(id);
    const a = after.items.get(id);
    if (b === undefined || a === undefined) out.push(existence('item', id, null, a !== undefined));
    push(field('item', id, null, 'project', text(b?.project), text(a?.project)));
    push(field('item', id, null, 'kind', text(b?.kind), text(a?.kind)));
    setDiff(out, 'item_follower', id, b?.followers, a?.followers);
  }
  for (const id of sortedIds(new Set([...before.conversations.keys(), ...after.conversations.keys()]))) {
    const b = before.conversations.get(id);
    const a = after.conversations.get(id);
    if (b === undefined || a === undefined) out.push(existence('conversation', id, null, a !== undefined));
    push(field('conversation', id, null, 'item', text(b?.item), text(a?.item)));
    setDiff(out, 'conversation_follower', id, b?.followers, a?.followers);
  }
  return out;
}
