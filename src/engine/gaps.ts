/**
 * The holes in a team's coverage (SPEC 9.2). A customer message is unreachable when no
 * active user passes checks 1-5: nobody would be alerted, whoever looked. It is
 * unnoticed when, besides, no workspace user saw it within the window. GapFinder builds
 * the rows from the replay's decisions for every user (with "seen" tracked for all), one
 * message at a time; GapWatcher the same rows beside a notified-only replay (gaps).
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent, MessageEvent } from '../domain/events.js';
import type { SuppressionReason } from '../domain/reasons.js';
import { applyChanges, type TimedChange } from '../domain/changes.js';
import { cloneWorkspace, preferencesOf, sortedIds, type Workspace } from '../domain/workspace.js';
import { CHECK_ORDER, firstFailingCheck, type DecisionFacts } from './decide.js';

export interface GapRow {
  message: string;
  at: number;
  conversation: string;
  item: string | null;
  project: string | null;
  /** The first workspace user who saw it in time, and when; null when nobody did. */
  seenBy: string | null;
  seenAt: number | null;
  /** For each reason among checks 1-5, how many active users it stopped. */
  blockers: Partial<Record<SuppressionReason, number>>;
}

export interface GapCounts {
  customerMessages: number;
  unreachable: number;
  unnoticed: number;
}

/** Reasons that mean the user passed checks 1-5: notified, or would have been but for seeing it. */
const REACHED = new Set(['customer_message_all', 'customer_message_mine', 'seen_within_window']);

export class GapFinder {
  readonly counts: GapCounts = { customerMessages: 0, unreachable: 0, unnoticed: 0 };
  private current: GapRow | null = null;
  /** The line that saw the current message first (row.seenBy's). */
  private seenLine = Infinity;
  /** Whether some active user passed checks 1-5 for the current message. */
  private reached = false;

  constructor(private readonly onGap: (row: GapRow) => void) {}

  /** Feed every decision of the gaps question (ask.gaps: every user, "seen" tracked for each). */
  add(d: Decision, f: DecisionFacts): void {
    if (f.kind !== 'customer') return;
    if (this.current === null || this.current.message !== d.message) {
      this.flush();
      this.counts.customerMessages++;
      this.current = { message: d.message, at: d.at, conversation: d.conversation, item: f.item, project: f.project, seenBy: null, seenAt: null, blockers: {} };
      this.reached = false;
    }
    const row = this.current;
    // The first line of the log that saw it: of two at one instant, the earlier line (SPEC 9.2), not the first user by id.
    if (f.seenAt !== null && (row.seenAt === null || f.seenAt < row.seenAt || (f.seenAt === row.seenAt && (f.seenLine ?? Infinity) < this.seenLine))) {
      row.seenAt = f.seenAt;
      row.seenBy = d.user;
      this.seenLine = f.seenLine ?? Infinity;
    }
    if (!f.active) return;
    if (REACHED.has(d.reason)) this.reached = true;
    else {
      const reason = d.reason as SuppressionReason;
      row.blockers[reason] = (row.blockers[reason] ?? 0) + 1;
    }
  }

  /** The log has ended. */
  end(): void {
    this.flush();
  }

  private flush(): void {
    const row = this.current;
    this.current = null;
    if (row === null || this.reached) return;
    this.counts.unreachable++;
    if (row.seenBy === null) this.counts.unnoticed++;
    this.onGap(row);
  }
}

/**
 * Messages whose window is open, in log order (the order their windows close in, the
 * log being in time order): those whose window closed before a time are taken off the
 * front, and the list is let go of when most of it is gone. Shared by the sinks that
 * follow a replay with something to settle per open message (GapCounter, load).
 */
export class ClosingQueue<T extends { closesAt: number }> {
  private queue: T[] = [];
  private head = 0;

  get open(): boolean {
    return this.head < this.queue.length;
  }

  push(item: T): void {
    this.queue.push(item);
  }

  /** Calls `onClose` with each item whose window closed before `at`, oldest first. */
  closeBefore(at: number, onClose: (item: T) => void): void {
    const queue = this.queue;
    while (this.head < queue.length && queue[this.head]!.closesAt < at) onClose(queue[this.head++]!);
    if (this.head > 0 && (this.head === queue.length || (this.head > 1024 && this.head * 2 > queue.length))) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }
}

/** An unreachable customer message, until someone sees it or its window closes. */
interface Waiting {
  conversation: string;
  closesAt: number;
  id: string;
  /** Seen in time, or counted as unnoticed. */
  settled: boolean;
}

/**
 * Only the two counts, cheaply, beside a notified-only replay (simulate --stats): the
 * replay says which customer messages are unreachable (onCustomerMessage); this sink,
 * pushed each event after the replay, watches whether anyone saw them within the window.
 * It holds only the unreachable messages whose window is open (a few, of a million
 * messages a few hundred are unreachable): one whose window closes unseen is counted
 * then, so most lines find nothing waiting and cost one comparison.
 */
export class GapCounter {
  readonly counts: GapCounts = { customerMessages: 0, unreachable: 0, unnoticed: 0 };
  /** The waiting messages in log order. */
  private readonly queue = new ClosingQueue<Waiting>();
  /** The waiting messages not yet settled, by conversation, in log order. */
  private readonly pending = new Map<string, Waiting[]>();
  private justUnreachable: Waiting | null = null;

  /**
   * `onUnnoticed`: told each unnoticed message's id (plan), in log order; without it only
   * counts are kept. `isUser`: whether an id is a user of the workspace (SPEC 9.2: only
   * they notice a message); plan reads one log for two workspaces, and a user of one only
   * is in it.
   */
  constructor(
    private readonly window: number,
    private readonly onUnnoticed?: (message: string) => void,
    private readonly isUser: (id: string) => boolean = () => true,
  ) {}

  /** The replay's onCustomerMessage. */
  onCustomerMessage = (m: { conversation: string; at: number; id: string }, reachable: boolean): void => {
    this.counts.customerMessages++;
    if (!reachable) {
      this.counts.unreachable++;
      this.justUnreachable = { conversation: m.conversation, closesAt: m.at + this.window, id: m.id, settled: false };
    }
  };

  /**
   * Takes back onCustomerMessage(m, false) for a message found reachable after all (plan
   * learns it a window later), before its window has closed here.
   */
  retract(m: { conversation: string; id: string }): void {
    this.counts.unreachable--;
    const list = this.pending.get(m.conversation);
    const at = list === undefined ? -1 : list.findIndex((w) => w.id === m.id);
    if (at === -1) return;
    // Seen or not, it is no gap: its window closes without a count.
    list![at]!.settled = true;
    list!.splice(at, 1);
    if (list!.length === 0) this.pending.delete(m.conversation);
  }

  push(e: LogEvent): void {
    if (this.queue.open) {
      // Windows that closed before this line, unseen: unnoticed.
      this.closeBefore(e.at);
      // A view of the conversation or a user's message in it, within the window: seen.
      if (this.pending.size !== 0 && (e.type === 'view' || (e.type === 'message' && e.authorKind === 'user'))) {
        const waiting = this.pending.get(e.conversation);
        if (waiting !== undefined && this.isUser(e.type === 'view' ? e.user : e.author)) {
          for (const w of waiting) w.settled = true;
          this.pending.delete(e.conversation);
        }
      }
    }
    const w = this.justUnreachable;
    if (w !== null) {
      this.justUnreachable = null;
      this.queue.push(w);
      const list = this.pending.get(w.conversation);
      if (list === undefined) this.pending.set(w.conversation, [w]);
      else list.push(w);
    }
  }

  end(): void {
    this.closeBefore(Infinity);
  }

  private closeBefore(at: number): void {
    this.queue.closeBefore(at, this.close);
  }

  /** A waiting message whose window closed: unnoticed unless someone saw it. */
  private readonly close = (w: Waiting): void => {
    if (w.settled) return;
    this.counts.unnoticed++;
    this.onUnnoticed?.(w.id);
    // The conversation's oldest waiting message is this one.
    const list = this.pending.get(w.conversation)!;
    list.shift();
    if (list.length === 0) this.pending.delete(w.conversation);
  };
}

/** An unreachable customer message, until its window closes. */
interface Watched {
  row: GapRow;
  closesAt: number;
  /** The users in the workspace at the message: only they have a decision, and so can see it (SPEC 9.2, 10.1). */
  present: ReadonlySet<string>;
  seen: boolean;
}

/**
 * gaps in one pass, beside a notified-only replay (ask.reachability), instead of every
 * user's decision of every message: the replay says which customer messages reach
 * nobody, with their project and item (onCustomerMessage); their blockers come from the
 * workspace of the message's time (blockersOf: nobody passes checks 1-5, so each active
 * user's first failing check is as without relations); and this sink, pushed each event
 * after the replay, watches who sees them within the window: the first line after the
 * message that views the conversation or is a user's message in it, by a user in the
 * workspace at the message. The rows come in log order, as their windows close.
 */
export class GapWatcher {
  readonly counts: GapCounts = { customerMessages: 0, unreachable: 0, unnoticed: 0 };
  private readonly queue = new ClosingQueue<Watched>();
  /** The watched messages not yet seen, by conversation, in log order. */
  private readonly pending = new Map<string, Watched[]>();
  private justUnreachable: Watched | null = null;
  /** The workspace of the time (a copy once a recorded change applies), and the next change. */
  private ws: Workspace;
  private copied = false;
  private next = 0;
  private present: ReadonlySet<string> | null = null;
  private readonly blockers = new Map<string | null, Partial<Record<SuppressionReason, number>>>();

  constructor(
    start: Workspace,
    private readonly changes: readonly TimedChange[],
    private readonly window: number,
    private readonly onGap: (row: GapRow) => void,
  ) {
    this.ws = start;
  }

  /** The replay's onCustomerMessage (ask.reachability). */
  onCustomerMessage = (m: MessageEvent, reachable: boolean, project: string | null, item: string | null): void => {
    this.advance(m.at);
    // A message with no user in the workspace has no decision: not counted (as GapFinder).
    if (this.ws.users.size === 0) return;
    this.counts.customerMessages++;
    if (reachable) return;
    this.counts.unreachable++;
    let blockers = this.blockers.get(project);
    if (blockers === undefined) this.blockers.set(project, (blockers = blockersOf(this.ws, project, 'users')));
    this.present ??= new Set(this.ws.users.keys());
    const row: GapRow = { message: m.id, at: m.at, conversation: m.conversation, item, project, seenBy: null, seenAt: null, blockers: { ...blockers } };
    this.justUnreachable = { row, closesAt: m.at + this.window, present: this.present, seen: false };
  };

  /** The recorded changes at or before `at` (SPEC 10.1: a change at T applies to events at T or later), as the replay applies them. */
  private advance(at: number): void {
    if (this.next >= this.changes.length || this.changes[this.next]!.at > at) return;
    if (!this.copied) {
      this.ws = cloneWorkspace(this.ws);
      this.copied = true;
    }
    while (this.next < this.changes.length && this.changes[this.next]!.at <= at) applyChanges(this.ws, this.changes[this.next++]!.rows);
    this.present = null;
    this.blockers.clear();
  }

  push(e: LogEvent): void {
    if (this.queue.open) {
      this.queue.closeBefore(e.at, this.close);
      if (this.pending.size !== 0 && (e.type === 'view' || (e.type === 'message' && e.authorKind === 'user'))) {
        const waiting = this.pending.get(e.conversation);
        if (waiting !== undefined) {
          const user = e.type === 'view' ? e.user : e.author;
          let kept = 0;
          for (const w of waiting) {
            if (w.present.has(user)) {
              w.seen = true;
              w.row.seenBy = user;
              w.row.seenAt = e.at;
            } else waiting[kept++] = w;
          }
          waiting.length = kept;
          if (kept === 0) this.pending.delete(e.conversation);
        }
      }
    }
    const w = this.justUnreachable;
    if (w !== null) {
      this.justUnreachable = null;
      this.queue.push(w);
      const list = this.pending.get(w.row.conversation);
      if (list === undefined) this.pending.set(w.row.conversation, [w]);
      else list.push(w);
    }
  }

  end(): void {
    this.queue.closeBefore(Infinity, this.close);
  }

  private readonly close = (w: Watched): void => {
    if (!w.seen) {
      this.counts.unnoticed++;
      // The conversation's oldest watched message is this one.
      const list = this.pending.get(w.row.conversation)!;
      list.shift();
      if (list.length === 0) this.pending.delete(w.row.conversation);
    }
    this.onGap(w.row);
  };
}

/**
 * The blockers (SPEC 9.2) of an unreachable customer message in a conversation of an
 * item of `project` (null: no item): for each reason, how many active users it stopped,
 * in the order of the checks (or, `users`, of the first user by id each stopped).
 * Without a replay: for a message nobody passes checks 1-5 for, each user's first
 * failing check is the same as for a user who neither follows nor wrote in the
 * conversation (one who did and passed 1-4 would pass 5), so it depends only on the
 * workspace and the project. The checks are decide()'s own.
 */
export function blockersOf(ws: Workspace, project: string | null, order: 'checks' | 'users' = 'checks'): Partial<Record<SuppressionReason, number>> {
  const out: Partial<Record<SuppressionReason, number>> = {};
  const counts = new Map<SuppressionReason, number>();
  const members = project === null ? undefined : ws.projects.get(project)?.members;
  const message: MessageEvent = { type: 'message', id: '', at: 0, line: 0, conversation: '', author: '', authorKind: 'customer', audience: 'customers', item: null };
  for (const id of sortedIds(ws.users.keys())) {
    const u = ws.users.get(id)!;
    if (!u.active) continue;
    const facts: DecisionFacts = {
      message,
      kind: 'customer',
      item: project === null ? null : '(item)',
      project,
      user: id,
      active: true,
      hasEmail: false,
      prefs: preferencesOf(ws, u),
      member: members?.has(id) === true,
      followsItem: false,
      followsConversation: false,
      participant: false,
      seenAt: null,
      window: 0,
    };
    const failing = firstFailingCheck(facts);
    if (failing === null || failing.id === 'not_seen') continue;
    counts.set(failing.reason, (counts.get(failing.reason) ?? 0) + 1);
  }
  // As gaps lists them: in the order the users (by id) first met each reason, as GapFinder adds them up.
  if (order === 'users') return Object.fromEntries(counts);
  // In the order of the checks.
  for (const check of CHECK_ORDER) {
    const n = counts.get(check.reason);
    if (n !== undefined) out[check.reason] = n;
  }
  return out;
}
