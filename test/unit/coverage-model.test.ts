/**
 * gaps --suggest and load (SPEC 10.5) against the brute-force reference model of the
 * replay (replay-model.ts): each suggestion, made on the workspace document and replayed
 * by the model, reaches the messages and adds the alerts and emails it says; all of them
 * leave exactly the predicted messages unreachable; and load's counts are the model's
 * decisions counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/domain/events.js';
import { LoadCounter, periodStarts } from '../../src/engine/load.js';
import { ask } from '../../src/engine/questions.js';
import { candidatesOf, replayScorer, suggestChanges, suggestChangesBy, type ListedMessage, type ReplayRunner, type Suggestion, type Tally } from '../../src/engine/suggest.js';
import { SuggestCounter } from '../../src/engine/suggest-counts.js';
import { applyChanges } from '../../src/domain/changes.js';
import { fixToChanges } from '../../src/engine/fixes.js';
import { cloneWorkspace, sortedIds, type Workspace } from '../../src/domain/workspace.js';
import { toEvent } from '../../src/io/log-events.js';
import { workspace } from '../helpers.js';
import { buildLog, CONVERSATIONS, docArb, ITEMS, rawEvent, reference, step, T0, toEvents, USERS, type Doc } from './replay-model.js';

const scenario = fc.record({
  doc: docArb,
  steps: fc.array(step, { minLength: 30, maxLength: 30 }),
  raws: fc.array(rawEvent, { minLength: 1, maxLength: 30 }),
  window: fc.constantFrom(60_000, 60_000, 30_000, 0),
});

const REACHED = new Set(['customer_message_all', 'customer_message_mine', 'seen_within_window']);

/** The model's view of a document and a log: decisions, and the unreachable customer messages in log order. */
function model(doc: Doc, log: object[], window: number) {
  const events = toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 })));
  const decisions = reference(doc, events, window) as { message: string; user: string; alert: boolean; email: boolean; reason: string; fireAt: string | null; conversation: string }[];
  const active = new Set(doc.users.filter((u) => u.active).map((u) => u.id));
  const customer = events.filter((e) => e.type === 'message' && e.authorKind === 'customer').map((e) => (e as { id: string }).id);
  const reached = new Set(decisions.filter((d) => active.has(d.user) && REACHED.has(d.reason)).map((d) => d.message));
  return { events, decisions, unreachable: customer.filter((m) => !reached.has(m)), alerts: decisions.filter((d) => d.alert).length, emails: decisions.filter((d) => d.email).length };
}

/** The document with a suggestion made, as `notifyctl` would make it. */
function withChange(doc: Doc, s: Pick<Suggestion, 'change'>): Doc {
  const out = structuredClone(doc);
  const { entity, target, user, key } = s.change;
  if (entity === 'preference') out.users.find((u) => u.id === user)!.preferences[key!] = s.change.new!;
  else if (entity === 'member') out.projects.find((p) => p.id === target)!.members.push(user!);
  else if (entity === 'item_follower') out.items.find((i) => i.id === target)!.followers.push(user!);
  else throw new Error(`unexpected change ${entity}`);
  return out;
}

/** Each event's line (from 1): the log's order unless `lines` gives others (as --sort leaves them, fileLines()). */
function runner(doc: Doc, log: object[], window: number, lines?: readonly number[]): ReplayRunner {
  const ws = workspace(doc);
  const known = { isUser: (id: string) => ws.users.has(id), isItem: (id: string) => ws.items.has(id) };
  const events: LogEvent[] = log.map((raw, i) => toEvent(raw, lines?.[i] ?? i + 1, known));
  return async (w, users, onDecision, follows) => {
    const r = ask.gaps(w, { window, users, onDecision });
    for (const e of events) {
      follows.push(e);
      r.push(e);
    }
    follows.end();
    r.end();
  };
}

/** Every single change of the SPEC's kinds for every active user, as a change row. */
function allCandidates(doc: Doc): Pick<Suggestion, 'change'>[] {
  const out: Pick<Suggestion, 'change'>[] = [];
  for (const u of doc.users.filter((x) => x.active)) {
    const row = (entity: 'preference' | 'member' | 'item_follower', target: string | null, key: string | null, value: string) => ({ change: { entity, target, user: u.id, key, old: null, new: value } });
    out.push(row('preference', null, 'customerMessages', 'all'), row('preference', null, 'customerMessages', 'mine'), row('preference', null, 'access', 'all-projects'));
    for (const p of doc.projects) if (!p.members.includes(u.id)) out.push(row('member', p.id, null, 'added'));
    for (const i of doc.items) if (!i.followers.includes(u.id)) out.push(row('item_follower', i.id, null, 'added'));
  }
  return out;
}

/**
 * Workspaces with gaps: some users take no customer messages, and most messages are a
 * customer's (the replay's generator makes few of either).
 */
const gappy = fc.record({ base: scenario, mute: fc.subarray(USERS), customer: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), unfollow: fc.array(fc.constantFrom(...ITEMS, null, null), { minLength: 30, maxLength: 30 }) }).map(({ base, mute, customer, unfollow }) => {
  const doc = structuredClone(base.doc);
  for (const u of doc.users) if (mute.includes(u.id)) u.preferences.customerMessages = 'none';
  // Views become follows or unfollows of items now and then: a follow the log sets is the log's.
  const raws = base.raws.map((r, i) =>
    r.type === 'message' && customer[i] ? { ...r, who: 'customer' } : r.type === 'view' && unfollow[i] ? { type: i % 3 === 0 ? 'follow' : 'unfollow', user: r.user, target: unfollow[i] } : r,
  ) as typeof base.raws;
  return { ...base, doc, raws };
});

/**
 * Gappy logs where users see their own messages again: the users' and bots' messages
 * are a user's, of an item, and some are followed by the author's view of their
 * conversation (gappy rarely makes one). The counts must leave a user's own messages
 * out of those they saw.
 */
const selfSeen = fc.record({ base: gappy, again: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }) }).map(({ base, again }) => {
  const raws = base.raws.flatMap((r, i) => {
    if (r.type !== 'message' || r.who === 'customer') return [r];
    const m = { ...r, who: USERS.includes(r.who) ? r.who : USERS[i % USERS.length]!, item: r.item ?? ITEMS[i % ITEMS.length] };
    return again[i] ? [m, { type: 'view', conversation: m.conversation, user: m.who }] : [m];
  }) as typeof base.raws;
  return { ...base, raws };
});

/**
 * Those logs where also those who follow or unfollow an item view a conversation right
 * after (gappy rarely makes one): messages seen by a user whose following the log set,
 * before or after them.
 */
const followThenView = fc.record({ base: selfSeen, conversation: fc.array(fc.constantFrom(...CONVERSATIONS), { minLength: 30, maxLength: 30 }) }).map(({ base, conversation }) => {
  const raws = base.raws.flatMap((r, i) => (r.type === 'follow' || r.type === 'unfollow' ? [r, { type: 'view', conversation: conversation[i]!, user: r.user }] : [r])) as typeof base.raws;
  return { ...base, raws };
});

describe('gaps --suggest against the model', () => {
  it('each suggestion reaches and adds what it says, given those before it; all of them leave exactly the predicted messages', async () => {
    await fc.assert(
      fc.asyncProperty(gappy, fc.integer({ min: 1, max: 4 }), async ({ doc, steps, raws, window }, max) => {
        const log = buildLog(doc, steps, raws);
        const before = model(doc, log, window);
        const ws = workspace(doc);
        const listed = before.unreachable.map((message) => {
          const m = before.events.find((e) => e.type === 'message' && e.id === message)!;
          const d = before.decisions.find((x) => x.message === message)!;
          const item = (d as unknown as { item: string | null }).item;
          return { message: m.type === 'message' ? m.id : '', item, project: item === null ? null : doc.items.find((i) => i.id === item)!.project };
        });
        const { suggestions, predicted } = await suggestChanges(ws, listed, max, runner(doc, log, window));
        expect(suggestions.length).toBeLessThanOrEqual(max);
        let current = doc;
        let state = before;
        let alerts = 0;
        for (const s of suggestions) {
          // The greedy pick: no single change reaches more of what is left per alert it adds (then fewer emails).
          for (const c of allCandidates(current)) {
            const m = model(withChange(current, c), log, window);
            const r = state.unreachable.filter((x) => !m.unreachable.includes(x)).length;
            const a = m.alerts - state.alerts;
            if (r === 0) continue;
            const [mine, theirs] = s.alertsAdded === 0 && a === 0 ? [s.reaches.length, r] : [s.reaches.length * a, r * s.alertsAdded];
            expect(mine).toBeGreaterThanOrEqual(theirs);
            if (mine === theirs) expect(s.emailsAdded).toBeLessThanOrEqual(m.emails - state.emails);
          }
          const next = withChange(current, s);
          const after = model(next, log, window);
          expect(s.reaches.length).toBeGreaterThan(0);
          expect(s.reaches).toEqual(state.unreachable.filter((m) => !after.unreachable.includes(m)));
          expect(s.alertsAdded).toBe(after.alerts - state.alerts);
          expect(s.emailsAdded).toBe(after.emails - state.emails);
          alerts += s.alertsAdded;
          current = next;
          state = after;
        }
        expect(predicted).toEqual(state.unreachable);
        expect(alerts).toBe(state.alerts - before.alerts);
        // It stopped for a reason: every message reached, N chosen, or no single change reaches one more.
        if (predicted.length > 0 && suggestions.length < max) {
          for (const c of allCandidates(current)) expect(model(withChange(current, c), log, window).unreachable).toEqual(predicted);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The counts of the gaps pass (SuggestCounter beside the reachability replay, as `gaps --suggest` runs them). */
function counted(ws: Workspace, log: object[], window: number, lines?: readonly number[]): SuggestCounter {
  const counter = new SuggestCounter(ws, window);
  pushAll(ws, log, [ask.reachability(ws, { window, onCustomerMessage: (m, reachable) => counter.onCustomerMessage(m, reachable) }), counter], lines);
  return counter;
}

/** Each line of the log, read against `ws`, to each sink in turn; then the end. */
function pushAll(ws: Workspace, log: object[], sinks: { push(e: LogEvent): void; end(): void }[], lines?: readonly number[]): void {
  const known = { isUser: (id: string) => ws.users.has(id), isItem: (id: string) => ws.items.has(id) };
  log.forEach((raw, i) => {
    const e = toEvent(raw, lines?.[i] ?? i + 1, known);
    for (const sink of sinks) sink.push(e);
  });
  for (const sink of sinks) sink.end();
}

/**
 * The lines of the log's events as --sort leaves them: the events written to a file in
 * the order of `keys` (equal times keep their order, as a stable sort needs), read back
 * in the log's order, each with its line in the file.
 */
function fileLines(log: object[], keys: readonly number[]): number[] {
  const times = log.map((e) => {
    const at = (e as { at: string | number }).at;
    return typeof at === 'number' ? at : Date.parse(at);
  });
  const place = log.map((_, i) => keys[i] ?? i);
  const sameTime = new Map<number, number[]>();
  times.forEach((t, i) => sameTime.set(t, [...(sameTime.get(t) ?? []), i]));
  for (const events of sameTime.values()) {
    const sorted = events.map((i) => place[i]!).sort((a, b) => a - b);
    events.forEach((i, k) => (place[i] = sorted[k]!));
  }
  const inFile = log.map((_, i) => i).sort((a, b) => place[a]! - place[b]! || a - b);
  const lines = new Array<number>(log.length);
  inFile.forEach((i, k) => (lines[i] = k + 1));
  return lines;
}

const scored = (tallies: Tally[]) => tallies.map((t) => ({ fix: t.fix, reaches: [...t.reaches].sort(), alerts: t.alerts, emails: t.emails })).sort((a, b) => (JSON.stringify(a.fix) < JSON.stringify(b.fix) ? -1 : 1));

describe('gaps --suggest: the counts of one pass score as the replays do', () => {
  it('every candidate, in the workspace and after a change, and the greedy list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(gappy, followThenView), fc.integer({ min: 1, max: 4 }), fc.nat(), fc.boolean(), fc.option(fc.array(fc.nat(1000), { minLength: 60, maxLength: 60 })), async ({ doc, steps, raws, window }, max, choice, some, keys) => {
        const log = buildLog(doc, steps, raws);
        const before = model(doc, log, window);
        const ws = workspace(doc);
        let listed: ListedMessage[] = before.unreachable.map((message) => {
          const d = before.decisions.find((x) => x.message === message)! as unknown as { item: string | null };
          return { message, item: d.item, project: d.item === null ? null : doc.items.find((i) => i.id === d.item)!.project };
        });
        // As --unnoticed lists them: some of the unreachable only.
        if (some) listed = listed.filter((_, i) => i % 2 === 0);
        // Sometimes with the lines --sort leaves (the file's, out of order): the counts score as the replays of the log in order.
        const lines = keys === null ? undefined : fileLines(log, keys);
        const counter = counted(ws, log, window, lines);
        const byCounts = counter.scorer(listed);
        const byReplays = replayScorer(runner(doc, log, window));
        const ids = new Set(listed.map((m) => m.message));
        const projects = new Set(listed.flatMap((m) => (m.project === null ? [] : [m.project])));
        const items = new Set(listed.flatMap((m) => (m.item === null ? [] : [m.item])));
        const all = (w: Workspace) => sortedIds([...w.users.keys()]).flatMap((u) => candidatesOf(w, u, projects, items));
        const expected = scored(await byReplays(ws, all(ws), ids));
        expect(scored(await byCounts(ws, all(ws), ids))).toEqual(expected);
        // And so do the replays with those lines (they score with recorded history).
        if (lines !== undefined) expect(scored(await replayScorer(runner(doc, log, window, lines))(ws, all(ws), ids))).toEqual(expected);
        // A round after a change is chosen: the chosen user's candidates under the changed workspace.
        const candidates = all(ws);
        if (candidates.length > 0) {
          const fix = candidates[choice % candidates.length]!;
          const changed = cloneWorkspace(ws);
          applyChanges(changed, fixToChanges(changed, fix));
          const again = candidatesOf(changed, fix.user, projects, items);
          expect(scored(await byCounts(changed, again, ids))).toEqual(scored(await byReplays(changed, again, ids)));
        }
        const fast = await suggestChangesBy(ws, listed, max, counter.scorer(listed));
        const slow = await suggestChanges(ws, listed, max, runner(doc, log, window));
        expect(fast.suggestions).toEqual(slow.suggestions);
        expect(fast.predicted).toEqual(slow.predicted);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('gaps --suggest: counts by hand', () => {
  it('a message seen by a user who began to follow its item after it counts as one they did not follow', async () => {
    const doc: Doc = {
      defaults: {},
      users: [
        { id: 'u1', active: true, preferences: {} },
        { id: 'u2', active: true, preferences: {} },
      ],
      projects: [{ id: 'p1', members: ['u1', 'u2'] }],
      items: [{ id: 'i1', project: 'p1', followers: [] }],
      conversations: [{ id: 'c1', item: 'i1', followers: [] }],
    };
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const log = [
      { type: 'message', id: 'm1', at: at(0), conversation: 'c1', author: 'cust-1', authorKind: 'customer' },
      { type: 'follow', at: at(1), user: 'u1', item: 'i1' },
      { type: 'view', at: at(2), user: 'u1', conversation: 'c1' },
      { type: 'message', id: 'm2', at: at(3), conversation: 'c1', author: 'cust-1', authorKind: 'customer' },
    ];
    const ws = workspace(doc);
    const listed: ListedMessage[] = [{ message: 'm1', item: 'i1', project: 'p1' }];
    const ids = new Set(['m1']);
    const candidates = sortedIds([...ws.users.keys()]).flatMap((u) => candidatesOf(ws, u, new Set(['p1']), new Set(['i1'])));
    const byCounts = scored(await counted(ws, log, 60_000).scorer(listed)(ws, candidates, ids));
    // u1's follow reaches m1, but adds no alert: m1 was seen, and m2 came while the log's follow stood.
    expect(byCounts.find((t) => t.fix.kind === 'follow-item' && t.fix.user === 'u1')).toEqual({ fix: { kind: 'follow-item', item: 'i1', user: 'u1' }, reaches: ['m1'], alerts: 0, emails: 0 });
    expect(byCounts).toEqual(scored(await replayScorer(runner(doc, log, 60_000))(ws, candidates, ids)));
  });
});

describe('gaps --suggest: a user seeing their own message', () => {
  it('is not a message they saw: it stays out of the messages of its kind they would be alerted of', async () => {
    // u1 follows i1 but cannot see p1: an internal message in c2 would alert them with access to all projects.
    const doc: Doc = {
      defaults: {},
      users: [
        { id: 'u1', active: true, preferences: { access: 'own-projects' } },
        { id: 'u2', active: true, preferences: { customerMessages: 'none' } },
      ],
      projects: [{ id: 'p1', members: ['u2'] }],
      items: [{ id: 'i1', project: 'p1', followers: ['u1'] }],
      conversations: [
        { id: 'c1', item: 'i1', followers: [] },
        { id: 'c2', item: 'i1', followers: [] },
      ],
    };
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const log = [
      { type: 'message', id: 'm1', at: at(0), conversation: 'c1', author: 'cust-1', authorKind: 'customer' },
      { type: 'message', id: 'm2', at: at(100), conversation: 'c2', author: 'bot-1', authorKind: 'bot', audience: 'internal' },
      // u1's own message, which they see again (a view within the window): still their own, not one they saw.
      { type: 'message', id: 'm3', at: at(200), conversation: 'c1', author: 'u1', authorKind: 'user', audience: 'internal' },
      { type: 'view', at: at(210), user: 'u1', conversation: 'c1' },
    ];
    const ws = workspace(doc);
    const listed: ListedMessage[] = [{ message: 'm1', item: 'i1', project: 'p1' }];
    const ids = new Set(['m1']);
    const candidates = sortedIds([...ws.users.keys()]).flatMap((u) => candidatesOf(ws, u, new Set(['p1']), new Set(['i1'])));
    const byCounts = scored(await counted(ws, log, 60_000).scorer(listed)(ws, candidates, ids));
    // With access to every project, u1 is alerted of m1 and m2 (not of m3, their own).
    expect(byCounts.find((t) => t.fix.kind === 'preference' && t.fix.user === 'u1' && t.fix.key === 'access')).toEqual({ fix: { kind: 'preference', user: 'u1', key: 'access', value: 'all-projects' }, reaches: ['m1'], alerts: 2, emails: 0 });
    expect(byCounts).toEqual(scored(await replayScorer(runner(doc, log, 60_000))(ws, candidates, ids)));
  });
});

describe('load against the model', () => {
  it("counts the model's alerts and emails per user and period, and those about a message someone else had seen", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom('UTC', 'Asia/Kolkata'), fc.constantFrom('hour' as const, 'day' as const), ({ doc, steps, raws, window }, zone, by) => {
        // Spread over hours: the generated steps are seconds to minutes.
        const log = buildLog(doc, steps.map((s) => s * 37), raws);
        const { events, decisions } = model(doc, log, window);
        const ws = workspace(doc);
        const counter = new LoadCounter((id) => ws.users.has(id), periodStarts(by, zone), window);
        pushAll(ws, log, [ask.totals(ws, { window, onAlert: counter.onAlert }), counter]);
        const size = by === 'hour' ? 3_600_000 : 86_400_000;
        const offset = zone === 'UTC' ? 0 : 330 * 60_000;
        const periodOf = (ms: number) => Math.floor((ms + offset) / size) * size - offset;
        const users = new Map<string, { user: string; alerts: number; emails: number; alreadyHandled: number; periods: Map<number, { at: number; alerts: number; emails: number }> }>();
        for (const d of decisions.filter((x) => x.alert)) {
          const u = users.get(d.user) ?? { user: d.user, alerts: 0, emails: 0, alreadyHandled: 0, periods: new Map() };
          users.set(d.user, u);
          const fireAt = Date.parse(d.fireAt!);
          const index = events.findIndex((e) => e.type === 'message' && e.id === d.message);
          const handled = events.slice(index + 1).some((e) => e.at <= fireAt && e.conversation === d.conversation && ((e.type === 'view' && e.user !== d.user && USERS.includes(e.user)) || (e.type === 'message' && e.authorKind === 'user' && e.author !== d.user)));
          u.alerts++;
          u.emails += Number(d.email);
          u.alreadyHandled += Number(handled);
          const p = u.periods.get(periodOf(fireAt)) ?? { at: periodOf(fireAt), alerts: 0, emails: 0 };
          u.periods.set(p.at, p);
          p.alerts++;
          p.emails += Number(d.email);
        }
        const expected = [...users.values()]
          .sort((a, b) => b.alerts - a.alerts || (a.user < b.user ? -1 : 1))
          .map((u) => {
            const periods = [...u.periods.values()].sort((a, b) => a.at - b.at);
            const most = Math.max(...periods.map((p) => p.alerts));
            const busiest = periods.find((p) => p.alerts === most)!;
            return { user: u.user, alerts: u.alerts, emails: u.emails, alreadyHandled: u.alreadyHandled, busiest: { at: busiest.at, alerts: most }, periods };
          });
        expect(counter.result()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

