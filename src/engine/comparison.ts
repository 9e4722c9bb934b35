/**
 * One log replayed under two workspaces side by side, in one pass (SPEC 9.3): what a
 * change does to notifications. Shared by `plan` and every `--impact`. Both replays see
 * each event in turn, and since the window and the messages are the same, both have
 * emitted the same messages' decisions after every event: the comparison sink that
 * follows them settles those messages then, so it holds only the open window.
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent, MessageEvent } from '../domain/events.js';
import { REASONS, type Reason } from '../domain/reasons.js';
import { PREFERENCE_KEYS } from '../domain/preferences.js';
import type { EffectivePreferences } from '../domain/preferences.js';
import { compareIds, preferencesOf, sortedIds, type Workspace } from '../domain/workspace.js';
import { blankDecision, decideInto, firstFailingCheck, type DecisionFacts } from './decide.js';
import { GapCounter, type GapCounts } from './gaps.js';
import { ask } from './questions.js';
import { factsKeyOf } from './replay.js';

export interface ImpactRow {
  user: string;
  alertsBefore: number;
  alertsAfter: number;
  emailsBefore: number;
  emailsAfter: number;
}

export interface Outcome {
  alert: boolean;
  email: boolean;
  reason: Reason;
}

export interface ChangedDecision {
  message: string;
  user: string;
  before: Outcome | null;
  after: Outcome | null;
}

export interface GapComparison {
  unreachableBefore: number;
  unreachableAfter: number;
  unnoticedBefore: number;
  unnoticedAfter: number;
  /** Reachable before, unreachable after (SPEC 10.2), in log order; and the other way. */
  newlyUnreachable: string[];
  noLongerUnreachable: string[];
  newlyUnnoticed: string[];
  noLongerUnnoticed: string[];
}

/** The changed decisions of one user from one outcome to another (SPEC 10.2 `transitions`). */
export interface Transition {
  user: string;
  before: Outcome | null;
  after: Outcome | null;
  count: number;
  /** The first message, in log order. */
  first: string;
}

/** Messages left out because their item is in one workspace only (SPEC 10.2). */
export interface LeftOut {
  items: string[];
  messages: number;
}

export interface ComparisonResult {
  /** Per user of either workspace (or only those asked about). */
  users: ImpactRow[];
  decisions: ChangedDecisions;
  /** By user (in id order), then in the order of their first message. */
  transitions: Transition[];
  gaps: GapComparison | null;
  /** The project (as at the message, after the change) of each message unreachable after it. */
  unreachableProject: ReadonlyMap<string, string | null>;
  leftOut: LeftOut;
}

export interface ComparisonOptions {
  window: number;
  /** Only these users' decisions (an --impact of a preference change); every user when absent. */
  users?: readonly string[];
  /**
   * Up to this many `users` (default 8), their every decision is replayed; more are counted
   * from a notified-only replay of each side, which then costs less.
   */
  fewUsers?: number;
  /** Also compare gaps (needs every user's decisions). */
  gaps?: boolean;
  /** Keep the (message, user) pairs whose outcome changed, and their transitions. */
  decisions?: boolean;
  /** How many changed decisions to keep in memory (the first, in log order); the rest are counted. */
  decisionLimit?: number;
  /** Each changed decision past decisionLimit (plan --all-decisions writes them to a file as they come). */
  onMoreDecisions?: (message: string, user: string, code: number) => void;
  /**
   * Leave out the messages whose item (as at the message) is in one workspace only (plan,
   * SPEC 10.2): removing an old ticket is not a coverage loss.
   */
  leaveOutOneSidedItems?: boolean;
}

type Sink = { push(e: LogEvent): void; end(): void };

export class Comparison {
  readonly sinks: Sink[];
  private readonly rows = new Map<string, ImpactRow>();
  private readonly changed: ChangedDecisions;
  /** By user, by (before, after) code: see record(). */
  private readonly transitions = new Map<string, Map<number, Transition>>();
  /** The same by the replay's user index (rowsConcerned()). */
  private readonly transitionsAt: (Map<number, Transition> | undefined)[] = [];
  /** rowsConcerned()'s, whose counts go to the rows at the end. */
  private outcomes: BothOutcomes | null = null;
  /** Null when no item is in one workspace only (then nothing is left out, and nothing is looked up). */
  private readonly leftOut: LeftOutMessages | null = null;
  /** The last customer message the before side reported, and whether it was reachable there. */
  private lastCustomerMessage = '';
  private reachableBefore = false;
  private readonly newlyUnreachable: string[] = [];
  private readonly noLongerUnreachable: string[] = [];
  private readonly unreachableProject = new Map<string, string | null>();
  /** Each side's decisions since the last settle(), in the order emitted. */
  private readonly emitted: [Emitted, Emitted] = [new Emitted(), new Emitted()];
  private readonly unnoticed: [Set<string>, Set<string>] = [new Set(), new Set()];

  /** For plan: the gap counters of each side, and the order of the messages they name. */
  private readonly counters: [GapCounter, GapCounter] | null = null;
  private readonly order = new Map<string, number>();

  constructor(before: Workspace, after: Workspace, private readonly options: ComparisonOptions) {
    this.changed = new ChangedDecisions(options.decisionLimit ?? Infinity, options.onMoreDecisions);
    if (options.leaveOutOneSidedItems) {
      const oneSided = [...before.items.keys(), ...after.items.keys()].filter((id) => !before.items.has(id) || !after.items.has(id));
      if (oneSided.length > 0) this.leftOut = new LeftOutMessages(before, after, new Set(oneSided));
    }
    const users = options.users ?? [...new Set([...before.users.keys(), ...after.users.keys()])].sort(compareIds);
    for (const user of users) this.rows.set(user, { user, alertsBefore: 0, alertsAfter: 0, emailsBefore: 0, emailsAfter: 0 });
    const settle = { push: () => this.settle(), end: () => this.settle() };
    if (options.users === undefined) {
      // Every user (plan): the counts and the gaps over everyone, and the decisions that
      // change. Those can change only for the users the change concerns (usersConcerned:
      // a different activity, email address, effective preference, membership or follow).
      this.counters = [
        new GapCounter(options.window, (m) => this.unnoticed[0].add(m), (id) => before.users.has(id)),
        new GapCounter(options.window, (m) => this.unnoticed[1].add(m), (id) => after.users.has(id)),
      ];
      const concerned = usersConcerned(before, after);
      const rows = concerned === null || concerned.length === 0 ? null : rowsOnly(before, after, new Set(concerned));
      this.sinks =
        concerned === null ? this.everyoneConcerned(before, after) : rows !== null ? this.rowsConcerned(before, new Set(concerned), rows) : this.fewConcerned(before, after, new Set(concerned));
      // Told of each message before the replays, so that they find it marked.
      if (this.leftOut !== null) this.sinks.unshift(this.leftOut);
      this.sinks.push(this.counters[0], this.counters[1]);
      if (options.decisions) this.sinks.push(settle);
      return;
    }
    const selection = { kind: 'users', users: new Set(options.users) } as const;
    if (selection.users.size > (options.fewUsers ?? FEW_USERS) && !options.decisions) {
      // Many users (a role default, say), counts only: every user's decisions cost more
      // than a notified-only replay of each side, which is what simulate --stats does.
      const counting = (ws: Workspace, side: 0 | 1) => {
        const rows = sortedIds(ws.users.keys()).map((id) => this.rows.get(id));
        return ask.totals(ws, {
          window: options.window,
          onAlert: (o, userIndex) => countInto(rows[userIndex], side, o),
        });
      };
      this.sinks = [counting(before, 0), counting(after, 1)];
      return;
    }
    const rows = rowsOnly(before, after, selection.users);
    if (rows !== null) {
      // Only the users' own rows differ: one replay, each decision's other side from its facts.
      const outcomes = (this.outcomes = new BothOutcomes(rows));
      this.sinks = [
        ask.decisions(before, {
          window: options.window,
          selection,
          onDecision: (d, f, userIndex) => {
            if (this.leftOut !== null && this.leftOut.has(d.message)) return;
            const both = outcomes.of(f, userIndex);
            if (both !== NOT_CONCERNED) this.both(d.message, d.user, both, userIndex);
          },
        }),
      ];
      return;
    }
    const replay = (ws: Workspace, side: 0 | 1) => ask.decisions(ws, { window: options.window, selection, onDecision: (d) => this.add(side, d) });
    this.sinks = [replay(before, 0), replay(after, 1), settle];
  }

  /**
   * A change that reaches everyone (an item moved, a conversation attached elsewhere):
   * the counts and the gaps from a notified-only replay of each side, which costs what
   * simulate --stats does, and every decision of every user from two more.
   */
  private everyoneConcerned(before: Workspace, after: Workspace): Sink[] {
    const counting = (ws: Workspace, side: 0 | 1) =>
      ask.decisions(ws, {
        window: this.options.window,
        selection: { kind: 'notified' },
        onDecision: (d) => this.count(side, d),
        onCustomerMessage: (m, reachable, project) => this.customerMessage(side, m, reachable, project),
      });
    const sinks: Sink[] = [counting(before, 0), counting(after, 1)];
    if (this.options.decisions) {
      const deciding = (ws: Workspace, side: 0 | 1) => ask.decisions(ws, { window: this.options.window, selection: { kind: 'all' }, onDecision: (d) => this.pair(side, d) });
      sinks.push(deciding(before, 0), deciding(after, 1));
    }
    return sinks;
  }

  /**
   * A change that concerns some users: everyone else's decisions are the same on both
   * sides. So the `before` side is replayed once for everyone: notified-only for the
   * others, whose alerts and emails count for both sides, and every decision for the
   * concerned users; it also says, per customer message, whether one of the others
   * passes checks 1-5. The `after` side replays only the concerned users, every
   * decision. A message is reachable on a side when one of the others is reached, or one
   * of that side's concerned users (SPEC 9.2).
   */
  private fewConcerned(before: Workspace, after: Workspace, concerned: ReadonlySet<string>): Sink[] {
    let reachedByOthers = false;
    const concernedDecision = (side: 0 | 1, d: Decision) => {
      this.count(side, d);
      if (this.options.decisions) this.pair(side, d);
    };
    const everyone = ask.comparison(before, {
      window: this.options.window,
      concerned,
      onDecision: (d) => {
        if (concerned.has(d.user)) concernedDecision(0, d);
        else {
          this.count(0, d);
          this.count(1, d);
        }
      },
      onCustomerMessage: (m, reachable, project, reachedByConcerned) => {
        reachedByOthers = reachable;
        this.customerMessage(0, m, reachable || reachedByConcerned, project);
      },
    });
    const concernedAfter = ask.decisions(after, {
      window: this.options.window,
      selection: { kind: 'users', users: concerned },
      onDecision: (d) => concernedDecision(1, d),
      onCustomerMessage: (m, reachable, project) => this.customerMessage(1, m, reachedByOthers || reachable, project),
    });
    // The first answers first for each message.
    return [everyone, concernedAfter];
  }

  /**
   * fewConcerned() when the change alters only the concerned users' own rows (activity,
   * an email address, effective preferences), not what they are members or followers
   * of (rowsOnly()). Then a concerned user's decision of a message depends on the same
   * facts on both sides but for the row, so one replay of the `before` side says both:
   * each decision's `after` outcome is worked out once per user and kind of facts
   * (BothOutcomes), and no second replay, no decision objects of the `after` side and no
   * merge are needed. Whether a customer message the others do not reach is reached on
   * the `after` side is known only when its decisions come, a window later: the `after`
   * gap counter is told it is unreachable at once (so it watches who sees it) and takes
   * that back then if a concerned user reaches it (GapCounter.retract).
   */
  private rowsConcerned(before: Workspace, concerned: ReadonlySet<string>, rows: AfterRows): Sink[] {
    const outcomes = (this.outcomes = new BothOutcomes(rows));
    /** Customer messages the others do not reach, until their decisions have come: in log order. */
    const waiting: { m: MessageEvent; project: string | null; reachableBefore: boolean; reachedAfter: boolean }[] = [];
    let head = 0;
    const reachedAfter = (message: string) => {
      // The oldest waiting messages are this one's or earlier (decisions come in log order).
      for (let k = head; k < waiting.length; k++) {
        if (waiting[k]!.m.id === message) {
          waiting[k]!.reachedAfter = true;
          break;
        }
      }
    };
    const everyone = ask.comparison(before, {
      window: this.options.window,
      concerned,
      // A concerned user's decisions that are the same on both sides, seen or not, are not
      // made but as anyone's alerts (most of them: a customerMessages change alters only
      // customer messages, and only where the user has no closer relation).
      unchangedFor: (f, userIndex) => outcomes.unchanged(f, userIndex),
      // The concerned users' other decisions by their kinds of facts, once each kind's outcomes are known.
      onFactsKey: (m, userIndex, key) => {
        const both = outcomes.known(userIndex, key);
        if (both === 0) return false;
        if (this.leftOut !== null && this.leftOut.has(m.id)) return true;
        outcomes.count(userIndex, key);
        if ((both & REACHED_AFTER) !== 0 && key < CUSTOMER_KEYS) reachedAfter(m.id);
        this.both(m.id, rows.ids[userIndex]!, both, userIndex);
        return true;
      },
      onDecision: (d, f, userIndex) => {
        if (rows.byIndex[userIndex] === undefined) {
          this.count(0, d);
          this.count(1, d);
          return;
        }
        if (this.leftOut !== null && this.leftOut.has(d.message)) return;
        const both = outcomes.of(f, userIndex);
        if ((both & REACHED_AFTER) !== 0 && f.kind === 'customer') reachedAfter(d.message);
        this.both(d.message, d.user, both, userIndex);
      },
      onCustomerMessage: (m, reachable, project, reachedByConcerned) => {
        this.customerMessage(0, m, reachable || reachedByConcerned, project);
        if (reachable) this.customerMessage(1, m, true, project);
        else if (!(this.leftOut !== null && this.leftOut.has(m.id))) {
          waiting.push({ m, project, reachableBefore: reachedByConcerned, reachedAfter: false });
          if (!this.order.has(m.id)) this.order.set(m.id, this.order.size);
          // Unreachable on the after side until a concerned user's decision says otherwise.
          this.counters![1].onCustomerMessage(m, false);
        }
      },
    });
    const settleWaiting = (at: number) => {
      while (head < waiting.length && waiting[head]!.m.at + this.options.window < at) {
        const w = waiting[head++]!;
        if (w.reachedAfter) {
          this.counters![1].retract(w.m);
          if (!w.reachableBefore) this.noLongerUnreachable.push(w.m.id);
        } else {
          this.unreachableProject.set(w.m.id, w.project);
          if (w.reachableBefore) this.newlyUnreachable.push(w.m.id);
        }
      }
      if (head === waiting.length) {
        waiting.length = 0;
        head = 0;
      }
    };
    // After the replay (which has then emitted the decisions of every window closed), before the gap counters.
    return [everyone, { push: (e: LogEvent) => settleWaiting(e.at), end: () => settleWaiting(Infinity) }];
  }

  /** A concerned user's decision, its outcomes on both sides given (see BothOutcomes, which counts them). */
  private both(message: string, user: string, both: number, userIndex: number): void {
    const b = both & 0xff;
    const a = (both >> 8) & 0xff;
    if (a === b || !this.options.decisions) return;
    let mine = this.transitionsAt[userIndex];
    if (mine === undefined) this.transitions.set(user, (this.transitionsAt[userIndex] = mine = new Map()));
    this.changed.push(message, user, b, a);
    const code = pairCode(b, a);
    const t = mine.get(code);
    if (t === undefined) mine.set(code, { user, before: outcome(b), after: outcome(a), count: 1, first: message });
    else t.count++;
  }

  /** Each side reports each customer message in turn, the before side first (see the sinks' order). */
  private customerMessage(side: 0 | 1, m: MessageEvent, reachable: boolean, project: string | null): void {
    if (this.leftOut !== null && this.leftOut.has(m.id)) return;
    if (!reachable && !this.order.has(m.id)) this.order.set(m.id, this.order.size);
    if (side === 0) {
      this.lastCustomerMessage = m.id;
      this.reachableBefore = reachable;
    } else {
      if (this.lastCustomerMessage !== m.id) throw new Error(`the replays compared reported different customer messages (${this.lastCustomerMessage}, ${m.id})`);
      if (!reachable) {
        this.unreachableProject.set(m.id, project);
        if (this.reachableBefore) this.newlyUnreachable.push(m.id);
      } else if (!this.reachableBefore) this.noLongerUnreachable.push(m.id);
    }
    this.counters![side].onCustomerMessage(m, reachable);
  }

  private count(side: 0 | 1, d: Decision): void {
    if (this.leftOut !== null && this.leftOut.has(d.message)) return;
    countInto(this.rows.get(d.user), side, d);
  }

  private add(side: 0 | 1, d: Decision): void {
    this.count(side, d);
    if (this.options.decisions) this.pair(side, d);
  }

  private pair(side: 0 | 1, d: Decision): void {
    this.emitted[side].add(d);
  }

  /**
   * Both replays have emitted the same messages: compare them, and let them go. Each
   * side emits a message's decisions together, messages in log order and users in id
   * order; and both emit every message or (a side with none of the users asked about)
   * none. So the two lists are merged in one walk, by message and then by user.
   */
  private settle(): void {
    const [b, a] = this.emitted;
    if (b.count === 0 && a.count === 0) return;
    let i = 0;
    let j = 0;
    while (i < b.count || j < a.count) {
      const message = i < b.count ? b.messages[i]! : a.messages[j]!;
      if (i < b.count && j < a.count && a.messages[j] !== message) throw new Error(`the replays compared emitted different messages (${message}, ${a.messages[j]})`);
      const bEnd = b.end(i, message);
      const aEnd = a.end(j, message);
      if (this.leftOut !== null && this.leftOut.has(message)) {
        i = bEnd;
        j = aEnd;
        continue;
      }
      while (i < bEnd || j < aEnd) {
        const order = i === bEnd ? 1 : j === aEnd ? -1 : compareIds(b.users[i]!, a.users[j]!);
        // A user of one workspace only: only what they are told counts (SPEC 10.2).
        if (order < 0) {
          if ((b.outcomes[i]! & ALERT) !== 0) this.record(message, b.users[i]!, b.outcomes[i]!, NONE);
          i++;
        } else if (order > 0) {
          if ((a.outcomes[j]! & ALERT) !== 0) this.record(message, a.users[j]!, NONE, a.outcomes[j]!);
          j++;
        } else {
          if (b.outcomes[i] !== a.outcomes[j]) this.record(message, b.users[i]!, b.outcomes[i]!, a.outcomes[j]!);
          i++;
          j++;
        }
      }
    }
    b.clear();
    a.clear();
  }

  /** A changed decision: kept (the first few) and counted, and summed into its transition. */
  private record(message: string, user: string, before: number, after: number): void {
    this.changed.push(message, user, before, after);
    let mine = this.transitions.get(user);
    if (mine === undefined) this.transitions.set(user, (mine = new Map()));
    const code = pairCode(before, after);
    const t = mine.get(code);
    if (t === undefined) mine.set(code, { user, before: outcome(before), after: outcome(after), count: 1, first: message });
    else t.count++;
  }

  result(): ComparisonResult {
    if (this.outcomes !== null) {
      this.outcomes.addTo(this.rows);
      this.outcomes = null;
    }
    let gaps: GapComparison | null = null;
    if (this.counters !== null && this.options.gaps) {
      const [b, a] = this.counters.map((f) => f.counts) as [GapCounts, GapCounts];
      // In the order of the log.
      for (const set of this.unnoticed) {
        const sorted = [...set].sort((x, y) => this.order.get(x)! - this.order.get(y)!);
        set.clear();
        for (const m of sorted) set.add(m);
      }
      gaps = {
        unreachableBefore: b.unreachable,
        unreachableAfter: a.unreachable,
        unnoticedBefore: b.unnoticed,
        unnoticedAfter: a.unnoticed,
        // In log order (rowsConcerned() settles some a window late).
        newlyUnreachable: this.newlyUnreachable.sort((x, y) => this.order.get(x)! - this.order.get(y)!),
        noLongerUnreachable: this.noLongerUnreachable.sort((x, y) => this.order.get(x)! - this.order.get(y)!),
        newlyUnnoticed: [...this.unnoticed[1]].filter((m) => !this.unnoticed[0].has(m)),
        noLongerUnnoticed: [...this.unnoticed[0]].filter((m) => !this.unnoticed[1].has(m)),
      };
    }
    const transitions = [...this.transitions.keys()].sort(compareIds).flatMap((user) => [...this.transitions.get(user)!.values()]);
    const leftOut = this.leftOut === null ? { items: [], messages: 0 } : { items: [...this.leftOut.items].sort(compareIds), messages: this.leftOut.messages.size };
    return { users: [...this.rows.values()], decisions: this.changed, transitions, gaps, unreachableProject: this.unreachableProject, leftOut };
  }
}

/** Decisions as three parallel lists; an outcome as a number (see outcomeCode). */
class Emitted {
  messages: string[] = [];
  users: string[] = [];
  outcomes: number[] = [];
  count = 0;

  add(d: Decision): void {
    const n = this.count++;
    this.messages[n] = d.message;
    this.users[n] = d.user;
    this.outcomes[n] = REASON_INDEX.get(d.reason)! * 4 + (d.alert ? 2 : 0) + (d.email ? 1 : 0);
  }

  /** Where the decisions of `message` that start at `from` end. */
  end(from: number, message: string): number {
    let k = from;
    while (k < this.count && this.messages[k] === message) k++;
    return k;
  }

  /** The lists are kept for the next messages (what they hold is overwritten). */
  clear(): void {
    this.count = 0;
  }
}

/** Up to this many users asked about (--impact), their every decision is cheaper than notified-only replays of everyone. */
const FEW_USERS = 8;

/** A user's alert and email (if any) on one side, added to their row (none: not asked about). */
function countInto(row: ImpactRow | undefined, side: 0 | 1, o: { alert: boolean; email: boolean }): void {
  if (row === undefined) return;
  if (o.alert) side === 0 ? row.alertsBefore++ : row.alertsAfter++;
  if (o.email) side === 0 ? row.emailsBefore++ : row.emailsAfter++;
}

const REASON_INDEX = new Map(REASONS.map((r, i) => [r, i]));

/** No decision: the user is in one workspace only. */
const NONE = -1;
/** The alert bit of an outcome code. */
const ALERT = 2;

function outcome(code: number): Outcome | null {
  return code === NONE ? null : { alert: (code & 2) !== 0, email: (code & 1) !== 0, reason: REASONS[code >> 2]! };
}

/** A changed decision's two outcome codes as one number (NONE for no decision). */
const pairCode = (before: number, after: number) => (before + 1) * 1024 + (after + 1);

/** A changed decision from its ids and pairCode (what ChangedDecisions keeps, and onMoreDecisions is given). */
export function changedDecision(message: string, user: string, code: number): ChangedDecision {
  return { message, user, before: outcome(Math.floor(code / 1024) - 1), after: outcome((code % 1024) - 1) };
}

/**
 * Which messages are left out (SPEC 10.2): those whose conversation's item, as at the
 * message on either side, is in one workspace only. Pushed each event before the
 * replays; it keeps the ids of the messages it leaves out (a removed item's few), and of
 * the conversations the log attached to such an item.
 */
class LeftOutMessages {
  readonly messages = new Set<string>();
  readonly items = new Set<string>();
  private readonly attachedByLog = new Map<string, string>();

  constructor(
    private readonly before: Workspace,
    private readonly after: Workspace,
    private readonly oneSided: ReadonlySet<string>,
  ) {}

  has(message: string): boolean {
    return this.messages.has(message);
  }

  push(e: LogEvent): void {
    if (e.type !== 'message') return;
    const c = e.conversation;
    if (e.item !== null && this.oneSided.has(e.item) && !this.attachedByLog.has(c)) this.attachedByLog.set(c, e.item);
    // Each side's item for the conversation: its workspace's, else the one the log attached.
    for (const ws of [this.before, this.after]) {
      const item = ws.conversations.get(c)?.item ?? this.attachedByLog.get(c);
      if (item !== undefined && this.oneSided.has(item)) {
        this.messages.add(e.id);
        this.items.add(item);
        return;
      }
    }
  }

  end(): void {}
}

/**
 * The decisions that change, in the order found: as parallel lists, a number per
 * outcome (a change for many users changes millions of decisions, and three objects
 * each were most of plan's memory and a good part of its time). Objects are made as
 * they are read.
 */
export class ChangedDecisions {
  private readonly messages: string[] = [];
  private readonly users: string[] = [];
  /** pairCode(before, after). */
  private readonly outcomes: number[] = [];
  /** Every changed decision, kept or not. */
  total = 0;

  /** Keeps the first `limit`; gives each later one to `more`, if any (SPEC 10.2: plan holds 1,000, not millions). */
  constructor(
    private readonly limit = Infinity,
    private readonly more?: (message: string, user: string, code: number) => void,
  ) {}

  /** How many are kept. */
  get length(): number {
    return this.messages.length;
  }

  push(message: string, user: string, before: number, after: number): void {
    this.total++;
    if (this.messages.length < this.limit) {
      this.messages.push(message);
      this.users.push(user);
      this.outcomes.push(pairCode(before, after));
    } else this.more?.(message, user, pairCode(before, after));
  }

  at(i: number): ChangedDecision {
    return changedDecision(this.messages[i]!, this.users[i]!, this.outcomes[i]!);
  }

  slice(start = 0, end = this.length): ChangedDecision[] {
    const out: ChangedDecision[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.at(i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<ChangedDecision> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** As JSON, the list it stands for (not its parallel lists). */
  toJSON(): ChangedDecision[] {
    return this.slice();
  }
}

/** Whether both workspaces have the same projects, items (in the same projects) and conversations (of the same items). */
function sameShape(before: Workspace, after: Workspace): boolean {
  const same = <T>(a: Map<string, T>, b: Map<string, T>, key: (x: T) => string) => a.size === b.size && [...a].every(([id, x]) => b.has(id) && key(b.get(id)!) === key(x));
  return same(before.items, after.items, (i) => i.project) && same(before.conversations, after.conversations, (c) => c.item ?? '') && same(before.projects, after.projects, () => '');
}

/**
 * The users whose decisions the change from `before` to `after` can alter: those whose
 * own state differs (present, active, an email address, effective preferences,
 * memberships, follows). Null when the change reaches everyone: an item moved to another
 * project, a conversation attached elsewhere, an item or conversation added or removed.
 */
export function usersConcerned(before: Workspace, after: Workspace): string[] | null {
  if (!sameShape(before, after)) return null;
  const state = (ws: Workspace, linked: Map<string, string[]>, id: string): string | null => {
    const u = ws.users.get(id);
    if (u === undefined) return null;
    const p = preferencesOf(ws, u);
    return JSON.stringify([u.active, u.email !== undefined && u.email !== '', PREFERENCE_KEYS.map((k) => p[k]), (linked.get(id) ?? []).sort()]);
  };
  const [b, a] = [linksOf(before), linksOf(after)];
  return [...new Set([...before.users.keys(), ...after.users.keys()])].filter((id) => state(before, b, id) !== state(after, a, id)).sort(compareIds);
}

/** A concerned user's row on the `after` side: all a decision uses of the user that rowsOnly() lets differ. */
interface AfterRow {
  active: boolean;
  hasEmail: boolean;
  prefs: EffectivePreferences;
}

/** By the replay's user index (the `before` workspace's users in id order): the concerned users' `after` rows. */
interface AfterRows {
  ids: readonly string[];
  byIndex: readonly (AfterRow | undefined)[];
}

/**
 * When the change from `before` to `after` alters only these users' own rows (each is in
 * both workspaces, which have the same shape, and is a member and follower of the same
 * things in both): their
 * `after` rows by the replay's user index. Null otherwise (then a replay of each side is needed).
 */
function rowsOnly(before: Workspace, after: Workspace, users: ReadonlySet<string>): AfterRows | null {
  if (!sameShape(before, after)) return null;
  for (const id of users) if (!before.users.has(id) || !after.users.has(id)) return null;
  const [b, a] = [linksOf(before, users), linksOf(after, users)];
  for (const id of users) if ((b.get(id) ?? []).sort().join('\n') !== (a.get(id) ?? []).sort().join('\n')) return null;
  const ids = sortedIds(before.users.keys());
  const byIndex: (AfterRow | undefined)[] = ids.map((id) => {
    if (!users.has(id)) return undefined;
    const u = after.users.get(id)!;
    return { active: u.active, hasEmail: u.email !== undefined && u.email !== '', prefs: preferencesOf(after, u) };
  });
  return { ids, byIndex };
}

/** Each user's memberships and follows in the workspace (`only`: of these users), gathered in one pass. */
function linksOf(ws: Workspace, only?: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (kind: string, id: string, users: Set<string>) => {
    for (const u of users) {
      if (only !== undefined && !only.has(u)) continue;
      const list = out.get(u);
      if (list === undefined) out.set(u, [`${kind}:${id}`]);
      else list.push(`${kind}:${id}`);
    }
  };
  for (const p of ws.projects.values()) add('p', p.id, p.members);
  for (const i of ws.items.values()) add('i', i.id, i.followers);
  for (const c of ws.conversations.values()) add('c', c.id, c.followers);
  return out;
}

/** BothOutcomes.of() for a user the change does not concern. */
const NOT_CONCERNED = -1;
/** BothOutcomes.of()'s bit: the user passes checks 1-5 on the `after` side (SPEC 9.2's "reached"). */
const REACHED_AFTER = 1 << 16;
const KNOWN = 1 << 17;
/** BothOutcomes.sides()'s bit: the user passes checks 1-5 on the `before` side. */
const REACHED_BEFORE = 1 << 18;
/** factsKey()s below this are of customer messages. */
const CUSTOMER_KEYS = 128;

/**
 * A concerned user's decision on both sides, from the `before` side's facts: a decision
 * depends on the user's row and on the kind of message, whether it has an item, the
 * four relations, whether the user wrote it and whether they saw it (decide.ts), so
 * each user has 3 × 2 × 16 × 2 × 2 kinds of facts, each worked out once by decide()
 * with either side's row, and looked up for every decision after.
 */
class BothOutcomes {
  private readonly table: Int32Array;
  /** How many decisions of each kind of facts (the rows' alerts and emails, counted at the end). */
  private readonly tally: Float64Array;
  private readonly scratch = blankDecision();

  constructor(private readonly rows: AfterRows) {
    this.table = new Int32Array(rows.ids.length * 384);
    this.tally = new Float64Array(rows.ids.length * 384);
  }

  /** Adds the alerts and emails of the decisions counted to the users' rows. */
  addTo(rows: ReadonlyMap<string, ImpactRow>): void {
    for (let key = 0; key < this.tally.length; key++) {
      const n = this.tally[key]!;
      if (n === 0) continue;
      const row = rows.get(this.rows.ids[Math.floor(key / 384)]!);
      if (row === undefined) continue;
      const both = this.table[key]!;
      if ((both & ALERT) !== 0) row.alertsBefore += n;
      if ((both & 1) !== 0) row.emailsBefore += n;
      if ((both & (ALERT << 8)) !== 0) row.alertsAfter += n;
      if ((both & (1 << 8)) !== 0) row.emailsAfter += n;
    }
  }

  /** NOT_CONCERNED, or the outcome codes before (bits 0-7) and after (8-15), and REACHED_AFTER; counted. */
  of(f: DecisionFacts, userIndex: number): number {
    const row = this.rows.byIndex[userIndex];
    if (row === undefined) return NOT_CONCERNED;
    const key = userIndex * 384 + factsKeyOf(f);
    this.tally[key] = this.tally[key]! + 1;
    const known = this.table[key]!;
    if (known !== 0) return known;
    if (this.rows.ids[userIndex] !== f.user) throw new Error(`the replay's users are not numbered as expected (${f.user})`);
    const value = this.sides(f, row);
    this.table[key] = value;
    return value;
  }

  /** The outcomes of a kind of facts (factsKey()) of a concerned user, once of() has worked them out; else 0. Not counted. */
  known(userIndex: number, key: number): number {
    return this.table[userIndex * 384 + key]!;
  }

  /** Counts a decision of a kind of facts whose outcomes are known (what of() does). */
  count(userIndex: number, key: number): void {
    this.tally[userIndex * 384 + key]!++;
  }

  /**
   * Whether a concerned user's decision with these facts (but "seen") is the same on
   * both sides, seen or not: the same outcome, and reached on both or neither (see
   * ReplaySettings.unchangedFor). Not counted.
   */
  unchanged(f: DecisionFacts, userIndex: number): boolean {
    const row = this.rows.byIndex[userIndex];
    if (row === undefined) return false;
    const seenAt = f.seenAt;
    let same = true;
    for (const seen of [null, f.message.at]) {
      f.seenAt = seen;
      const v = this.sides(f, row);
      if ((v & 0xff) !== ((v >> 8) & 0xff) || ((v & REACHED_BEFORE) !== 0) !== ((v & REACHED_AFTER) !== 0)) same = false;
    }
    f.seenAt = seenAt;
    return same;
  }

  /** The outcome codes before (bits 0-7) and after (8-15), REACHED_BEFORE and REACHED_AFTER, and KNOWN. */
  private sides(f: DecisionFacts, row: AfterRow): number {
    const reached = () => {
      const failing = firstFailingCheck(f);
      return failing === null || failing.id === 'not_seen';
    };
    const before = this.code(f);
    const reachedBefore = reached();
    const { active, hasEmail, prefs } = f;
    f.active = row.active;
    f.hasEmail = row.hasEmail;
    f.prefs = row.prefs;
    const reachedAfter = reached();
    const after = this.code(f);
    f.active = active;
    f.hasEmail = hasEmail;
    f.prefs = prefs;
    return before | (after << 8) | (reachedAfter ? REACHED_AFTER : 0) | (reachedBefore ? REACHED_BEFORE : 0) | KNOWN;
  }

  private code(f: DecisionFacts): number {
    const d = decideInto(f, this.scratch);
    return REASON_INDEX.get(d.reason)! * 4 + (d.alert ? 2 : 0) + (d.email ? 1 : 0);
  }
}
