/**
 * Taking changes back (SPEC 9.4). The audit trail records every value a change wrote,
 * old and new, entity by entity (workspace-diff.ts): enough to put the workspace back.
 * `revert` applies the rows of changes in reverse, giving each value its old one; an
 * entity the change removed is added back with everything it had (its fields,
 * preferences, memberships and follows are rows of the same change), one it added is
 * removed. `conflicts` names what a change wrote that is no longer as it left it;
 * `revertChecked` reverts and names what later changes keep the undo from doing.
 */
import { ADDED, REMOVED, diffWorkspaces, type Change } from './workspace-diff.js';
import { isPreferenceKey } from './preferences.js';
import { cloneWorkspace, setRoleDefault, type Workspace } from './workspace.js';

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
      if (entity === 'user') ws.users.delete(r.user!);
      if (entity === 'project') ws.projects.delete(r.target!);
      if (entity === 'item') {
        ws.items.delete(r.target!);
        for (const c of ws.conversations.values()) if (c.item === r.target) delete c.item;
      }
      if (entity === 'conversation') ws.conversations.delete(r.target!);
    }
  }
  // The links of the users removed go with them, in one pass (not one per user).
  const gone = new Set(existence('user').filter((r) => r.new === ADDED).map((r) => r.user!));
  if (gone.size > 0) {
    const unlink = (links: Set<string>) => {
      for (const u of links) if (gone.has(u)) links.delete(u);
    };
    for (const p of ws.projects.values()) unlink(p.members);
    for (const i of ws.items.values()) unlink(i.followers);
    for (const c of ws.conversations.values()) unlink(c.followers);
  }
}

const valueKey = (r: Change) => `${r.entity}|${r.target}|${r.user}|${r.key}`;
const entityKey = (entity: string, target: string | null, user: string | null) => `${entity}|${target}|${user}`;

/** The later rows, by what they wrote: the latest per value and per entity (one pass, so that a check is not a scan). */
class LaterRows<R extends ChangeRow> {
  private readonly byValue = new Map<string, R>();
  private readonly byEntity = new Map<string, R>();
  constructor(later: readonly R[]) {
    // Oldest first: the last one kept is the latest.
    for (const l of later) {
      this.byValue.set(valueKey(l), l);
      if (l.key === null) this.byEntity.set(entityKey(l.entity, l.target, l.user), l);
    }
  }
  /** The latest later row that wrote this value or added or removed its entity. */
  writerOf(r: Change): R | null {
    return latest(this.byValue.get(valueKey(r)), this.byEntity.get(entityKey(r.entity, r.target, r.user)));
  }
  /** The latest later row that added or removed a user, project, item or conversation. */
  existenceOf(kind: Parent[0], id: string): R | null {
    return this.byEntity.get(kind === 'user' ? entityKey('user', null, id) : entityKey(kind, id, null)) ?? null;
  }
}

const latest = <R extends ChangeRow>(a: R | undefined, b: R | undefined): R | null => (a === undefined ? (b ?? null) : b === undefined || a.change >= b.change ? a : b);

/** Of the rows of one change, those no longer as it left them, each with the later change that altered it. */
export function conflicts<R extends ChangeRow>(ws: Workspace, rows: readonly R[], later: readonly R[]): { row: R; by: R | null }[] {
  const index = new LaterRows(later);
  return rows.filter((r) => currentValue(ws, r) !== valueLeft(r)).map((row) => ({ row, by: index.writerOf(row) }));
}

type Parent = ['user' | 'project' | 'item' | 'conversation', string];

/** What a row needs in order to be put back: its entity, and the entities it links or points to. */
function parentsOf(r: Change, itemProject: Map<string, string>, conversationItem: Map<string, string>): Parent[] {
  const out: Parent[] = [];
  const add = (kind: Parent[0], id: string | null | undefined) => id !== null && id !== undefined && id !== '' && out.push([kind, id]);
  if (r.entity === 'user' || r.entity === 'preference') add('user', r.user);
  if (r.entity === 'project' || r.entity === 'member') add('project', r.target);
  if (r.entity === 'item' || r.entity === 'item_follower') add('item', r.target);
  if (r.entity === 'item' || r.entity === 'item_follower') add('project', itemProject.get(r.target!));
  if (r.entity === 'conversation' || r.entity === 'conversation_follower') add('conversation', r.target);
  if (r.entity === 'conversation' || r.entity === 'conversation_follower') add('item', conversationItem.get(r.target!));
  if (r.entity === 'member' || r.entity === 'item_follower' || r.entity === 'conversation_follower') add('user', r.user);
  return out;
}

const KIND_OF: Record<Parent[0], keyof Pick<Workspace, 'users' | 'projects' | 'items' | 'conversations'>> = { user: 'users', project: 'projects', item: 'items', conversation: 'conversations' };

/** What an undo leaves as it was, or takes with it, because of a later change (`by`). */
export interface NotUndone<R extends ChangeRow> {
  row: Change;
  by: R | null;
  /** "member billing bob: not restored, as project billing no longer exists" */
  text: string;
}

const where = (r: Change) => [r.entity, r.target, r.user, r.key].filter((x) => x !== null).join(' ');

/**
 * Reverts the rows of one change on `ws` (as revert does) and names what later changes
 * (`later`, oldest first) keep it from doing as the rows say, beyond the values
 * `conflicts` names: what cannot be put back because a later change removed what it
 * belongs to (a membership of a removed project), what would be left pointing at nothing
 * (a project a later item refers to: it stays), and what later changes added that the
 * undo would take with it (a membership of a user the undo removes). `ws` is left with
 * every reference whole, so that it can be written.
 */
export function revertChecked<R extends ChangeRow>(ws: Workspace, rows: readonly R[], later: readonly R[]): NotUndone<R>[] {
  const index = new LaterRows(later);
  const before = cloneWorkspace(ws);
  // Values a later change altered: conflicts() names those.
  const altered = new Set(rows.filter((r) => currentValue(ws, r) !== valueLeft(r)).map(valueKey));
  revert(ws, rows);
  const out: NotUndone<R>[] = [];
  // References the revert would leave pointing at nothing: what it would remove stays;
  // what it would put back, pointing at what a later change removed, does not.
  for (const c of ws.conversations.values()) {
    if (c.item === undefined || ws.items.has(c.item)) continue;
    const kept = before.items.get(c.item);
    if (kept === undefined) delete c.item;
    else {
      ws.items.set(kept.id, { ...kept, followers: new Set(kept.followers) });
      out.push({ row: { entity: 'item', target: kept.id, user: null, key: null, old: 'present', new: REMOVED }, by: index.writerOf({ entity: 'conversation', target: c.id, user: null, key: 'item', old: null, new: null }), text: `item ${kept.id}: not removed, as conversation ${c.id} is attached to it` });
    }
  }
  for (const i of [...ws.items.values()]) {
    if (ws.projects.has(i.project)) continue;
    const kept = before.projects.get(i.project);
    if (kept === undefined) {
      ws.items.delete(i.id);
      for (const c of ws.conversations.values()) if (c.item === i.id) delete c.item;
    } else {
      ws.projects.set(kept.id, { ...kept, members: new Set(kept.members) });
      out.push({ row: { entity: 'project', target: kept.id, user: null, key: null, old: 'present', new: REMOVED }, by: index.writerOf({ entity: 'item', target: i.id, user: null, key: 'project', old: null, new: null }), text: `project ${kept.id}: not removed, as item ${i.id} belongs to it` });
    }
  }
  const unlinkMissing = (links: Set<string>) => {
    for (const u of links) if (!ws.users.has(u)) links.delete(u);
  };
  for (const p of ws.projects.values()) unlinkMissing(p.members);
  for (const i of ws.items.values()) unlinkMissing(i.followers);
  for (const c of ws.conversations.values()) unlinkMissing(c.followers);
  // The rows that could not be put back, each with the later change that removed what it needs.
  const itemProject = new Map(rows.filter((r) => r.entity === 'item' && r.key === 'project' && r.old !== null).map((r) => [r.target!, r.old!]));
  const conversationItem = new Map(rows.filter((r) => r.entity === 'conversation' && r.key === 'item' && r.old !== null).map((r) => [r.target!, r.old!]));
  // What stays because something points at it stays whole (its name, members, followers): named once, above.
  const kept = new Set(out.map((o) => `${o.row.entity}|${o.row.target}`));
  for (const r of rows) {
    if (altered.has(valueKey(r)) || currentValue(ws, r) === valueFound(r)) continue;
    const parents = parentsOf(r, itemProject, conversationItem);
    if (parents.some(([kind, id]) => kept.has(`${kind}|${id}`))) continue;
    const missing = parents.filter(([kind, id]) => !ws[KIND_OF[kind]].has(id));
    const blamed = missing.find(([kind, id]) => index.existenceOf(kind, id) !== null) ?? missing[0];
    out.push({ row: r, by: blamed === undefined ? index.writerOf(r) : index.existenceOf(...blamed), text: `${where(r)}: not restored${blamed === undefined ? '' : `, as ${blamed[0]} ${blamed[1]} no longer exists`}` });
  }
  // What later changes made that the undo would take with it.
  const own = new Set(rows.map(valueKey));
  for (const d of diffWorkspaces(before, ws)) {
    if (own.has(valueKey(d))) continue;
    out.push({ row: d, by: index.writerOf(d), text: `${where(d)}: ${d.key === null ? (d.new === REMOVED ? 'would be removed too' : 'would be added too') : `would change too (${d.old ?? '(none)'} -> ${d.new ?? '(none)'})`}` });
  }
  return out;
}
