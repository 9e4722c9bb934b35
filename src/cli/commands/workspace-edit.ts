/**
 * `users`, `projects`, `items` and `conversations`: listing and changing the workspace.
 * Every change loads the workspace, changes a copy, and saves the difference with its
 * audit rows in one transaction. Removing something that others refer to names what
 * refers to it and changes nothing, unless --force.
 */
import { DataError } from '../../domain/errors.js';
import { sortedIds, type User, type Workspace } from '../../domain/workspace.js';
import { updateWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from '../context.js';
import { writeStdout } from '../output.js';
import { changeObject, summariseChanges } from '../render/changes.js';
import { renderTable } from '../render/table.js';
import { readWorkspace, withDatabase } from '../session.js';

export interface EditOptions {
  dryRun?: boolean;
  force?: boolean;
  format?: 'table' | 'json';
}

type ListFormat = 'table' | 'json' | 'csv';

/** Loads, changes a copy, saves the difference with audit rows; reports what changed. */
async function edit(ctx: CliContext, options: EditOptions, change: (ws: Workspace) => void): Promise<void> {
  const changes = await withDatabase(ctx, (db) =>
    updateWorkspace(db, change, { actor: ctx.actor, command: ctx.commandLine, at: new Date() }, options.dryRun === true),
  );
  if (options.format === 'json') {
    await writeStdout(JSON.stringify({ dryRun: options.dryRun === true, changes: changes.map(changeObject) }, null, 2) + '\n');
  } else if (changes.length === 0) {
    await writeStdout('Nothing to change.\n');
  } else {
    await writeStdout(`${options.dryRun ? 'Dry run, nothing was written' : 'Done'}: ${summariseChanges(changes)}.\n`);
  }
}

const quoteAll = (ids: readonly string[]) => ids.map((id) => JSON.stringify(id)).join(', ');

function need<T>(map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (found === undefined) throw new DataError(`${JSON.stringify(id)} is not ${kind === 'item' ? 'an' : 'a'} ${kind} of the workspace; nothing was changed`);
  return found;
}

function needUsers(ws: Workspace, users: readonly string[]): void {
  const unknown = users.filter((u) => !ws.users.has(u));
  if (unknown.length > 0) throw new DataError(`${quoteAll(unknown)} ${unknown.length === 1 ? 'is not a user' : 'are not users'} of the workspace; nothing was changed`);
}

function refuseExisting(map: Map<string, unknown>, id: string, kind: string, update: string): void {
  if (map.has(id)) throw new DataError(`${kind} ${JSON.stringify(id)} exists already; change it with "notifyctl ${update}"`);
}

/** Adds or removes users in a set of members or followers. */
function setMembership(set: Set<string>, users: readonly string[], add: boolean): void {
  for (const u of users) {
    if (add) set.add(u);
    else set.delete(u);
  }
}

type Cell = string | boolean | null | string[];

/**
 * Lists entities in every format from one table of columns, so the table, the CSV and
 * the JSON can never disagree. Lists of ids are space-separated in tables and CSV.
 */
async function list<T>(ctx: CliContext, format: ListFormat, entities: T[], columns: [string, (e: T) => Cell][]): Promise<void> {
  if (format === 'json') {
    return writeStdout(JSON.stringify(entities.map((e) => Object.fromEntries(columns.map(([name, value]) => [name, value(e)]))), null, 2) + '\n');
  }
  const flat = (v: Cell) => (Array.isArray(v) ? v.join(' ') : v);
  const rows = entities.map((e) => columns.map(([, value]) => flat(value(e))));
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return writeStdout(csvRows([columns.map(([name]) => name), ...rows]));
  }
  const text = (v: string | boolean | null) => (v === null ? '' : String(v));
  return writeStdout(renderTable(columns.map(([name]) => name.toUpperCase()), rows.map((r) => r.map(text)), ctx.stdoutIsTty, ctx.color));
}

/** The entities of a map, sorted by id. */
const byId = <T>(map: Map<string, T>): T[] => sortedIds(map.keys()).map((id) => map.get(id)!);

// ---- users -----------------------------------------------------------------

export interface UserFields {
  name?: string;
  email?: string;
  role?: string;
}

function setFields(user: { name?: string; email?: string; role?: string }, fields: UserFields): void {
  // An empty value clears the field (e.g. --email "" for a user without an address).
  for (const key of ['name', 'email', 'role'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (value === '') delete user[key];
    else user[key] = value;
  }
}

export async function runUsersList(ctx: CliContext, options: { role?: string; format: ListFormat }): Promise<void> {
  const users = byId((await readWorkspace(ctx)).users).filter((u) => options.role === undefined || u.role === options.role);
  return list(ctx, options.format, users, [
    ['id', (u) => u.id],
    ['name', (u) => u.name ?? null],
    ['email', (u) => u.email ?? null],
    ['role', (u) => u.role ?? null],
    ['active', (u) => u.active],
  ]);
}

function referencesTo(ws: Workspace, user: string) {
  return {
    projects: sortedIds([...ws.projects.values()].filter((p) => p.members.has(user)).map((p) => p.id)),
    items: sortedIds([...ws.items.values()].filter((i) => i.followers.has(user)).map((i) => i.id)),
    conversations: sortedIds([...ws.conversations.values()].filter((c) => c.followers.has(user)).map((c) => c.id)),
  };
}

export async function runUsersShow(ctx: CliContext, id: string, options: { format: 'table' | 'json' }): Promise<void> {
  const ws = await readWorkspace(ctx);
  const user = need(ws.users, id, 'user');
  const refs = referencesTo(ws, id);
  const doc = { id, name: user.name ?? null, email: user.email ?? null, role: user.role ?? null, active: user.active, memberOf: refs.projects, followsItems: refs.items, followsConversations: refs.conversations };
  if (options.format === 'json') return writeStdout(JSON.stringify(doc, null, 2) + '\n');
  const none = (list: string[]) => (list.length === 0 ? '—' : list.join(', '));
  const lines = [
    ['id', id],
    ['name', user.name ?? '—'],
    ['email', user.email ?? '— (alerts only, no emails)'],
    ['role', user.role ?? '—'],
    ['active', user.active ? 'yes' : 'no (notified of nothing)'],
    ['member of', none(refs.projects)],
    ['follows items', none(refs.items)],
    ['follows conversations', none(refs.conversations)],
  ];
  const width = Math.max(...lines.map(([k]) => k!.length));
  return writeStdout(lines.map(([k, v]) => `${k!.padEnd(width)}  ${v}`).join('\n') + `\n\nPreferences: notifyctl prefs show ${id}\n`);
}

export function runUsersAdd(ctx: CliContext, id: string, options: EditOptions & UserFields & { inactive?: boolean }): Promise<void> {
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.users, id, 'user', `users update ${id}`);
    const user: User = { id, active: options.inactive !== true, preferences: new Map() };
    setFields(user, options);
    ws.users.set(id, user);
  });
}

export function runUsersUpdate(ctx: CliContext, id: string, options: EditOptions & UserFields): Promise<void> {
  return edit(ctx, options, (ws) => setFields(need(ws.users, id, 'user'), options));
}

export function runUsersActive(ctx: CliContext, ids: string[], active: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    needUsers(ws, ids);
    for (const id of ids) ws.users.get(id)!.active = active;
  });
}

export function runUsersRemove(ctx: CliContext, ids: string[], options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    needUsers(ws, ids);
    const blocking: string[] = [];
    for (const id of ids) {
      const refs = referencesTo(ws, id);
      const what = [
        refs.projects.length > 0 && `a member of ${refs.projects.join(', ')}`,
        refs.items.length > 0 && `a follower of items ${refs.items.join(', ')}`,
        refs.conversations.length > 0 && `a follower of conversations ${refs.conversations.join(', ')}`,
      ].filter(Boolean);
      if (what.length > 0) blocking.push(`${id} is ${what.join('; ')}`);
    }
    if (blocking.length > 0 && !options.force) {
      throw new DataError('nothing was removed; pass --force to remove these references too:', blocking);
    }
    for (const id of ids) {
      ws.users.delete(id);
      for (const p of ws.projects.values()) p.members.delete(id);
      for (const i of ws.items.values()) i.followers.delete(id);
      for (const c of ws.conversations.values()) c.followers.delete(id);
    }
  });
}

// ---- projects --------------------------------------------------------------

export async function runProjectsList(ctx: CliContext, options: { format: ListFormat }): Promise<void> {
  return list(ctx, options.format, byId((await readWorkspace(ctx)).projects), [
    ['id', (p) => p.id],
    ['name', (p) => p.name ?? null],
    ['members', (p) => sortedIds(p.members)],
  ]);
}

export function runProjectsAdd(ctx: CliContext, id: string, options: EditOptions & { name?: string; member?: string[] }): Promise<void> {
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.projects, id, 'project', `projects members add ${id} USER…`);
    needUsers(ws, options.member ?? []);
    ws.projects.set(id, { id, ...(options.name ? { name: options.name } : {}), members: new Set(options.member ?? []) });
  });
}

export function runProjectsRemove(ctx: CliContext, id: string, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    need(ws.projects, id, 'project');
    const items = sortedIds([...ws.items.values()].filter((i) => i.project === id).map((i) => i.id));
    if (items.length > 0 && !options.force) {
      throw new DataError(`nothing was removed: items ${items.join(', ')} belong to project ${id}; pass --force to remove them too (their conversations become unattached)`);
    }
    for (const item of items) removeItem(ws, item);
    ws.projects.delete(id);
  });
}

export function runProjectMembers(ctx: CliContext, project: string, users: string[], add: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    const p = need(ws.projects, project, 'project');
    needUsers(ws, users);
    setMembership(p.members, users, add);
  });
}

// ---- items -----------------------------------------------------------------

function removeItem(ws: Workspace, id: string): void {
  ws.items.delete(id);
  for (const c of ws.conversations.values()) if (c.item === id) delete c.item;
}

export async function runItemsList(ctx: CliContext, options: { project?: string; format: ListFormat }): Promise<void> {
  const items = byId((await readWorkspace(ctx)).items).filter((i) => options.project === undefined || i.project === options.project);
  return list(ctx, options.format, items, [
    ['id', (i) => i.id],
    ['project', (i) => i.project],
    ['kind', (i) => i.kind ?? null],
    ['followers', (i) => sortedIds(i.followers)],
  ]);
}

export function runItemsAdd(ctx: CliContext, id: string, options: EditOptions & { project: string; kind?: string; follower?: string[] }): Promise<void> {
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.items, id, 'item', `items follow ${id} USER…`);
    need(ws.projects, options.project, 'project');
    needUsers(ws, options.follower ?? []);
    ws.items.set(id, { id, project: options.project, ...(options.kind ? { kind: options.kind } : {}), followers: new Set(options.follower ?? []) });
  });
}

export function runItemsRemove(ctx: CliContext, id: string, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    need(ws.items, id, 'item');
    const attached = sortedIds([...ws.conversations.values()].filter((c) => c.item === id).map((c) => c.id));
    if (attached.length > 0 && !options.force) {
      throw new DataError(`nothing was removed: conversations ${attached.join(', ')} are attached to item ${id}; pass --force to leave them unattached`);
    }
    removeItem(ws, id);
  });
}

export function runItemFollow(ctx: CliContext, item: string, users: string[], follow: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    const i = need(ws.items, item, 'item');
    needUsers(ws, users);
    setMembership(i.followers, users, follow);
  });
}

// ---- conversations ---------------------------------------------------------

export async function runConversationsList(ctx: CliContext, options: { format: ListFormat }): Promise<void> {
  return list(ctx, options.format, byId((await readWorkspace(ctx)).conversations), [
    ['id', (c) => c.id],
    ['item', (c) => c.item ?? null],
    ['followers', (c) => sortedIds(c.followers)],
  ]);
}

export function runConversationsAdd(ctx: CliContext, id: string, options: EditOptions & { item?: string; follower?: string[] }): Promise<void> {
  return edit(ctx, options, (ws) => {
    refuseExisting(ws.conversations, id, 'conversation', `conversations follow ${id} USER…`);
    if (options.item !== undefined) need(ws.items, options.item, 'item');
    needUsers(ws, options.follower ?? []);
    ws.conversations.set(id, { id, ...(options.item ? { item: options.item } : {}), followers: new Set(options.follower ?? []) });
  });
}

/** Conversations usually first appear in logs, so following one adds it when missing. */
export function runConversationFollow(ctx: CliContext, conversation: string, users: string[], follow: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    needUsers(ws, users);
    let c = ws.conversations.get(conversation);
    if (c === undefined) {
      if (!follow) need(ws.conversations, conversation, 'conversation');
      c = { id: conversation, followers: new Set() };
      ws.conversations.set(conversation, c);
    }
    setMembership(c.followers, users, follow);
  });
}

export function runConversationsRemove(ctx: CliContext, id: string, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    need(ws.conversations, id, 'conversation');
    ws.conversations.delete(id);
  });
}
