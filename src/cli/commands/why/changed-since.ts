/**
 * `why` decides with the workspace of the message's time (SPEC 10.1). When the audit
 * trail shows that a value the decision used changed since, the explanation says so and
 * names the change (SPEC 9.6): what a support agent needs to reconcile "you did not
 * follow T" with `users show` saying she follows it today.
 */
import { formatHuman } from '../../../domain/zone.js';
import type { DecisionFacts } from '../../../engine/decide.js';
import { fixHolds, fixToChanges, type FixChange } from '../../../engine/fixes.js';
import type { ExplainedFix } from './explain.js';
import type { AuditRow } from '../../../store/audit.js';
import type { TimedChange } from '../../../domain/changes.js';
import type { Workspace } from '../../../domain/workspace.js';

/** A role as rows and workspaces may spell it (SPEC 10.4: one role whatever its case and surrounding spaces). */
const roleKey = (role: string | null | undefined): string | null => (role == null ? null : role.trim().toLowerCase());

/**
 * The roles whose defaults can matter to the user: theirs at the message (the start's,
 * with the recorded role changes up to it) and theirs today.
 */
export function rolesOf(user: string, at: number, past: { start: Workspace; today: Workspace; changes: readonly TimedChange[] }): Set<string> {
  let role = roleKey(past.start.users.get(user)?.role);
  for (const c of past.changes) {
    if (c.at > at) continue;
    for (const r of c.rows) if (r.entity === 'user' && r.user === user && r.key === 'role') role = roleKey(r.new);
  }
  return new Set([role, roleKey(past.today.users.get(user)?.role)].filter((r): r is string => r !== null));
}

/** The message kind's own preference: the only one of the three a decision reads. */
const KIND_KEY = { customer: 'customerMessages', internal: 'internalMessages', reply: 'customerReplies' } as const;

/**
 * Whether the decision read this preference: `access` when the conversation has an item,
 * the key of the message's kind, and `email`. Never `showFromCustomers` (display only),
 * nor the keys of the other kinds of message.
 */
function usedKey(key: string | null, f: DecisionFacts): boolean {
  return key === KIND_KEY[f.kind] || key === 'email' || (key === 'access' && f.item !== null);
}

/** Whether an audit row concerns a value that this decision used. */
function used(r: AuditRow, f: DecisionFacts, roles: ReadonlySet<string>): boolean {
  const u = f.user;
  switch (r.entity) {
    case 'preference':
      return r.user === u && usedKey(r.key, f);
    case 'default':
      // A default matters to a user who had no explicit value for that key.
      return usedKey(r.key, f) && f.prefs.source[r.key as keyof typeof f.prefs.source] === 'default';
    case 'role_default':
      // A default of their role (then or now) matters to a user without an explicit value.
      return roles.has(roleKey(r.target)!) && usedKey(r.key, f) && f.prefs.source[r.key as keyof typeof f.prefs.source] !== 'explicit';
    case 'user':
      if (r.user !== u) return false;
      // A new role brings its defaults to every key the user has not set.
      if (r.key === 'role') return (['access', KIND_KEY[f.kind], 'email'] as const).some((k) => usedKey(k, f) && f.prefs.source[k] !== 'explicit');
      return r.key === null || r.key === 'active' || r.key === 'email';
    case 'member':
      return r.user === u && r.target === f.project;
    case 'item_follower':
      return r.user === u && r.target === f.item;
    case 'conversation_follower':
      return r.user === u && r.target === f.message.conversation;
    case 'conversation':
      return r.target === f.message.conversation && r.key === 'item';
    default:
      return false;
  }
}

/** What an audit row changed, in words ("cleo's customerMessages", "dana following item T"). */
const SUBJECTS: Record<string, (r: AuditRow) => string> = {
  preference: (r) => `${r.user}'s ${r.key}`,
  default: (r) => `the workspace default of ${r.key}`,
  role_default: (r) => `the default of role ${r.target} for ${r.key}`,
  user: (r) => `${r.user}${r.key === null ? '' : `'s ${r.key}`}`,
  member: (r) => `${r.user}'s membership of ${r.target}`,
  item_follower: (r) => `${r.user} following item ${r.target}`,
  conversation_follower: (r) => `${r.user} following conversation ${r.target}`,
};

function what(r: AuditRow): string {
  const subject = (SUBJECTS[r.entity] ?? ((x: AuditRow) => `${x.target}'s ${x.key}`))(r);
  // An entity added or removed has no old and new value, only what happened.
  if (r.key === null) return `${subject} ${r.new}`;
  return `${subject}: ${r.old ?? '(none)'} → ${r.new ?? '(none)'}`;
}

/** The rows that touched a value the decision used (SPEC 9.6, 10.1). */
export function changedSince(rows: readonly AuditRow[], f: DecisionFacts, roles: ReadonlySet<string>): AuditRow[] {
  return rows.filter((r) => used(r, f, roles));
}

/** The note for the changes made since the decision's workspace that touched what it used; none when nothing did. */
export function changedSinceNotes(relevant: readonly AuditRow[], zone: string): string[] {
  if (relevant.length === 0) return [];
  // Numbered as the fixes' "(made since: changes 6 and 7)" and audit's CHANGE column; counted by change, not row.
  const lines = relevant.map((r) => `  change ${r.change}, ${formatHuman(Date.parse(r.at), zone)} by ${r.actor} (${r.command}): ${what(r)}`);
  const changes = new Set(relevant.map((r) => r.change)).size;
  return [`Changed since, in what this decision used (${changes === 1 ? '1 change' : `${changes} changes`}):\n${lines.join('\n')}`];
}

/** Whether an audit row set what a fix part makes: its own field or link, or for a preference a default or role that gives it. */
function sets(r: AuditRow, part: FixChange, today: Workspace): boolean {
  if (part.kind === 'preference') {
    if ((r.entity === 'default' || r.entity === 'role_default') && r.key === part.key) return true;
    if (r.entity === 'user' && r.user === part.user && r.key === 'role') return true;
  }
  return fixToChanges(today, part).some((c) => c.entity === r.entity && c.target === r.target && c.user === r.user && c.key === r.key);
}

/**
 * Marks the fixes made since the message, in whole or in part (SPEC 10.1: once made, a
 * fix is in changedSince): a support agent must not be told to make a change that was
 * made yesterday. A part counts when today's workspace holds it; its change is the last
 * of `relevant` that set it.
 */
export function markFixesMade(fixes: ExplainedFix[], relevant: readonly AuditRow[], today: Workspace): void {
  for (const fix of fixes) {
    const holding = fix.changes.filter((part) => fixHolds(today, part));
    if (holding.length === 0) continue;
    const changes = new Set<number>();
    for (const part of holding) {
      const last = relevant.filter((r) => sets(r, part, today)).at(-1);
      if (last !== undefined) changes.add(last.change);
    }
    fix.made = { changes: [...changes].sort((a, b) => a - b), inEffect: holding.length === fix.changes.length };
  }
}
