/**
 * Taking changes back (SPEC 9.4). The audit trail records every value a change wrote,
 * old and new, entity by entity (domain/changes.ts): enough to put the workspace back.
 * `revert` applies the inverse of a change's rows (applyChanges): an entity the change
 * removed is added back with everything it had (its fields, preferences, memberships and
 * follows are rows of the same change), one it added is removed. `revertChecked` names what a
 * change wrote that is no longer as it left it, reverts, and names what later changes keep the
 * undo from doing.
 */
import { REMOVED, applyInverse, currentValue, valueFound, valueLeft, type Change, type ChangeRow } from './changes.js';
import { diffWorkspaces } from './workspace-diff.js';
import { cloneWorkspace, type Workspace } from './workspace.js';

/** Puts back what `rows` changed, `ws` being as they left them (or as close as conflicts allow). */
export function revert(ws: Workspace, rows: readonly Change[]): void {
  applyInverse(ws, rows);
}

/**
 * Values by what a row is about (entity, target, user, key): by user, then by target,
 * then a short list (the entities and keys of one user and target, flat: entity, key,
 * value, entity, key, value, …). No key string is made per row: an undo of an import
 * looks up hundreds of thousands of rows, and making and hashing a string for each was
 * most of its checks. A user's rows without a target (their fields and preferences, most
 * of an import's) have a list of their own, with no map of targets made for them.
 */
interface UserSlot {
  untargeted: unknown[] | undefined;
  byTarget: Map<string, unknown[]> | undefined;
}
class RowMap<V> {
  private readonly byUser = new Map<string | null, UserSlot>();
  get(entity: string, target: string | null, user: string | null, key: string | null): V | undefined {
    const slot = this.byUser.get(user);
    if (slot === undefined) return undefined;
    const list = target === null ? slot.untargeted : slot.byTarget?.get(target);
    if (list !== undefined) for (let k = 0; k < list.length; k += 3) if (list[k] === entity && list[k + 1] === key) return list[k + 2] as V;
    return undefined;
  }
  set(entity: string, target: string | null, user: string | null, key: string | null, value: V): void {
    let slot = this.byUser.get(user);
    if (slot === undefined) this.byUser.set(user, (slot = { untargeted: undefined, byTarget: undefined }));
    let list: unknown[] | undefined;
    if (target === null) list = slot.untargeted ??= [];
    else {
      const byTarget = (slot.byTarget ??= new Map());
      list = byTarget.get(target);
      if (list === undefined) byTarget.set(target, (list = []));
    }
    for (let k = 0; k < list.length; k += 3) {
      if (list[k] === entity && list[k + 1] === key) {
        list[k + 2] = value;
        return;
      }
    }
    list.push(entity, key, value);
  }
}

/** The rows, as a set of what they are about. */
class RowSet {
  private readonly map = new RowMap<true>();
  constructor(rows: Iterable<Change>) {
    for (const r of rows) this.map.set(r.entity, r.target, r.user, r.key, true);
  }
  has(r: Change): boolean {
    return this.map.get(r.entity, r.target, r.user, r.key) === true;
  }
}

/**
 * Of the differences of two workspaces, those a row is about: 1 by their index.
 * diffWorkspaces makes one difference per thing (entity, target, user, key).
 */
function ownDifferences(differences: readonly Change[], rows: readonly Change[]): Uint8Array {
  const own = new Uint8Array(differences.length);
  const at = new RowMap<number>();
  for (let k = 0; k < differences.length; k++) {
    const d = differences[k]!;
    at.set(d.entity, d.target, d.user, d.key, k);
  }
  for (const r of rows) {
    const k = at.get(r.entity, r.target, r.user, r.key);
    if (k !== undefined) own[k] = 1;
  }
  return own;
}

/** The later rows, by what they wrote: the latest per value and per entity (one pass, so that a check is not a scan). */
class LaterRows<R extends ChangeRow> {
  // A row adding or removing an entity (key null) is the latest per entity too.
  private readonly byValue = new RowMap<R>();
  constructor(later: readonly R[]) {
    // Oldest first: the last one kept is the latest.
    for (const l of later) this.byValue.set(l.entity, l.target, l.user, l.key, l);
  }
  /** The latest later row that wrote this value or added or removed its entity. */
  writerOf(r: Change): R | null {
    return latest(this.byValue.get(r.entity, r.target, r.user, r.key), this.byValue.get(r.entity, r.target, r.user, null));
  }
  /** The latest later row that added or removed a user, project, item or conversation. */
  existenceOf(kind: Parent[0], id: string): R | null {
    return (kind === 'user' ? this.byValue.get('user', null, id, null) : this.byValue.get(kind, id, null, null)) ?? null;
  }
}

const latest = <R extends ChangeRow>(a: R | undefined, b: R | undefined): R | null => (a === undefined ? (b ?? null) : b === undefined || a.change >= b.change ? a : b);

/** A row of the change that is no longer as it left it: its value now (before the undo), and the later change that altered it. */
export interface Conflict<R extends ChangeRow> {
  row: Change;
  by: R | null;
  now: string | null;
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
 * every reference whole, so that it can be written; `changes` is what the undo changes
 * (diffWorkspaces of the workspace before and `ws`).
 */
export function revertChecked<R extends ChangeRow>(ws: Workspace, rows: readonly Change[], later: readonly R[], original?: Workspace): { conflicts: Conflict<R>[]; notUndone: NotUndone<R>[]; changes: Change[] } {
  const index = new LaterRows(later);
  // The workspace as it stands, to compare with: given (a copy `ws` was made from and
  // nothing changed since), or copied here.
  const before = original ?? cloneWorkspace(ws);
  // Values a later change altered: the conflicts.
  const found: Conflict<R>[] = [];
  for (const row of rows) {
    const now = currentValue(ws, row);
    if (now !== valueLeft(row)) found.push({ row, by: index.writerOf(row), now });
  }
  const altered = new RowSet(found.map((c) => c.row));
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
    // Most rows are put back as they found it.
    if (currentValue(ws, r) === valueFound(r) || altered.has(r)) continue;
    const parents = parentsOf(r, itemProject, conversationItem);
    if (parents.some(([kind, id]) => kept.has(`${kind}|${id}`))) continue;
    const missing = parents.filter(([kind, id]) => !ws[KIND_OF[kind]].has(id));
    const blamed = missing.find(([kind, id]) => index.existenceOf(kind, id) !== null) ?? missing[0];
    out.push({ row: r, by: blamed === undefined ? index.writerOf(r) : index.existenceOf(...blamed), text: `${where(r)}: not restored${blamed === undefined ? '' : `, as ${blamed[0]} ${blamed[1]} no longer exists`}` });
  }
  // What later changes made that the undo would take with it: the differences no row of
  // the change is about (found from the rows, so that the index is of the differences,
  // fewer than the rows of an import).
  const changes = diffWorkspaces(before, ws);
  const own = ownDifferences(changes, rows);
  for (let k = 0; k < changes.length; k++) {
    if (own[k] === 1) continue;
    const d = changes[k]!;
    out.push({ row: d, by: index.writerOf(d), text: `${where(d)}: ${d.key === null ? (d.new === REMOVED ? 'would be removed too' : 'would be added too') : `would change too (${d.old ?? '(none)'} -> ${d.new ?? '(none)'})`}` });
  }
  return { conflicts: found, notUndone: out, changes };
}
