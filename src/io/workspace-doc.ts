/**
 * Workspace documents (SPEC section 3): validation with the path of every problem,
 * merging into (or replacing) a workspace, and the canonical form that export writes.
 */
import * as z from 'zod';
import { describe } from '../domain/text.js';
import { controlCharacter, emailProblem } from '../domain/fields.js';
import { DataError } from '../domain/errors.js';
import {
  BUILT_IN_DEFAULTS,
  PREFERENCES,
  PREFERENCE_KEYS,
  fromJsonValue,
  toJsonValue,
  type PreferenceKey,
  type PreferenceValues,
} from '../domain/preferences.js';
import {
  roleSpeller,
  MAX_ID_LENGTH,
  WORKSPACE_VERSION,
  cloneWorkspace,
  emptyWorkspace,
  roleKey,
  sortedIds,
  type Conversation,
  type Item,
  type Project,
  type User,
  type Workspace,
} from '../domain/workspace.js';

const CONTROL = 'must not contain control characters';
const id = z.string().min(1).max(MAX_ID_LENGTH).refine((s) => controlCharacter(s) === null, CONTROL);
/** Free text is trimmed, and holds no control characters (SPEC 9.10, for every field). */
const freeText = z.string().trim().refine((s) => controlCharacter(s) === null, CONTROL);
const email = freeText.refine((s) => s === '' || emailProblem(s) === null, 'is not an email address (local@domain)');
const idList = z.array(id);

const preferencesShape = Object.fromEntries(
  PREFERENCES.map((p) => [
    p.key,
    (p.json === 'boolean' ? z.boolean() : z.enum(p.values as [string, ...string[]])).optional(),
  ]),
);
const preferencesSchema = z.strictObject(preferencesShape);

const userSchema = z.strictObject({
  id,
  name: freeText.optional(),
  email: email.optional(),
  role: freeText.optional(),
  active: z.boolean().optional(),
  preferences: preferencesSchema.optional(),
});
const projectSchema = z.strictObject({ id, name: freeText.optional(), members: idList.optional() });
const itemSchema = z.strictObject({ id, project: id, kind: freeText.optional(), followers: idList.optional() });
const conversationSchema = z.strictObject({ id, item: id.nullable().optional(), followers: idList.optional() });
const documentSchema = z.strictObject({
  version: z.literal(WORKSPACE_VERSION).optional(),
  defaults: preferencesSchema.optional(),
  roleDefaults: z.record(id, preferencesSchema).optional(),
  users: z.array(userSchema).optional(),
  projects: z.array(projectSchema).optional(),
  items: z.array(itemSchema).optional(),
  conversations: z.array(conversationSchema).optional(),
});

export type WorkspaceDocument = z.infer<typeof documentSchema>;

const ACCEPTED_KEYS: Record<string, readonly string[]> = {
  document: Object.keys(documentSchema.shape),
  preferences: PREFERENCE_KEYS,
  users: Object.keys(userSchema.shape),
  projects: Object.keys(projectSchema.shape),
  items: Object.keys(itemSchema.shape),
  conversations: Object.keys(conversationSchema.shape),
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}


function acceptedKeysAt(path: readonly PropertyKey[]): readonly string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return ACCEPTED_KEYS.document!;
  if (last === 'preferences' || last === 'defaults' || path[path.length - 2] === 'roleDefaults') return ACCEPTED_KEYS.preferences!;
  const list = path[path.length - 2];
  return typeof list === 'string' ? (ACCEPTED_KEYS[list] ?? []) : [];
}

/** The on/off spelling of the command line, given where a document wants a boolean (YAML 1.2 reads `off` as a string). */
const ON_OFF: Record<string, boolean> = { on: true, off: false, true: true, false: false, yes: true, no: false };

function booleanHint(issue: z.core.$ZodIssue & { code: 'invalid_type' }): string {
  if (issue.expected !== 'boolean' || typeof issue.input !== 'string') return '';
  const value = ON_OFF[issue.input.trim().toLowerCase()];
  return value === undefined ? '; write true or false' : `; write ${value} (documents spell on/off and yes/no as true/false)`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `${where}: missing; expected ${issue.expected}`
        : `${where}: expected ${issue.expected}, got ${describe(issue.input)}${booleanHint(issue)}`;
    case 'custom':
      return `${where}: ${describe(issue.input)} ${issue.message}`;
    case 'invalid_value':
      return `${where}: ${describe(issue.input)} is not one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `${where}: unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; accepted: ${acceptedKeysAt(issue.path).join(', ')}`;
    case 'too_small':
      return `${where}: must not be empty`;
    case 'too_big':
      return `${where}: must be at most ${MAX_ID_LENGTH} characters`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * Checks a parsed document: its shape and values, duplicate ids and, given the workspace
 * it will be applied to, its references. Throws every problem at once (SPEC 9.5).
 */
export function validateDocument(raw: unknown, name: string, base: Workspace = emptyWorkspace(), mode: 'merge' | 'replace' = 'replace'): WorkspaceDocument {
  const result = documentSchema.safeParse(raw, { reportInput: true });
  const problems = result.success ? duplicateIds(result.data) : result.error.issues.map(describeIssue);
  problems.push(...referenceProblems(raw, mode === 'merge' ? base : emptyWorkspace()));
  if (problems.length > 0 || !result.success) throw invalid(name, problems);
  return result.data;
}

/** The entries of a list in a document that may not have the right shape: objects only, with their index. */
function entries(list: unknown): [number, Record<string, unknown>][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((e, i) => (typeof e === 'object' && e !== null && !Array.isArray(e) ? [[i, e as Record<string, unknown>] as [number, Record<string, unknown>]] : []));
}

/**
 * Every reference (member, follower, project, item) that names nothing, read from the
 * document as it is, so that they are listed with its other problems. Values of the
 * wrong type are the schema's to report.
 */
function referenceProblems(raw: unknown, base: Workspace): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const doc = raw as Record<string, unknown>;
  const ids = (list: string, known: Map<string, unknown>) => new Set([...known.keys(), ...entries(doc[list]).map(([, e]) => e.id).filter((v): v is string => typeof v === 'string')]);
  const users = ids('users', base.users);
  const projects = ids('projects', base.projects);
  const items = ids('items', base.items);
  const problems: string[] = [];
  const ref = (path: string, value: unknown, kind: 'user' | 'project' | 'item', known: Set<string>) => {
    if (typeof value === 'string' && !known.has(value)) problems.push(`${path}: ${describe(value)} is not ${kind === 'item' ? 'an' : 'a'} ${kind} of the workspace`);
  };
  const refs = (path: string, list: unknown) => Array.isArray(list) && list.forEach((v, j) => ref(`${path}[${j}]`, v, 'user', users));
  for (const [i, p] of entries(doc.projects)) refs(`projects[${i}].members`, p.members);
  for (const [i, it] of entries(doc.items)) {
    ref(`items[${i}].project`, it.project, 'project', projects);
    refs(`items[${i}].followers`, it.followers);
  }
  for (const [i, c] of entries(doc.conversations)) {
    ref(`conversations[${i}].item`, c.item, 'item', items);
    refs(`conversations[${i}].followers`, c.followers);
  }
  return problems;
}

function invalid(name: string, problems: string[]): DataError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DataError(`${name} is not a valid workspace document (${count}); nothing was changed:`, problems);
}

function duplicateIds(doc: WorkspaceDocument): string[] {
  const problems: string[] = [];
  for (const list of ['users', 'projects', 'items', 'conversations'] as const) {
    const seen = new Map<string, number>();
    doc[list]?.forEach((entry, index) => {
      const first = seen.get(entry.id);
      if (first !== undefined) problems.push(`${list}[${index}].id: ${describe(entry.id)} is listed twice (also ${list}[${first}])`);
      else seen.set(entry.id, index);
    });
  }
  // One role whatever its case and spaces (SPEC 10.4): two spellings of it are one role given twice.
  const roles = new Map<string, string>();
  for (const role of Object.keys(doc.roleDefaults ?? {})) {
    const first = roles.get(roleKey(role));
    if (first !== undefined) problems.push(`roleDefaults.${role}: the role ${describe(role)} is given twice (also as ${describe(first)}; roles are one whatever their case and spaces)`);
    else roles.set(roleKey(role), role);
  }
  return problems;
}

function setPreferences(target: PreferenceValues, given: Record<string, unknown> | undefined, isDefaults: boolean): void {
  if (given === undefined) return;
  for (const key of PREFERENCE_KEYS) {
    const raw = given[key] as string | boolean | undefined;
    if (raw === undefined) continue;
    const value = fromJsonValue(key, raw);
    // Defaults hold only what differs from the built-in defaults.
    if (isDefaults && BUILT_IN_DEFAULTS.get(key) === value) target.delete(key);
    else target.set(key, value);
  }
}

/**
 * Applies a valid document to a workspace: merging (upsert what it lists, union of
 * members and followers, the explicit preferences it gives) or replacing the whole.
 * Every reference must name something in the result; otherwise every dangling one is
 * reported and nothing is returned.
 */
export function applyDocument(
  base: Workspace,
  doc: WorkspaceDocument,
  mode: 'merge' | 'replace',
  name: string,
): Workspace {
  const ws = mode === 'replace' ? emptyWorkspace() : cloneWorkspace(base);
  setPreferences(ws.defaults, doc.defaults, true);
  // Roles as the workspace spells them, whatever the document's case and spaces (SPEC 10.4).
  const spell = roleSpeller(ws);
  for (const [given, values] of Object.entries(doc.roleDefaults ?? {})) {
    const role = spell(given);
    const target = ws.roleDefaults.get(role) ?? new Map();
    setPreferences(target, values, false);
    if (target.size > 0) ws.roleDefaults.set(role, target);
  }
  for (const u of doc.users ?? []) {
    const user: User = ws.users.get(u.id) ?? { id: u.id, active: true, preferences: new Map() };
    if (u.name !== undefined) user.name = u.name;
    if (u.email !== undefined) user.email = u.email;
    if (u.role !== undefined) user.role = spell(u.role);
    if (u.active !== undefined) user.active = u.active;
    setPreferences(user.preferences, u.preferences, false);
    ws.users.set(u.id, user);
  }
  for (const p of doc.projects ?? []) {
    const project: Project = ws.projects.get(p.id) ?? { id: p.id, members: new Set<string>() };
    if (p.name !== undefined) project.name = p.name;
    for (const m of p.members ?? []) project.members.add(m);
    ws.projects.set(p.id, project);
  }
  for (const i of doc.items ?? []) {
    const item: Item = ws.items.get(i.id) ?? { id: i.id, project: i.project, followers: new Set<string>() };
    item.project = i.project;
    if (i.kind !== undefined) item.kind = i.kind;
    for (const f of i.followers ?? []) item.followers.add(f);
    ws.items.set(i.id, item);
  }
  for (const c of doc.conversations ?? []) {
    const conversation: Conversation = ws.conversations.get(c.id) ?? { id: c.id, followers: new Set<string>() };
    if (c.item !== undefined && c.item !== null) conversation.item = c.item;
    for (const f of c.followers ?? []) conversation.followers.add(f);
    ws.conversations.set(c.id, conversation);
  }

  const problems = referenceProblems(doc, mode === 'merge' ? base : emptyWorkspace());
  if (problems.length > 0) throw invalid(name, problems);
  return ws;
}

function preferencesObject(values: PreferenceValues): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const key of PREFERENCE_KEYS) {
    const value = values.get(key);
    if (value !== undefined) out[key] = toJsonValue(key as PreferenceKey, value);
  }
  return out;
}

/** The canonical document: fixed key order, objects sorted by id, lists of ids sorted. */
export function toDocument(ws: Workspace): Record<string, unknown> {
  const byId = <T extends { id: string }>(m: Map<string, T>): T[] => sortedIds(m.keys()).map((k) => m.get(k)!);
  return {
    version: WORKSPACE_VERSION,
    defaults: preferencesObject(ws.defaults),
    ...(ws.roleDefaults.size > 0 && { roleDefaults: Object.fromEntries(sortedIds(ws.roleDefaults.keys()).map((role) => [role, preferencesObject(ws.roleDefaults.get(role)!)])) }),
    users: byId(ws.users).map((u) => ({
      id: u.id,
      ...(u.name !== undefined && { name: u.name }),
      ...(u.email !== undefined && { email: u.email }),
      ...(u.role !== undefined && { role: u.role }),
      active: u.active,
      preferences: preferencesObject(u.preferences),
    })),
    projects: byId(ws.projects).map((p) => ({
      id: p.id,
      ...(p.name !== undefined && { name: p.name }),
      members: sortedIds(p.members),
    })),
    items: byId(ws.items).map((i) => ({
      id: i.id,
      project: i.project,
      ...(i.kind !== undefined && { kind: i.kind }),
      followers: sortedIds(i.followers),
    })),
    conversations: byId(ws.conversations).map((c) => ({
      id: c.id,
      ...(c.item !== undefined && { item: c.item }),
      followers: sortedIds(c.followers),
    })),
  };
}

/** Reads, validates (references included, against `base` when merging) and applies a workspace document given as text. */
export async function workspaceFromText(
  base: Workspace,
  name: string,
  text: string,
  mode: 'merge' | 'replace',
): Promise<Workspace> {
  const { parseDocumentText } = await import('./document-text.js');
  return applyDocument(base, validateDocument(await parseDocumentText(name, text), name, base, mode), mode, name);
}
