/**
 * The streaming replay against the brute-force reference model of SPEC section 5
 * (replay-model.ts, written from the SPEC without using the engine: for every (message,
 * user) pair it rescans the log). fast-check generates workspaces and logs; the two must
 * agree field by field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent, MessageEvent } from '../../src/domain/events.js';
import { decisionObject } from '../../src/cli/render/decisions.js';
import { checks, type DecisionFacts } from '../../src/engine/decide.js';
import { GapCounter, GapFinder, GapWatcher } from '../../src/engine/gaps.js';
import { Replay, type AlertOutcome, type ReplayHistory, type Selection } from '../../src/engine/replay.js';
import { ask } from '../../src/engine/questions.js';
import { Tally } from '../../src/engine/stats.js';
import { Comparison } from '../../src/engine/comparison.js';
import { EvidenceCollector } from '../../src/engine/evidence.js';
import type { Decision } from '../../src/domain/decision.js';
import { toEvent } from '../../src/io/log-events.js';
import { diffWorkspaces } from '../../src/domain/workspace-diff.js';
import { decisionFor, replay, workspace } from '../helpers.js';
import { buildLog, docArb, ITEMS, pick, prefs, rawEvent, reference, step, T0, toEvents, USERS, type CheckTruth, type Doc } from './replay-model.js';

/**
 * `doc` with only the users `here` (in its projects and follower lists too), its
 * conversations in the items of `start`'s (a log's message must agree with them): a
 * workspace of another time, for the recorded-history tests.
 */
function withUsers(start: Doc, doc: Doc, here: string[]): Doc {
  return {
    defaults: doc.defaults,
    users: doc.users.filter((u) => here.includes(u.id)),
    projects: doc.projects.map((p) => ({ id: p.id, members: p.members.filter((u) => here.includes(u)) })),
    items: doc.items.map((i) => ({ ...i, followers: i.followers.filter((u) => here.includes(u)) })),
    conversations: doc.conversations.map((c, k) => ({ ...start.conversations[k]!, followers: c.followers.filter((u) => here.includes(u)) })),
  };
}

describe('replay agrees with a brute-force reading of the SPEC', () => {
  const scenario = fc.record({
    doc: docArb,
    steps: fc.array(step, { minLength: 30, maxLength: 30 }),
    raws: fc.array(rawEvent, { minLength: 1, maxLength: 30 }),
    window: fc.constantFrom(60_000, 60_000, 30_000, 0),
  });

  it('for every user and message (--all)', () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws, window }) => {
        const ws = workspace(doc);
        const log = buildLog(doc, steps, raws);
        const result = replay(ws, log, { window });
        const model = reference(doc, toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 }))), window);
        expect(result.decisions.map(decisionObject)).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it("checks() reports every check's own truth, also after the first failure (what why prints)", () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws, window }) => {
        const ws = workspace(doc);
        const log = buildLog(doc, steps, raws);
        const truths: CheckTruth[] = [];
        reference(doc, toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 }))), window, truths);
        // why watches one user's decisions: the same selection as --user.
        const result = replay(ws, log, { window, selection: { kind: 'users', users: new Set(USERS) } });
        const explained = result.facts.map((f) => ({ message: f.message.id, user: f.user, checks: checks(f).map((c) => [c.check, c.passed]) }));
        expect(explained).toEqual(truths);
      }),
      { numRuns: 400 },
    );
  });

  it('gaps: unreachable and unnoticed as SPEC 9.2 defines them, by the full finder and by the cheap counter', () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws, window }) => {
        const ws = workspace(doc);
        const log = buildLog(doc, steps, raws);
        const truths: CheckTruth[] = [];
        const events = toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 })));
        reference(doc, events, window, truths);
        // Brute force: per customer message, does any active user pass checks 1-5, did anyone see it?
        const customer = new Set(events.filter((e) => e.type === 'message' && e.authorKind === 'customer').map((e) => (e as MessageEvent).id));
        const expected = { customerMessages: customer.size, unreachable: 0, unnoticed: 0 };
        const unreachable: string[] = [];
        for (const id of customer) {
          const mine = truths.filter((t) => t.message === id);
          const passes = (t: CheckTruth) => t.checks.filter(([c]) => c !== 'not_seen').every(([, ok]) => ok);
          if (mine.some(passes)) continue;
          expected.unreachable++;
          unreachable.push(id);
          if (!mine.some((t) => t.checks.some(([c, ok]) => c === 'not_seen' && !ok))) expected.unnoticed++;
        }
        const listed: string[] = [];
        const full = new GapFinder((row) => listed.push(row.message));
        const counter = new GapCounter(window);
        const known = { isUser: (id: string) => ws.users.has(id), isItem: (id: string) => ws.items.has(id) };
        const all = ask.gaps(ws, { window, onDecision: (d, f) => full.add(d, f) });
        const notified = ask.reachability(ws, { window, onCustomerMessage: counter.onCustomerMessage });
        log.forEach((raw, i) => {
          const event = toEvent(raw, i + 1, known);
          all.push(event);
          notified.push(event);
          counter.push(event);
        });
        all.end();
        notified.end();
        full.end();
        counter.end();
        expect(full.counts).toEqual(expected);
        expect(listed).toEqual(unreachable);
        expect(counter.counts).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('SPEC 10.1: each line is decided with the workspace of its time, over random recorded changes (preferences, defaults, memberships, follows, activation, users removed and added)', () => {
    // A change's time, in whole seconds from the log's start: ties with the lines' times happen.
    // Some changes touch only users' settings (the replay then remakes only the lists those users are on).
    const change = fc.record({ doc: docArb, present: fc.subarray(USERS), at: fc.integer({ min: -5, max: 900 }).map((s) => T0 + s * 1000), settingsOnly: fc.boolean() });
    const historic = fc.record({ start: scenario, present: fc.subarray(USERS), changes: fc.array(change, { maxLength: 4 }) });
    fc.assert(
      fc.property(historic, fc.constantFrom<Selection>({ kind: 'all' }, { kind: 'notified' }, { kind: 'users', users: new Set(['u2', 'u4']) }), fc.boolean(), ({ start, present, changes }, selection, threaded) => {
        const { steps, raws, window } = start;
        const keep = (doc: Doc, here: string[]): Doc => withUsers(start.doc, doc, here);
        const first = keep(start.doc, present);
        const later: { at: number; doc: Doc }[] = [];
        for (const c of [...changes].sort((a, b) => a.at - b.at)) {
          const previous = later.at(-1)?.doc ?? first;
          // Settings only: the same users, links and defaults, with the new document's preferences and activity.
          later.push({ at: c.at, doc: c.settingsOnly ? { ...previous, users: previous.users.map((u) => ({ ...u, ...pick(c.doc.users.find((x) => x.id === u.id)!) })) } : keep(c.doc, c.present) });
        }
        const docs = [{ at: -Infinity, doc: first }, ...later];
        const timed = later.map((c, k) => ({ change: k + 2, at: c.at, rows: diffWorkspaces(workspace(docs[k]!.doc), workspace(c.doc)) }));
        const log = buildLog(first, steps, raws);
        const model = reference(first, toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 }))), window, undefined, { docs }).filter(
          (d) => (selection.kind === 'users' ? selection.users.has(d.user as string) : selection.kind === 'all' || d.alert === true),
        );
        const result = replay(workspace(first), log, { window, selection, threaded, history: { changes: timed, users: USERS, begins: -Infinity } });
        expect(result.decisions.map(decisionObject)).toEqual(model);
      }),
      { numRuns: 500 },
    );
  });

  /** Gaps in one pass (as `gaps` reads a log): a notified-only replay names the unreachable messages, GapWatcher watches who sees them. */
  function gapsInOnePass(ws: ReturnType<typeof workspace>, events: LogEvent[], window: number, history?: ReplayHistory) {
    const rows: unknown[] = [];
    const watcher = new GapWatcher(ws, history?.changes ?? [], window, (row) => rows.push(structuredClone(row)));
    const check = ask.reachability(ws, { window, history, onCustomerMessage: watcher.onCustomerMessage });
    for (const e of events) {
      check.push(e);
      watcher.push(e);
    }
    check.end();
    watcher.end();
    return { rows, counts: watcher.counts };
  }

  /** Gaps from every user's decision of every message. */
  function gapRows(ws: ReturnType<typeof workspace>, events: LogEvent[], window: number, history?: ReplayHistory) {
    const rows: unknown[] = [];
    const finder = new GapFinder((row) => rows.push(structuredClone(row)));
    const r = ask.gaps(ws, { window, history, onDecision: (d, f) => finder.add(d, f) });
    for (const e of events) r.push(e);
    r.end();
    finder.end();
    return { rows, counts: finder.counts };
  }

  it("gaps in one pass (a notified-only replay and GapWatcher) list the same rows and counts as every user's decisions, over random recorded changes", () => {
    const change = fc.record({ doc: docArb, present: fc.subarray(USERS), at: fc.integer({ min: -5, max: 900 }).map((s) => T0 + s * 1000) });
    const historic = fc.record({ start: scenario, present: fc.subarray(USERS), changes: fc.array(change, { maxLength: 3 }) });
    fc.assert(
      fc.property(historic, ({ start, present, changes }) => {
        const { steps, raws, window } = start;
        const keep = (doc: Doc, here: string[]): Doc => withUsers(start.doc, doc, here);
        const sorted = [...changes].sort((a, b) => a.at - b.at);
        const docs = [keep(start.doc, present), ...sorted.map((c) => keep(c.doc, c.present))];
        const history = { changes: sorted.map((c, k) => ({ change: k + 2, at: c.at, rows: diffWorkspaces(workspace(docs[k]!), workspace(docs[k + 1]!)) })), users: USERS, begins: -Infinity };
        const ws = workspace(docs[0]!);
        const known = { isUser: (id: string) => USERS.includes(id), isItem: (id: string) => ITEMS.includes(id) };
        const events = buildLog(docs[0]!, steps, raws).map((raw, i) => toEvent(raw, i + 1, known));
        // As text: the blockers' keys in the same order too.
        expect(JSON.stringify(gapsInOnePass(ws, events, window, history))).toBe(JSON.stringify(gapRows(ws, events, window, history)));
      }),
      { numRuns: 400 },
    );
  });

  it("gaps in one pass: a follow of the conversation's item, on a line of its own, reaches the conversation's later message", () => {
    const doc: Doc = {
      defaults: {},
      users: [{ id: 'u1', active: true, preferences: { customerMessages: 'mine' } }],
      projects: [{ id: 'p1', members: ['u1'] }],
      items: [{ id: 'i1', project: 'p1', followers: [] }],
      conversations: [{ id: 'c1', item: 'i1', followers: [] }],
    };
    const ws = workspace(doc);
    const known = { isUser: (id: string) => id === 'u1', isItem: (id: string) => id === 'i1' };
    const message = (id: string, s: number) => ({ type: 'message', id, at: T0 + s * 1000, conversation: 'c1', author: 'cust-1', authorKind: 'customer' });
    const log = [message('m1', 0), { type: 'view', at: T0 + 1000, user: 'u1', conversation: 'c2' }, { type: 'follow', at: T0 + 120_000, user: 'u1', item: 'i1' }, message('m2', 180)];
    const events = log.map((raw, i) => toEvent(raw, i + 1, known));
    const once = gapsInOnePass(ws, events, 60_000);
    expect(JSON.stringify(once)).toBe(JSON.stringify(gapRows(ws, events, 60_000)));
    expect(once.rows.map((r) => (r as { message: string }).message)).toEqual(['m1']);
  });

  it('notified-only equals --all filtered to notifications', () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws, window }) => {
        const ws = workspace(doc);
        const log = buildLog(doc, steps, raws);
        const all = replay(ws, log, { window }).decisions.filter((d) => d.alert);
        expect(replay(ws, log, { window, selection: { kind: 'notified' } }).decisions).toEqual(all);
      }),
      { numRuns: 300 },
    );
  });

  it('alerts counted by their outcomes (simulate --stats) total what the notified-only decisions total', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(undefined, new Set(['u2']), new Set(['u1', 'u3', 'u5'])), ({ doc, steps, raws, window }, everyDecisionOf) => {
        const ws = workspace(doc);
        const events = toEvents(buildLog(doc, steps, raws));
        const run = (counting: boolean) => {
          const tally = new Tally();
          const reported: string[] = [];
          const r = new Replay(ws, {
            window,
            selection: { kind: 'notified' },
            ...(everyDecisionOf !== undefined && { everyDecisionOf }),
            onDecision: (d, _f, i) => {
              reported.push(d.user);
              tally.add(d, i);
            },
            ...(counting && { onAlert: (o: AlertOutcome, i: number) => tally.add(o, i) }),
          });
          for (const e of events) r.push(e);
          r.end();
          return { stats: tally.result(events.filter((e) => e.type === 'message').length), reported };
        };
        const decided = run(false);
        const counted = run(true);
        expect(counted.stats).toEqual(decided.stats);
        // Only everyDecisionOf's users still come as decisions.
        expect(counted.reported.every((u) => everyDecisionOf?.has(u))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a replay fed by the reading thread (conversations by number) equals one fed directly', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom<Selection>({ kind: 'all' }, { kind: 'notified' }, { kind: 'users', users: new Set(['u2', 'u4']) }), ({ doc, steps, raws, window }, selection) => {
        const ws = workspace(doc);
        const log = buildLog(doc, steps, raws);
        const direct = replay(ws, log, { window, selection });
        const threaded = replay(ws, log, { window, selection, threaded: true });
        expect(threaded.decisions).toEqual(direct.decisions);
        // The same facts; the messages read in a thread also carry their conversation's number.
        expect(threaded.facts.every((f) => typeof f.message.conversationKey === 'number')).toBe(true);
        expect(threaded.facts.map((f) => ({ ...f, message: { ...f.message, conversationKey: undefined } }))).toEqual(direct.facts);
      }),
      { numRuns: 300 },
    );
  });

  it('"From customers" never changes a decision', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ doc, steps, raws, window }, show) => {
        const log = buildLog(doc, steps, raws);
        const flipped = { ...doc, users: doc.users.map((u) => ({ ...u, preferences: { ...u.preferences, showFromCustomers: show } })) };
        expect(replay(workspace(flipped), log, { window }).decisions).toEqual(replay(workspace(doc), log, { window }).decisions);
      }),
      { numRuns: 100 },
    );
  });
});


describe('properties of the rules', () => {
  const scenario = fc.record({
    doc: docArb,
    steps: fc.array(step, { minLength: 30, maxLength: 30 }),
    raws: fc.array(rawEvent, { minLength: 1, maxLength: 30 }),
  });
  const authorOf = (log: object[], id: string) => (log.find((e) => (e as { id?: string }).id === id) as { author: string; authorKind: string });

  it('the author of a message is never notified of it', () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws }) => {
        const log = buildLog(doc, steps, raws);
        for (const d of replay(workspace(doc), log).decisions) {
          const m = authorOf(log, d.message);
          if (m.authorKind !== 'user' || m.author !== d.user) continue;
          expect(d.alert).toBe(false);
          // Check 1 (active) comes before check 2 (own message).
          expect(d.reason).toBe(doc.users.find((u) => u.id === d.user)!.active ? 'own_message' : 'inactive_user');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('customerMessages none never notifies for a customer message', () => {
    fc.assert(
      fc.property(scenario, ({ doc, steps, raws }) => {
        const quiet = { ...doc, users: doc.users.map((u) => ({ ...u, preferences: { ...u.preferences, customerMessages: 'none' } })) };
        const log = buildLog(quiet, steps, raws);
        for (const d of replay(workspace(quiet), log).decisions) {
          if (authorOf(log, d.message).authorKind === 'customer') expect(d.alert).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a view within the window always suppresses', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.constantFrom(...USERS), fc.constantFrom(0, 1_000, 30_000, 60_000), ({ doc, steps, raws }, pick, user, delay) => {
        const log = buildLog(doc, steps, raws) as { type: string; id?: string; at: string | number; conversation?: string }[];
        const messages = log.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'message');
        if (messages.length === 0) return;
        const [m, index] = messages[pick % messages.length]!;
        const at = (typeof m.at === 'number' ? m.at : Date.parse(m.at)) + delay;
        // Insert the view where its time belongs, after the message.
        let insertAt = index + 1;
        while (insertAt < log.length && (typeof log[insertAt]!.at === 'number' ? (log[insertAt]!.at as number) : Date.parse(log[insertAt]!.at as string)) <= at) insertAt++;
        const withView = [...log.slice(0, insertAt), { type: 'view', at, user, conversation: m.conversation }, ...log.slice(insertAt)];
        expect(decisionFor(replay(workspace(doc), withView), m.id!, user).alert).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  const LADDERS: [string, (string | boolean)[]][] = [
    ['customerMessages', ['none', 'mine', 'all']],
    ['internalMessages', [false, true]],
    ['customerReplies', [false, true]],
    ['access', ['own-projects', 'all-projects']],
    ['email', [false, true]],
  ];

  it('turning a preference up (off to on, none to mine to all) never removes a notification', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...USERS), fc.constantFrom(...LADDERS), ({ doc, steps, raws }, user, [key, ladder]) => {
        const log = buildLog(doc, steps, raws);
        const at = (value: string | boolean) => {
          const changed = { ...doc, users: doc.users.map((u) => (u.id === user ? { ...u, preferences: { ...u.preferences, [key]: value } } : u)) };
          return replay(workspace(changed), log).decisions.filter((d) => d.user === user);
        };
        for (let i = 0; i + 1 < ladder.length; i++) {
          const lower = at(ladder[i]!);
          const higher = at(ladder[i + 1]!);
          lower.forEach((d, j) => {
            if (d.alert) expect(higher[j]!.alert).toBe(true);
            if (d.email) expect(higher[j]!.email).toBe(true);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("one user's decision on one message, replayed over the evidence slice, equals the whole log's, under any change to that user (why's fix checks)", () => {
    const change = fc.record({ active: fc.boolean(), preferences: prefs, member: fc.subarray(['p1', 'p2']), items: fc.subarray(ITEMS), conversations: fc.subarray(['c1', 'c2']) });
    fc.assert(
      fc.property(scenario, fc.constantFrom(...USERS), change, fc.constantFrom(60_000, 30_000, 0), ({ doc, steps, raws }, user, c, window) => {
        const log = buildLog(doc, steps, raws);
        const ws = workspace(doc);
        // What why changes: the one user's activity, preferences, memberships and follows in the workspace.
        const changed = workspace({
          ...doc,
          users: doc.users.map((u) => (u.id === user ? { ...u, active: c.active, preferences: c.preferences } : u)),
          projects: doc.projects.map((p) => ({ ...p, members: [...p.members.filter((m) => m !== user), ...(c.member.includes(p.id) ? [user] : [])] })),
          items: doc.items.map((i) => ({ ...i, followers: [...i.followers.filter((f) => f !== user), ...(c.items.includes(i.id) ? [user] : [])] })),
          conversations: doc.conversations.map((x) => ({ ...x, followers: [...x.followers.filter((f) => f !== user), ...(c.conversations.includes(x.id) ? [user] : [])] })),
        });
        const events = toEvents(log.map((raw, i) => ({ ...raw, line: i + 1 })));
        const wholeRun = replay(changed, log, { window, selection: { kind: 'users', users: new Set([user]) } });
        const whole = wholeRun.decisions;
        for (const e of events) {
          if (e.type !== 'message') continue;
          const collector = new EvidenceCollector(ws, user, e.id, window);
          for (const x of events) collector.push(x);
          const sliced: Decision[] = [];
          const slicedFacts: DecisionFacts[] = [];
          const r = ask.decisions(changed, {
            window,
            selection: { kind: 'users', users: new Set([user]) },
            onDecision: (d, f) => {
              if (d.message !== e.id) return;
              sliced.push({ ...d });
              slicedFacts.push({ ...f });
            },
          });
          for (const x of collector.slice()) r.push(x);
          r.end();
          expect(sliced.map(decisionObject)).toEqual(whole.filter((d) => d.message === e.id).map(decisionObject));
          // And every check why prints, with its values.
          const wholeFacts = wholeRun.facts.filter((f) => f.message.id === e.id);
          expect(slicedFacts.map((f) => checks(f))).toEqual(wholeFacts.map((f) => checks(f)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plan\'s comparison (counting replays, and every decision only for the users concerned) equals two whole replays', () => {
    const change = fc.record({ active: fc.boolean(), preferences: prefs, member: fc.subarray(['p1', 'p2']), items: fc.subarray(ITEMS) });
    fc.assert(
      fc.property(scenario, docArb, fc.constantFrom(...USERS), change, fc.constantFrom('local', 'row', 'rows', 'other', 'removed', 'added'), ({ doc, steps, raws }, other, user, c, mode) => {
        const log = buildLog(doc, steps, raws);
        // One user's change (the decisions of the others cannot differ), another workspace
        // altogether, or a user removed or added (their decisions on one side only).
        const without = (x: string) => ({
          ...doc,
          users: doc.users.filter((u) => u.id !== x),
          projects: doc.projects.map((p) => ({ ...p, members: p.members.filter((m) => m !== x) })),
          items: doc.items.map((i) => ({ ...i, followers: i.followers.filter((f) => f !== x) })),
          conversations: doc.conversations.map((k) => ({ ...k, followers: k.followers.filter((f) => f !== x) })),
        });
        // 'row': only the user's own row (activity, preferences) changes, which plan decides in one replay (rowsConcerned).
        // 'rows': several users' rows (a role default): only the kinds of facts whose outcome changes are decided apart.
        const next = mode === 'removed' || mode === 'added' ? without(user) : mode === 'rows'
          ? { ...doc, users: doc.users.map((u, i) => (u.id === user || i % 2 === 0 ? { ...u, preferences: { ...u.preferences, ...c.preferences } } : u)) }
          : mode === 'row'
          ? { ...doc, users: doc.users.map((u) => (u.id === user ? { ...u, active: c.active, preferences: c.preferences } : u)) }
          : mode === 'local'
          ? {
              ...doc,
              users: doc.users.map((u) => (u.id === user ? { ...u, active: c.active, preferences: c.preferences } : u)),
              projects: doc.projects.map((p) => ({ ...p, members: [...p.members.filter((m) => m !== user), ...(c.member.includes(p.id) ? [user] : [])] })),
              items: doc.items.map((i) => ({ ...i, followers: [...i.followers.filter((f) => f !== user), ...(c.items.includes(i.id) ? [user] : [])] })),
            }
          : { ...other, conversations: doc.conversations };
        const [before, after] = mode === 'added' ? [workspace(next), workspace(doc)] : [workspace(doc), workspace(next)];
        const comparison = new Comparison(before, after, { window: 60_000, gaps: true, decisions: true });
        const known = { isUser: (id: string) => before.users.has(id) || after.users.has(id), isItem: (id: string) => before.items.has(id) || after.items.has(id) };
        const events = log.map((raw, i) => ({ ...toEvent(raw, i + 1, known) }));
        for (const e of events) for (const sink of comparison.sinks) sink.push(e);
        for (const sink of comparison.sinks) sink.end();
        const got = comparison.result();
        // The reference: every decision of every user, on each side, "seen" tracked for all (what gaps needs).
        const whole = [before, after].map((ws) => {
          const out = { decisions: [] as Decision[], facts: [] as DecisionFacts[] };
          const r = ask.gaps(ws, { window: 60_000, onDecision: (d, f) => (out.decisions.push({ ...d }), out.facts.push({ ...f })) });
          for (const e of events) r.push(e);
          r.end();
          return out;
        });
        const key = (d: Decision) => `${d.message}\u0000${d.user}`;
        const outcome = (d: Decision | undefined) => (d === undefined ? null : { alert: d.alert, email: d.email, reason: d.reason });
        const maps = whole.map((r) => new Map(r.decisions.map((d) => [key(d), d])));
        const changed = [...new Set([...maps[0]!.keys(), ...maps[1]!.keys()])]
          .map((k) => ({ k, b: maps[0]!.get(k), a: maps[1]!.get(k) }))
          .filter(({ b, a }) => JSON.stringify(outcome(b)) !== JSON.stringify(outcome(a)))
          // A user of one workspace only counts only where they are alerted (SPEC 10.2).
          .filter(({ b, a }) => (b !== undefined && a !== undefined) || b?.alert === true || a?.alert === true)
          .map(({ k, b, a }) => ({ message: k.split("\u0000")[0]!, user: k.split("\u0000")[1]!, before: outcome(b), after: outcome(a) }));
        const order = (x: { message: string; user: string }) => `${x.message.slice(1).padStart(4, '0')}\u0000${x.user}`;
        changed.sort((x, y) => (order(x) < order(y) ? -1 : 1));
        expect([...got.decisions]).toEqual(changed);
        expect(got.decisions.total).toBe(changed.length);
        // The transitions: the same, summed by user and outcome, with the first message of each.
        const transitions = new Map<string, { user: string; before: unknown; after: unknown; count: number; first: string }>();
        for (const d of changed) {
          const t = transitions.get(JSON.stringify([d.user, d.before, d.after]));
          if (t === undefined) transitions.set(JSON.stringify([d.user, d.before, d.after]), { user: d.user, before: d.before, after: d.after, count: 1, first: d.message });
          else t.count++;
        }
        const byUser = (list: { user: string }[]) => [...list].sort((x, y) => (x.user < y.user ? -1 : x.user > y.user ? 1 : 0));
        expect(got.transitions).toEqual(byUser([...transitions.values()]));
        const gaps = whole.map((r) => {
          const unnoticed: string[] = [];
          const unreachable: string[] = [];
          const finder = new GapFinder((g) => (unreachable.push(g.message), g.seenBy === null && unnoticed.push(g.message)));
          r.decisions.forEach((d, i) => finder.add(d, r.facts[i]!));
          finder.end();
          return { counts: finder.counts, unnoticed, unreachable };
        });
        expect(got.gaps).toEqual({
          unreachableBefore: gaps[0]!.counts.unreachable,
          unreachableAfter: gaps[1]!.counts.unreachable,
          unnoticedBefore: gaps[0]!.counts.unnoticed,
          unnoticedAfter: gaps[1]!.counts.unnoticed,
          newlyUnreachable: gaps[1]!.unreachable.filter((m) => !gaps[0]!.unreachable.includes(m)),
          noLongerUnreachable: gaps[0]!.unreachable.filter((m) => !gaps[1]!.unreachable.includes(m)),
          newlyUnnoticed: gaps[1]!.unnoticed.filter((m) => !gaps[0]!.unnoticed.includes(m)),
          noLongerUnnoticed: gaps[0]!.unnoticed.filter((m) => !gaps[1]!.unnoticed.includes(m)),
        });
        const counts = (r: (typeof whole)[number], user: string) => [r.decisions.filter((d) => d.user === user && d.alert).length, r.decisions.filter((d) => d.user === user && d.email).length];
        for (const row of got.users) {
          const [ab, eb] = counts(whole[0]!, row.user);
          const [aa, ea] = counts(whole[1]!, row.user);
          expect(row).toEqual({ user: row.user, alertsBefore: ab, alertsAfter: aa, emailsBefore: eb, emailsAfter: ea });
        }
        // --impact: only the user's rows (one replay when only their row changes, two otherwise).
        if (before.users.has(user) && after.users.has(user)) {
          const impact = new Comparison(before, after, { window: 60_000, users: [user] });
          for (const e of events) for (const sink of impact.sinks) sink.push(e);
          for (const sink of impact.sinks) sink.end();
          const [ab, eb] = counts(whole[0]!, user);
          const [aa, ea] = counts(whole[1]!, user);
          expect(impact.result().users).toEqual([{ user, alertsBefore: ab, alertsAfter: aa, emailsBefore: eb, emailsAfter: ea }]);
        }
        // Many users asked about (a role default): counted from a notified-only replay of each side.
        const asked = [...before.users.keys()].sort();
        const many = new Comparison(before, after, { window: 60_000, users: asked, fewUsers: 0 });
        for (const e of events) for (const sink of many.sinks) sink.push(e);
        for (const sink of many.sinks) sink.end();
        expect(many.result().users).toEqual(
          asked.map((u) => {
            const [ab, eb] = counts(whole[0]!, u);
            const [aa, ea] = counts(whole[1]!, u);
            return { user: u, alertsBefore: ab, alertsAfter: aa, emailsBefore: eb, emailsAfter: ea };
          }),
        );
      }),
      { numRuns: 400 },
    );
  });
});

describe('SPEC 10.1: a change between two messages of one item', () => {
  it('someone who starts taking every customer message is told of the next one (the item\'s cached list is made again)', () => {
    const doc = {
      defaults: {},
      users: [{ id: 'u1', active: true, preferences: { customerMessages: 'mine' } }, { id: 'u2', active: true, preferences: {} }],
      projects: [{ id: 'p1', members: ['u1', 'u2'] }],
      items: [{ id: 'i1', project: 'p1', followers: ['u2'] }],
      conversations: [{ id: 'c1', item: 'i1', followers: [] }],
    };
    const after = { ...doc, users: [{ id: 'u1', active: true, preferences: { customerMessages: 'all' } }, doc.users[1]!] };
    const message = (id: string, seconds: number) => ({ type: 'message', id, at: new Date(T0 + seconds * 1000).toISOString(), conversation: 'c1', author: 'cust', authorKind: 'customer' });
    const rows = diffWorkspaces(workspace(doc), workspace(after));
    const history = { changes: [{ change: 2, at: T0 + 100_000, rows }], users: USERS, begins: -Infinity };
    const told = (log: object[]) => replay(workspace(doc), log, { selection: { kind: 'notified' }, history }).decisions.map((d) => `${d.message} ${d.user} ${d.reason}`);
    expect(told([message('m1', 0), message('m2', 200)])).toEqual(['m1 u2 customer_message_mine', 'm2 u1 customer_message_all', 'm2 u2 customer_message_mine']);
  });

  it('a conversation a change adds, named by the log before it, is one conversation also when read in a thread', () => {
    const doc = { defaults: {}, users: [{ id: 'u1', active: true, preferences: {} }], projects: [], items: [], conversations: [] };
    const after = { ...doc, conversations: [{ id: 'c9', followers: ['u1'] }] };
    const history = { changes: [{ change: 2, at: T0 + 100_000, rows: diffWorkspaces(workspace(doc), workspace(after)) }], users: ['u1'], begins: -Infinity };
    const message = (id: string, seconds: number) => ({ type: 'message', id, at: new Date(T0 + seconds * 1000).toISOString(), conversation: 'c9', author: 'cust', authorKind: 'customer' });
    const log = [message('m1', 0), message('m2', 200)];
    const told = (threaded: boolean) => replay(workspace(doc), log, { selection: { kind: 'notified' }, history, threaded }).decisions.map((d) => `${d.message} ${d.user} ${d.via}`);
    expect(told(false)).toEqual(['m2 u1 conversation_follower']);
    expect(told(true)).toEqual(told(false));
  });

  it('a role default set between two messages decides the next one for the users of that role, and a user added between them is decided for from then on', () => {
    const doc = {
      defaults: {},
      users: [{ id: 'u1', role: 'support', active: true, preferences: {} }, { id: 'u2', active: true, preferences: {} }],
      projects: [],
      items: [],
      conversations: [],
    };
    const after = { ...doc, roleDefaults: { support: { customerMessages: 'all' } }, users: [...doc.users, { id: 'u3', role: 'support', active: true, preferences: {} }] };
    const history = { changes: [{ change: 2, at: T0 + 100_000, rows: diffWorkspaces(workspace(doc), workspace(after)) }], users: ['u1', 'u2', 'u3'], begins: -Infinity };
    const message = (id: string, seconds: number) => ({ type: 'message', id, at: new Date(T0 + seconds * 1000).toISOString(), conversation: 'c1', author: 'cust', authorKind: 'customer' });
    const told = replay(workspace(doc), [message('m1', 0), message('m2', 200)], { selection: { kind: 'notified' }, history }).decisions.map((d) => `${d.message} ${d.user} ${d.reason}`);
    expect(told).toEqual(['m2 u1 customer_message_all', 'm2 u3 customer_message_all']);
  });
});
