/** Lists of workspace changes, for people (summary, table) and scripts (JSON). */
import { ADDED, type Change } from '../../domain/changes.js';
import { BUILT_IN_DEFAULTS, isPreferenceKey, toJsonValue, type PreferenceKey } from '../../domain/preferences.js';
import { roleDefaultsFor, type Workspace } from '../../domain/workspace.js';
import type { Output, OutputStream } from '../output/iostreams.js';
import { jsonNested, jsonScalar } from '../output/json.js';
import { TableWriter, cellText, wrap } from './table.js';

const NOUNS: Record<Change['entity'], [string, string]> = {
  user: ['user', 'users'],
  preference: ['explicit preference', 'explicit preferences'],
  default: ['workspace default', 'workspace defaults'],
  role_default: ['role default', 'role defaults'],
  project: ['project', 'projects'],
  member: ['project membership', 'project memberships'],
  item: ['item', 'items'],
  item_follower: ['item follower', 'item followers'],
  conversation: ['conversation', 'conversations'],
  conversation_follower: ['conversation follower', 'conversation followers'],
};

/** A set of entities, each by its entity, target and user (an absent target or user as ''). */
class SubjectSet {
  private readonly sets = new Map<string, Map<string, Set<string>>>();
  add(c: Change): void {
    let byTarget = this.sets.get(c.entity);
    if (byTarget === undefined) this.sets.set(c.entity, (byTarget = new Map()));
    let users = byTarget.get(c.target ?? '');
    if (users === undefined) byTarget.set(c.target ?? '', (users = new Set()));
    users.add(c.user ?? '');
  }
  has(c: Change): boolean {
    return this.sets.get(c.entity)?.get(c.target ?? '')?.has(c.user ?? '') === true;
  }
}

/** "3 users added, 1 user changed, 12 explicit preferences set" */
export function summariseChanges(changes: readonly Change[]): string {
  if (changes.length === 0) return 'no changes';
  const counts = new Map<string, number>();
  // The fields of an entity added or removed by this change are part of that, not changes;
  // a changed entity counts once, however many of its fields changed. Entities by their
  // entity, target and user (no string made per change: an undo of an import is a third
  // of a million).
  const added = new SubjectSet();
  for (const c of changes) if (c.key === null) added.add(c);
  const changed = new SubjectSet();
  const labels = new Map<string, Map<string, string>>();
  for (const c of changes) {
    const preferenceLike = c.entity === 'preference' || c.entity === 'default' || c.entity === 'role_default';
    if (c.key !== null && !preferenceLike && added.has(c)) continue;
    const verb = c.key === null ? (c.new === ADDED ? 'added' : 'removed') : preferenceLike ? (c.new === null ? 'cleared' : 'set') : 'changed';
    if (verb === 'changed') {
      if (changed.has(c)) continue;
      changed.add(c);
    }
    // The label's string made once per entity and verb, not per change.
    let byVerb = labels.get(c.entity);
    if (byVerb === undefined) labels.set(c.entity, (byVerb = new Map()));
    let label = byVerb.get(verb);
    if (label === undefined) byVerb.set(verb, (label = `${c.entity}\u0000${verb}`));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .map(([label, n]) => {
      const [entity, verb] = label.split('\u0000') as [Change['entity'], string];
      const [one, many] = NOUNS[entity];
      return `${n} ${n === 1 ? one : many} ${verb}`;
    })
    .join(', ');
}

/**
 * A value of a change as JSON (SPEC 9.12): on/off preferences and a user's `active` as
 * booleans, as documents write them; everything else as stored.
 */
export function jsonValueOf(c: Pick<Change, 'entity' | 'key'>, value: string | null): string | boolean | null {
  if (value === null || c.key === null) return value;
  if ((c.entity === 'preference' || c.entity === 'default' || c.entity === 'role_default') && isPreferenceKey(c.key)) return toJsonValue(c.key, value);
  if (c.entity === 'user' && c.key === 'active') return value === 'true';
  return value;
}

/** A requested value that was already set: nothing to write, but shown. */
export interface Unchanged {
  user: string;
  key: PreferenceKey;
  value: string;
}

/** A preference-like value as people and scripts see it: the effective value and where it comes from. */
interface Effective {
  value: string | null;
  source: string | null;
}

/**
 * The effective value behind a change of a preference, a workspace default or a role
 * default, in `ws`: what the user (or a user of the role) gets. Null for another entity.
 */
function effectiveOf(ws: Workspace, c: Change): Effective | null {
  if (c.key === null || !isPreferenceKey(c.key)) return null;
  const key = c.key;
  const builtIn = BUILT_IN_DEFAULTS.get(key)!;
  if (c.entity === 'default') return { value: ws.defaults.get(key) ?? builtIn, source: ws.defaults.has(key) ? 'default' : 'built-in' };
  if (c.entity === 'role_default') {
    const own = ws.roleDefaults.get(c.target!)?.get(key);
    return own !== undefined ? { value: own, source: `role ${c.target}` } : { value: ws.defaults.get(key) ?? builtIn, source: 'default' };
  }
  if (c.entity !== 'preference') return null;
  const user = ws.users.get(c.user!);
  if (user === undefined) return { value: null, source: null };
  // The one key, as preferencesOf() works it out (explicit, else the role's, else the
  // workspace's default, else built in): a bulk change is a row per user.
  const own = user.preferences.get(key);
  if (own !== undefined) return { value: own, source: 'explicit' };
  const ofRole = roleDefaultsFor(ws, user.role)?.get(key);
  if (ofRole !== undefined) return { value: ofRole, source: `role ${user.role}` };
  return { value: ws.defaults.get(key) ?? builtIn, source: 'default' };
}

/**
 * Changes in the one JSON shape of every writing command and plan (SPEC 9.12):
 * `{entity, target, user, key, old, new}`, with effective values for preferences and
 * defaults (what the user gets, before and after), stored values otherwise.
 */
export function changeObjects(changes: readonly Change[], before: Workspace, after: Workspace): Record<string, string | boolean | null>[] {
  return changes.map((c) => changeObject(c, before, after));
}

function changeObject(c: Change, before: Workspace, after: Workspace): Record<string, string | boolean | null> {
  const old = effectiveOf(before, c)?.value;
  const now = effectiveOf(after, c)?.value;
  return { entity: c.entity, target: c.target, user: c.user, key: c.key, old: jsonValueOf(c, old === undefined ? c.old : old), new: jsonValueOf(c, now === undefined ? c.new : now) };
}

/**
 * The JSON of a writing command (SPEC 9.12), `{dryRun, changes, …rest}`, written in
 * pieces as it goes, byte for byte what writeJson would write of the whole: undoing an
 * import of a hundred thousand users is a third of a million changes, and one string of
 * them (with its copy on the way out) was most of the memory such a dry run took.
 */
export function writeChangesJson(out: OutputStream, dryRun: boolean, changes: readonly Change[], before: Workspace, after: Workspace, rest: Record<string, unknown> = {}): void {
  let pending = `{\n  "dryRun": ${dryRun},\n  "changes": ${changes.length === 0 ? '[]' : '['}`;
  const v = jsonScalar;
  for (let k = 0; k < changes.length; k++) {
    const o = changeObject(changes[k]!, before, after);
    pending += `${k === 0 ? '' : ','}\n    {\n      "entity": ${v(o.entity!)},\n      "target": ${v(o.target!)},\n      "user": ${v(o.user!)},\n      "key": ${v(o.key!)},\n      "old": ${v(o.old!)},\n      "new": ${v(o.new!)}\n    }`;
    if (pending.length >= 1 << 16) {
      out.write(pending);
      pending = '';
    }
  }
  if (changes.length > 0) pending += '\n  ]';
  for (const [name, value] of Object.entries(rest)) if (value !== undefined) pending += `,\n  ${JSON.stringify(name)}: ${jsonNested(value, 1)}`;
  out.write(pending + '\n}\n');
}

/**
 * The changes as a table (TSV when piped), written as they go (an import of a hundred
 * thousand users is half a million rows): the same rows as the JSON, a preference's
 * source beside its value when the change moves it ("off (explicit)" → "on (default)"),
 * and values asked for that were already set.
 */
export function writeChangeTable(changes: readonly Change[], before: Workspace, after: Workspace, unchanged: readonly Unchanged[], { out, terminal, color }: Output): void {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) out.write(pending.join(''));
    pending = [];
    size = 0;
  };
  const emit = (text: string) => {
    pending.push(text);
    size += text.length;
    if (size >= 1 << 16) flush();
  };
  const table = new TableWriter(['ENTITY', 'TARGET', 'USER', 'KEY', wrap('OLD'), wrap('NEW')], emit, terminal, color);
  // Piped, a row is its cells made safe (cellText) joined by tabs, as TableWriter writes
  // it; the entity, key and values repeat from row to row (a bulk change is a row per
  // user), so each distinct one is made safe once (up to a limit of distinct texts).
  const safe = new Map<string, string>();
  const once = (v: string) => {
    let text = safe.get(v);
    if (text === undefined) {
      text = cellText(v);
      if (safe.size < 4096) safe.set(v, text);
    }
    return text;
  };
  const row = terminal ? (cells: string[]) => table.row(cells) : (cells: string[]) => emit(`${once(cells[0]!)}\t${cellText(cells[1]!)}\t${cellText(cells[2]!)}\t${once(cells[3]!)}\t${once(cells[4]!)}\t${once(cells[5]!)}\n`);
  const show = (v: string | null | undefined) => v ?? '—';
  for (const c of changes) {
    const old = effectiveOf(before, c);
    const now = effectiveOf(after, c);
    if (old === null || now === null) {
      row([c.entity, c.target ?? '', c.user ?? '', c.key ?? '', show(c.old), show(c.new)]);
      continue;
    }
    const moved = old.source !== now.source && old.value !== null && now.value !== null;
    const cell = (e: Effective) => (moved ? `${show(e.value)} (${e.source})` : show(e.value));
    row([c.entity, c.target ?? '', c.user ?? '', c.key ?? '', cell(old), cell(now)]);
  }
  for (const u of unchanged) row(['preference', '', u.user, u.key, u.value, `${u.value} (unchanged)`]);
  table.end();
  flush();
}
