/**
 * Taking changes back (SPEC 9.4). The audit trail records every value a change wrote,
 * old and new, entity by entity (workspace-diff.ts): enough to put the workspace back.
 * `revert` applies the rows of changes in reverse, giving each value its old one; an
 * entity the change removed is added back with everything it had (its fields,
 * preferences, memberships and follows are rows of the same change), one it added is
 * removed. `conflicts` names what a change wrote that is no longer as it left it.
 */
import { ADDED, REMOVED, type Change } from './workspace-diff.js';
import { isPreferenceKey } from './preferences.js';
import { setRoleDefault, type Workspace } from './workspace.js';

/** An audit row: a Change with its change number. */
export interface ChangeRow extends Change {
  change: number;
}

/** The value a row describes, as the workspace holds it now (null: absent). */
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

/** What a row left behind, in currentValue's terms (an existence or link row left "added" or absent). */
export function valueLeft(r: Change): string | null {
  if (r.key === null || r.entity === 'member' || r.entity === 'item_follower' || r.entity === 'conversation_follower') return r.new === REMOVED ? null : ADDED;
  return r.new;
}

/** The value a row found, which undoing it restores. */
function valueFound(r: Change): string | null {
  if (r.key === null || r.entity === 'member' || r.entity === 'item_follower' || r.entity === 'conversation_follower') return r.new === REMOVED ? ADDED : null;
  return r.old;
}

function setField(ws: Workspace, r: Change, value: string | null): void {
  const set = (o: Record<string, unknown>, key: string) => {
    if (value === null) delete o[key];
    else o[key] = value;
  };
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
    default: {
      const links = r.entity === 'member' ? ws.projects.get(r.target!)?.members : r.entity === 'item_follower' ? ws.items.get(r.target!)?.followers : ws.conversations.get(r.target!)?.followers;
      if (links === undefined) return;
      if (value === null) links.delete(r.user!);
      else links.add(r.user!);
    }
  }
}

const ORDER = ['user', 'project', 'item', 'conversation'] as const;

/**
 * Puts back what `rows` changed, `ws` being as they left it (or as close as conflicts
 * allow). Entities come back first, parents before children; fields and links next;
 * entities the rows had added go last, children before parents.
 */
export function revert(ws: Workspace, rows: readonly Change[]): void {
  const existence = (entity: (typeof ORDER)[number]) => rows.filter((r) => r.entity === entity && r.key === null);
  for (const entity of ORDER) {
    for (const r of existence(entity)) {
      if (r.new !== REMOVED) continue;
      if (entity === 'user' && !ws.users.has(r.user!)) ws.users.set(r.user!, { id: r.user!, active: true, preferences: new Map() });
      if (entity === 'project' && !ws.projects.has(r.target!)) ws.projects.set(r.target!, { id: r.target!, members: new Set() });
      if (entity === 'item' && !ws.items.has(r.target!)) ws.items.set(r.target!, { id: r.target!, project: '', followers: new Set() });
      if (entity === 'conversation' && !ws.conversations.has(r.target!)) ws.conversations.set(r.target!, { id: r.target!, followers: new Set() });
    }
  }
  for (const r of [...rows].reverse()) if (r.key !== null || (r.entity !== 'user' && r.entity !== 'project' && r.entity !== 'item' && r.entity !== 'conversation')) setField(ws, r, valueFound(r));
  for (const entity of [...ORDER].reverse()) {
    for (const r of existence(entity)) {
      if (r.new !== ADDED) continue;
      if (entity === 'user') {
        ws.users.delete(r.user!);
        for (const p of ws.projects.values()) p.members.delete(r.user!);
        for (const i of ws.items.values()) i.followers.delete(r.user!);
        for (const c of ws.conversations.values()) c.followers.delete(r.user!);
      }
      if (entity === 'project') ws.projects.delete(r.target!);
      if (entity === 'item') {
        ws.items.delete(r.target!);
        for (const c of ws.conversations.values()) if (c.item === r.target) delete c.item;
      }
      if (entity === 'conversation') ws.conversations.delete(r.target!);
    }
  }
}

/** Of the rows of one change, those no longer as it left them, each with the later change that altered it. */
export function conflicts<R extends ChangeRow>(ws: Workspace, rows: readonly R[], later: readonly R[]): { row: R; by: R | null }[] {
  const same = (a: Change, b: Change) => a.entity === b.entity && a.target === b.target && a.user === b.user && a.key === b.key;
  const out: { row: R; by: R | null }[] = [];
  for (const r of rows) {
    if (currentValue(ws, r) === valueLeft(r)) continue;
    // The latest later change to the same value (or to its entity's existence).
    const by = [...later].reverse().find((l) => same(l, r) || (l.key === null && l.entity === r.entity && l.target === r.target && l.user === r.user)) ?? null;
    out.push({ row: r, by });
  }
  return out;
}

