/**
 * `gaps --suggest` (SPEC 10.5): a short greedy list of single changes that reach the
 * unreachable customer messages at the least added noise. A candidate is one of why's
 * fixes (fixes.ts) for an active user: `customerMessages` to all or mine, `access` to
 * all-projects, a membership of an unreachable message's project, following its item.
 *
 * One replay of every user's decisions says, for each candidate, which listed messages
 * it would reach and how many alerts and emails it would add over the whole log: a
 * user's decisions depend on their own state only, so a candidate is tried on the facts
 * of that user's decisions — decide()'s own checks on the facts as the change would make
 * them — instead of in a replay of its own. The greedy rounds then run in memory; after a
 * change is chosen, only its user's candidates are worked out again (a replay of that one
 * user). The caller checks the result by replaying the log with every change made.
 *
 * That replay scoring (tally()) is used when a recorded change (SPEC 10.1) applies to a
 * line of the log; otherwise the same tallies come from counts kept during the gaps pass
 * (suggest-counts.ts), and
 * the rounds only re-count the chosen user's kinds of facts. The property test in
 * test/unit/coverage-model.test.ts holds the two to the same answers.
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent } from '../domain/events.js';
import type { EffectivePreferences, PreferenceKey } from '../domain/preferences.js';
import { applyChanges, type Change } from '../domain/changes.js';
import { cloneWorkspace, compareIds, preferencesOf, sortedIds, type Workspace } from '../domain/workspace.js';
import { blankDecision, decideInto, firstFailingCheck, type DecisionFacts } from './decide.js';
import { fixToChanges, type FixChange } from './fixes.js';

/** A listed message: what a membership or a follow would have to be of. */
export interface ListedMessage {
  message: string;
  item: string | null;
  project: string | null;
}

export interface Suggestion {
  fix: FixChange;
  /** The change as every write shows it (domain/changes.ts), against the workspace before it. */
  change: Change;
  /** The listed messages it reaches that those before it left unreachable, in log order. */
  reaches: string[];
  alertsAdded: number;
  emailsAdded: number;
}

/** Replays the log under `ws` for these users (null: every user), every decision with "seen" tracked; `follows` sees each event first. */
export type ReplayRunner = (ws: Workspace, users: ReadonlySet<string> | null, onDecision: (d: Decision, f: DecisionFacts, userIndex: number) => void, follows: { push(e: LogEvent): void; end(): void }) => Promise<void>;

/** What scoring found of one candidate: the listed messages it reaches, and the alerts and emails it adds over the log. */
export interface Tally {
  fix: FixChange;
  key: string;
  reaches: Set<string>;
  alerts: number;
  emails: number;
  /** A preference candidate's user's effective preferences with the change made. */
  prefs: EffectivePreferences | null;
}

const PREFERENCE_FIXES: readonly { key: PreferenceKey; value: string; applies: (current: string) => boolean }[] = [
  { key: 'customerMessages', value: 'all', applies: (v) => v !== 'all' },
  { key: 'customerMessages', value: 'mine', applies: (v) => v === 'none' },
  { key: 'access', value: 'all-projects', applies: (v) => v !== 'all-projects' },
];

/**
 * Scores candidates under `ws` (the workspace with the changes chosen so far): one tally
 * each, for the listed messages given. The replay's (tally()), or the counts' of one pass
 * (suggest-counts.ts).
 */
export type Scorer = (ws: Workspace, candidates: readonly FixChange[], listed: ReadonlySet<string>) => Promise<Tally[]> | Tally[];

/** A candidate's empty tally: a preference candidate with its user's preferences as the change makes them. */
export function newTally(ws: Workspace, fix: FixChange): Tally {
  const t: Tally = { fix, key: fixKey(fix), reaches: new Set(), alerts: 0, emails: 0, prefs: null };
  if (fix.kind === 'preference') t.prefs = { ...preferencesOf(ws, ws.users.get(fix.user)!), [fix.key]: fix.value };
  return t;
}

function fixKey(f: FixChange): string {
  switch (f.kind) {
    case 'preference':
      return `${f.user}\0pref\0${f.key}\0${f.value}`;
    case 'member':
      return `${f.user}\0member\0${f.project}`;
    case 'follow-item':
      return `${f.user}\0item\0${f.item}`;
    default:
      return `${f.user}\0${f.kind}`;
  }
}

/** The candidates of one active user in `ws`, for the listed messages' projects and items. */
export function candidatesOf(ws: Workspace, user: string, projects: ReadonlySet<string>, items: ReadonlySet<string>): FixChange[] {
  const u = ws.users.get(user);
  if (u === undefined || !u.active) return [];
  const prefs = preferencesOf(ws, u);
  const out: FixChange[] = [];
  for (const p of PREFERENCE_FIXES) if (p.applies(prefs[p.key])) out.push({ kind: 'preference', user, key: p.key, value: p.value });
  for (const project of projects) if (ws.projects.get(project)?.members.has(user) === false) out.push({ kind: 'member', project, user });
  for (const item of items) if (ws.items.get(item)?.followers.has(user) === false) out.push({ kind: 'follow-item', item, user });
  return out;
}

/**
 * The follow events of the log, as they come: whether a user's following of an item was
 * set by the log before a given message (then a follow added to the workspace changes
 * nothing there). Before is in the replay's order: by time, then by line (with --sort the
 * lines are the file's, in any order, sorted stably by time).
 */
class LogFollows {
  /** The first follow or unfollow line of each user and item: its time and line (a copy: the reader may reuse its events). */
  private readonly first = new Map<string, { at: number; line: number }>();
  push(e: LogEvent): void {
    if ((e.type === 'follow' || e.type === 'unfollow') && e.item !== null) {
      const key = `${e.user}\0${e.item}`;
      if (!this.first.has(key)) this.first.set(key, { at: e.at, line: e.line });
    }
  }
  end(): void {}
  setBefore(user: string, item: string, m: { at: number; line: number }): boolean {
    const e = this.first.get(`${user}\0${item}`);
    return e !== undefined && (e.at < m.at || (e.at === m.at && e.line < m.line));
  }
}

/**
 * Tries `t` on one decision: the facts as the change would make them, for the one call
 * (the facts object is the replay's, valid during the call: changed and put back, not
 * copied, since this runs for every decision of every user with candidates).
 */
function tryOn(t: Tally, d: Decision, f: DecisionFacts, listed: ReadonlySet<string>, follows: LogFollows, scratch: Decision): void {
  const fix = t.fix;
  const prefs = f.prefs;
  const member = f.member;
  const followsItem = f.followsItem;
  if (fix.kind === 'preference') f.prefs = t.prefs!;
  else if (fix.kind === 'member') f.member = true;
  // A follow the log set before this message is the log's, whatever the workspace says.
  else if (fix.kind === 'follow-item') {
    if (follows.setBefore(f.user, fix.item, f.message)) return;
    f.followsItem = true;
  }
  const failing = firstFailingCheck(f);
  // Reached: passes checks 1-5 (SPEC 9.2), whether or not it was seen in time.
  if ((failing === null || failing.id === 'not_seen') && listed.has(d.message)) t.reaches.add(d.message);
  if (failing === null) {
    const after = decideInto(f, scratch, null);
    t.alerts++;
    if (after.email) t.emails++;
  }
  f.prefs = prefs;
  f.member = member;
  f.followsItem = followsItem;
}

/** Decisions no added permission changes: an alert (or one seen in time) stays one; nobody is told of their own message. */
export const SETTLED = new Set(['customer_message_all', 'customer_message_mine', 'internal_message_followed', 'customer_reply_followed', 'seen_within_window', 'own_message', 'inactive_user']);

/** Works out the tallies of the candidates given, from every decision of their users under `ws`. */
async function tally(ws: Workspace, candidates: readonly FixChange[], listed: ReadonlySet<string>, run: ReplayRunner): Promise<Tally[]> {
  // By the replay's user index (users in id order): an array, not a map by id, for every decision.
  const index = new Map(sortedIds([...ws.users.keys()]).map((id, i) => [id, i]));
  const byUser: ({ prefs: Tally[]; member: Map<string, Tally>; item: Map<string, Tally> } | undefined)[] = [];
  const users = new Set<string>();
  const all: Tally[] = [];
  for (const fix of candidates) {
    const t = newTally(ws, fix);
    all.push(t);
    const i = index.get(fix.user)!;
    users.add(fix.user);
    let mine = byUser[i];
    if (mine === undefined) byUser[i] = mine = { prefs: [], member: new Map(), item: new Map() };
    if (fix.kind === 'preference') mine.prefs.push(t);
    else if (fix.kind === 'member') mine.member.set(fix.project, t);
    else if (fix.kind === 'follow-item') mine.item.set(fix.item, t);
  }
  if (all.length === 0) return all;
  const follows = new LogFollows();
  const scratch = blankDecision();
  await run(ws, users, (d, f, userIndex) => {
    const mine = byUser[userIndex];
    if (mine === undefined || d.alert || SETTLED.has(d.reason)) return;
    for (const t of mine.prefs) tryOn(t, d, f, listed, follows, scratch);
    if (f.project !== null && !f.member) {
      const t = mine.member.get(f.project);
      if (t !== undefined) tryOn(t, d, f, listed, follows, scratch);
    }
    if (f.item !== null && !f.followsItem) {
      const t = mine.item.get(f.item);
      if (t !== undefined) tryOn(t, d, f, listed, follows, scratch);
    }
  }, follows);
  return all;
}

/** Whether `a` is the better pick: more messages reached per alert added, then fewer emails, then the user id. */
function better(a: Tally, ar: number, b: Tally, br: number): boolean {
  // Reached per alert, compared without dividing; a change that adds no alert comes first, the one reaching more of those.
  const left = ar * b.alerts;
  const right = br * a.alerts;
  if (a.alerts === 0 && b.alerts === 0) {
    if (ar !== br) return ar > br;
  } else if (left !== right) return left > right;
  if (a.emails !== b.emails) return a.emails < b.emails;
  const byUser = compareIds(a.fix.user, b.fix.user);
  if (byUser !== 0) return byUser < 0;
  return a.key < b.key;
}

/**
 * The greedy list (SPEC 10.5) for the listed messages, in log order, at most `max`
 * changes; `ws` is not changed. Returns the suggestions and the workspace with all of
 * them made (for the caller's checking replay).
 */
export function suggestChanges(ws: Workspace, listed: readonly ListedMessage[], max: number, run: ReplayRunner): Promise<{ suggestions: Suggestion[]; after: Workspace; predicted: string[] }> {
  return suggestChangesBy(ws, listed, max, replayScorer(run));
}

/** The scoring by replays: every decision of the candidates' users, each candidate tried on each (tally()). */
export function replayScorer(run: ReplayRunner): Scorer {
  return (ws, candidates, listed) => tally(ws, candidates, listed, run);
}

/** suggestChanges() with the candidates scored by `score`. */
export async function suggestChangesBy(ws: Workspace, listed: readonly ListedMessage[], max: number, score: Scorer): Promise<{ suggestions: Suggestion[]; after: Workspace; predicted: string[] }> {
  const order = new Map(listed.map((m, i) => [m.message, i]));
  const ids = new Set(order.keys());
  const projects = new Set<string>();
  const items = new Set<string>();
  for (const m of listed) {
    if (m.project !== null) projects.add(m.project);
    if (m.item !== null) items.add(m.item);
  }
  const current = cloneWorkspace(ws);
  const remaining = new Set(ids);
  const suggestions: Suggestion[] = [];
  if (listed.length === 0 || max === 0) return { suggestions, after: current, predicted: [] };
  const users = sortedIds([...current.users.keys()]);
  let tallies = await score(current, users.flatMap((u) => candidatesOf(current, u, projects, items)), ids);
  while (suggestions.length < max && remaining.size > 0) {
    let best: Tally | null = null;
    let bestReach = 0;
    for (const t of tallies) {
      let r = 0;
      for (const m of t.reaches) if (remaining.has(m)) r++;
      if (r === 0) continue;
      if (best === null || better(t, r, best, bestReach)) {
        best = t;
        bestReach = r;
      }
    }
    if (best === null) break;
    const changes = fixToChanges(current, best.fix);
    const reaches = [...best.reaches].filter((m) => remaining.has(m)).sort((a, b) => order.get(a)! - order.get(b)!);
    for (const m of reaches) remaining.delete(m);
    suggestions.push({ fix: best.fix, change: changes[0]!, reaches, alertsAdded: best.alerts, emailsAdded: best.emails });
    applyChanges(current, changes);
    if (suggestions.length === max || remaining.size === 0) break;
    // The chosen user's other candidates, given the change.
    const user = best.fix.user;
    tallies = [...tallies.filter((t) => t.fix.user !== user), ...(await score(current, candidatesOf(current, user, projects, items), ids))];
  }
  return { suggestions, after: current, predicted: [...remaining].sort((a, b) => order.get(a)! - order.get(b)!) };
}
