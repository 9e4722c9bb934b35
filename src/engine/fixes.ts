/**
 * Counterfactuals for `why`: the changes to the workspace that might have notified a
 * user, found from the checks that failed. They are only candidates: the caller keeps
 * those that re-running the rules over the log proves right.
 */
import type { PreferenceKey } from '../domain/preferences.js';
import { applyChanges, currentValue, existenceChange, valueLeft, type Change } from '../domain/changes.js';
import { cloneWorkspace, preferencesOf, type Workspace } from '../domain/workspace.js';
import type { CheckResult, DecisionFacts } from './decide.js';

export type FixChange =
  | { kind: 'activate'; user: string }
  /** Give the user an email address (the command has a placeholder for it). */
  | { kind: 'email-address'; user: string }
  | { kind: 'preference'; user: string; key: PreferenceKey; value: string }
  | { kind: 'member'; project: string; user: string }
  | { kind: 'follow-item'; item: string; user: string }
  | { kind: 'follow-conversation'; conversation: string; user: string };

/** The address an email-address fix tries (and its command shows, for the user to replace). */
export const ADDRESS_PLACEHOLDER = 'ADDRESS';

/** What a fix must achieve: an alert, or (for a user alerted without email) an email. */
export type FixGoal = 'alert' | 'email';

export interface FixCandidates {
  goal: FixGoal;
  /** Sets of changes, smallest first; empty when nothing in the workspace could help. */
  candidates: FixChange[][];
  /** Why there is nothing to change, when that is so. */
  unfixable: string | null;
}

function options(f: DecisionFacts, failing: CheckResult): FixChange[][] | null {
  const user = f.user;
  const pref = (key: PreferenceKey, value: string): FixChange => ({ kind: 'preference', user, key, value });
  switch (failing.check) {
    case 'active':
      return [[{ kind: 'activate', user }]];
    case 'not_author':
    case 'not_seen':
      return null;
    case 'can_see':
      return [[pref('access', 'all-projects')], [{ kind: 'member', project: f.project!, user }]];
    case 'customer_messages':
      return [[pref('customerMessages', 'mine')], [pref('customerMessages', 'all')]];
    case 'internal_messages':
      return [[pref('internalMessages', 'on')]];
    case 'customer_replies':
      return [[pref('customerReplies', 'on')]];
    case 'follows': {
      const ways: FixChange[][] = [];
      if (f.item !== null) ways.push([{ kind: 'follow-item', item: f.item, user }]);
      ways.push([{ kind: 'follow-conversation', conversation: f.message.conversation, user }]);
      if (f.kind === 'customer') ways.push([pref('customerMessages', 'all')]);
      return ways;
    }
  }
}

function changeKey(c: FixChange): string {
  switch (c.kind) {
    case 'activate':
      return 'activate';
    case 'email-address':
      return 'email-address';
    case 'preference':
      return `pref:${c.key}=${c.value}`;
    case 'member':
      return `member:${c.project}`;
    case 'follow-item':
      return `item:${c.item}`;
    case 'follow-conversation':
      return `conversation:${c.conversation}`;
  }
}

/** Combines one way of passing each failing check; drops contradictions and duplicates. */
function combine(perCheck: FixChange[][][]): FixChange[][] {
  let sets: FixChange[][] = [[]];
  for (const ways of perCheck) {
    const next: FixChange[][] = [];
    for (const base of sets) {
      for (const way of ways) {
        const merged = [...base];
        for (const change of way) if (!merged.some((m) => changeKey(m) === changeKey(change))) merged.push(change);
        const prefKeys = merged.filter((m) => m.kind === 'preference').map((m) => (m as { key: string }).key);
        if (new Set(prefKeys).size !== prefKeys.length) continue; // one key set to two values
        next.push(merged);
      }
    }
    sets = next;
  }
  const seen = new Set<string>();
  return sets
    .filter((set) => {
      const key = set.map(changeKey).sort().join('|');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.length - b.length);
}

export function fixCandidates(f: DecisionFacts, results: readonly CheckResult[], alerted: boolean, emailed: boolean): FixCandidates {
  if (alerted) {
    if (emailed) return { goal: 'email', candidates: [], unfixable: null };
    const emailOn: FixChange = { kind: 'preference', user: f.user, key: 'email', value: 'on' };
    // Without an address no email is sent, whatever `email` says: adding one is the change.
    const address: FixChange = { kind: 'email-address', user: f.user };
    const candidate = !f.hasEmail ? (f.prefs.email === 'on' ? [address] : [address, emailOn]) : [emailOn];
    return { goal: 'email', candidates: [candidate], unfixable: null };
  }
  const failing = results.filter((r) => !r.passed);
  const perCheck: FixChange[][][] = [];
  for (const check of failing) {
    const ways = options(f, check);
    if (ways === null) {
      return {
        goal: 'alert',
        candidates: [],
        unfixable:
          check.check === 'not_author'
            ? `${f.user} wrote the message; nobody is notified of their own messages`
            : `${f.user} saw the message within the window, so no alert was due`,
      };
    }
    perCheck.push(ways);
  }
  return { goal: 'alert', candidates: combine(perCheck), unfixable: null };
}

/** A fix in the vocabulary of every other change (domain/changes.ts), against `ws` as it is. */
export function fixToChanges(ws: Workspace, c: FixChange): Change[] {
  switch (c.kind) {
    case 'activate':
      return [{ entity: 'user', target: null, user: c.user, key: 'active', old: String(ws.users.get(c.user)?.active ?? null), new: 'true' }];
    case 'email-address':
      return [{ entity: 'user', target: null, user: c.user, key: 'email', old: ws.users.get(c.user)?.email ?? null, new: ADDRESS_PLACEHOLDER }];
    case 'preference':
      return [{ entity: 'preference', target: null, user: c.user, key: c.key, old: ws.users.get(c.user)?.preferences.get(c.key) ?? null, new: c.value }];
    case 'member':
      return [existenceChange('member', c.project, c.user, true)];
    case 'follow-item':
      return [existenceChange('item_follower', c.item, c.user, true)];
    case 'follow-conversation':
      // A conversation the log names but the workspace does not list is added with the follow.
      return [...(ws.conversations.has(c.conversation) ? [] : [existenceChange('conversation', c.conversation, null, true)]), existenceChange('conversation_follower', c.conversation, c.user, true)];
  }
}

/**
 * Whether `ws` already holds what a fix makes (a fix made since the message is in effect
 * today): a preference by its effective value (an explicit one, or a default that gives
 * it), an address by any address, anything else by the value its change rows leave.
 */
export function fixHolds(ws: Workspace, c: FixChange): boolean {
  const user = ws.users.get(c.user);
  if (user === undefined) return false;
  if (c.kind === 'preference') return preferencesOf(ws, user)[c.key] === c.value;
  if (c.kind === 'email-address') return user.email !== undefined && user.email !== '';
  return fixToChanges(ws, c).every((r) => currentValue(ws, r) === valueLeft(r));
}

/** A copy of the workspace with the changes made. */
export function applyFix(ws: Workspace, changes: readonly FixChange[]): Workspace {
  const out = cloneWorkspace(ws);
  applyChanges(out, changes.flatMap((c) => fixToChanges(ws, c)));
  return out;
}

/** Keeps the verified sets that do not contain a smaller verified set. */
export function minimalFixes(verified: FixChange[][]): FixChange[][] {
  const keys = verified.map((set) => new Set(set.map(changeKey)));
  return verified.filter(
    (_, i) => !keys.some((other, j) => j !== i && other.size < keys[i]!.size && [...other].every((k) => keys[i]!.has(k))),
  );
}
