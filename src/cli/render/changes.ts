/** Lists of workspace changes, for people (summary, table) and scripts (JSON). */
import { ADDED, type Change } from '../../domain/workspace-diff.js';
import { plural } from '../../domain/text.js';
import { isPreferenceKey, toJsonValue } from '../../domain/preferences.js';
import type { ImpactRow } from '../impact.js';
import { renderImpact } from './impact.js';
import { renderTable, wrap } from './table.js';

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

/** "3 users added, 1 user changed, 12 explicit preferences set" */
export function summariseChanges(changes: readonly Change[]): string {
  if (changes.length === 0) return 'no changes';
  const counts = new Map<string, number>();
  const changedEntities = new Map<string, Set<string>>();
  const subjectOf = (c: Change) => `${c.entity}\u0000${c.target ?? ''}\u0000${c.user ?? ''}`;
  // The fields of an entity added or removed by this change are part of that, not changes.
  const added = new Set(changes.filter((c) => c.key === null).map(subjectOf));
  for (const c of changes) {
    const subject = subjectOf(c);
    const preferenceLike = c.entity === 'preference' || c.entity === 'default' || c.entity === 'role_default';
    if (c.key !== null && !preferenceLike && added.has(subject)) continue;
    const verb = c.key === null ? (c.new === ADDED ? 'added' : 'removed') : preferenceLike ? (c.new === null ? 'cleared' : 'set') : 'changed';
    const label = `${c.entity}\u0000${verb}`;
    if (verb === 'changed') {
      // Count a changed entity once, however many of its fields changed.
      const seen = changedEntities.get(label) ?? new Set();
      if (seen.has(subject)) continue;
      seen.add(subject);
      changedEntities.set(label, seen);
    }
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

export function changeObject(c: Change): Record<string, string | boolean | null> {
  return { entity: c.entity, target: c.target, user: c.user, key: c.key, old: jsonValueOf(c, c.old), new: jsonValueOf(c, c.new) };
}

export function renderChangeTable(changes: readonly Change[], terminal: boolean, color: boolean): string {
  const show = (v: string | null) => v ?? '—';
  return renderTable(
    ['ENTITY', 'TARGET', 'USER', 'KEY', wrap('OLD'), wrap('NEW')],
    changes.map((c) => [c.entity, c.target ?? '', c.user ?? '', c.key ?? '', show(c.old), show(c.new)]),
    terminal,
    color,
  );
}

/** What a workspace edit (users add, items follow, …) prints: with --impact, the per-user table too. */
export function renderEditResult(changes: readonly Change[], dryRun: boolean, format: 'table' | 'json', impact: ImpactRow[] | null = null, terminal = false, color = false): string {
  if (format === 'json') return JSON.stringify({ dryRun, changes: changes.map(changeObject), ...(impact !== null && { impact }) }, null, 2) + '\n';
  if (changes.length === 0) return 'Nothing to change.\n';
  const table = impact !== null && impact.length > 0 ? renderImpact(impact, terminal, color) + '\n' : '';
  return `${table}${dryRun ? 'Dry run, nothing was written' : 'Done'}: ${summariseChanges(changes)}.\n`;
}

/** What `import` prints. */
export function renderImportResult(
  changes: readonly Change[],
  o: { name: string; dbPath: string; dryRun: boolean; format: 'table' | 'json'; terminal: boolean; color: boolean; impact: ImpactRow[] | null },
): string {
  const summary = summariseChanges(changes);
  if (o.format === 'json') return JSON.stringify({ dryRun: o.dryRun, summary, changes: changes.map(changeObject), ...(o.impact !== null && { impact: o.impact }) }, null, 2) + '\n';
  const impact = o.impact !== null && o.impact.length > 0 ? renderImpact(o.impact, o.terminal, o.color) + '\n' : '';
  if (o.dryRun) {
    const table = changes.length > 0 ? renderChangeTable(changes, o.terminal, o.color) : '';
    return table + impact + `Dry run: importing ${o.name} would make these changes: ${summary}. Nothing was written.\n`;
  }
  if (impact !== '') return impact + `Imported ${o.name} into ${o.dbPath}: ${summary} (${plural(changes.length, 'audit row')} written).\n`;
  return changes.length === 0
    ? `Imported ${o.name}: the database already held all of it; nothing changed.\n`
    : `Imported ${o.name} into ${o.dbPath}: ${summary} (${plural(changes.length, 'audit row')} written).\n`;
}
