/**
 * The holes in a team's coverage (SPEC 9.2). A customer message is unreachable when no
 * active user passes checks 1-5: nobody would be alerted, whoever looked. It is
 * unnoticed when, besides, no workspace user saw it within the window. Built on the
 * replay's decisions for every user (with "seen" tracked for all), one message at a time.
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent } from '../domain/events.js';
import type { SuppressionReason } from '../domain/reasons.js';
import type { DecisionFacts } from './decide.js';

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
  /** Whether some active user passed checks 1-5 for the current message. */
  private reached = false;

  constructor(private readonly onGap: (row: GapRow) => void) {}

  /** Feed every decision of a replay over every user (selection all, seenForEveryDecision). */
  add(d: Decision, f: DecisionFacts): void {
    if (f.kind !== 'customer') return;
    if (this.current === null || this.current.message !== d.message) {
      this.flush();
      this.counts.customerMessages++;
      this.current = { message: d.message, at: d.at, conversation: d.conversation, item: f.item, project: f.project, seenBy: null, seenAt: null, blockers: {} };
      this.reached = false;
    }
    const row = this.current;
    if (f.seenAt !== null && (row.seenAt === null || f.seenAt < row.seenAt)) {
      row.seenAt = f.seenAt;
      row.seenBy = d.user;
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
 * Only the two counts, cheaply, beside a notified-only replay (simulate --stats): the
 * replay says which customer messages are unreachable (onCustomerMessage); this sink,
 * pushed each event after the replay, watches whether anyone saw them within the window.
 */
export class GapCounter {
  readonly counts: GapCounts = { customerMessages: 0, unreachable: 0, unnoticed: 0 };
  /** Unreachable messages not yet seen, by conversation, with when their window closes (and their ids, when asked). */
  private readonly pending = new Map<string, number[]>();
  private readonly pendingIds = new Map<string, string[]>();
  private justUnreachable: { conversation: string; closesAt: number; id: string } | null = null;

  /**
   * `onUnnoticed`: told each unnoticed message's id (plan); without it only counts are
   * kept. `isUser`: whether an id is a user of the workspace (SPEC 9.2: only they notice
   * a message); plan reads one log for two workspaces, and a user of one only is in it.
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
      this.justUnreachable = { conversation: m.conversation, closesAt: m.at + this.window, id: m.id };
    }
  };

  private unnoticed(conversation: string, index: number): void {
    this.counts.unnoticed++;
    if (this.onUnnoticed !== undefined) this.onUnnoticed(this.pendingIds.get(conversation)![index]!);
  }

  push(e: LogEvent): void {
    // A view of the conversation or a user's message in it, on a later line, within the window.
    const seenIn =
      e.type === 'view' ? (this.isUser(e.user) ? e.conversation : null) : e.type === 'message' && e.authorKind === 'user' && this.isUser(e.author) ? e.conversation : null;
    if (seenIn !== null) {
      const waiting = this.pending.get(seenIn);
      if (waiting !== undefined) {
        // Those whose window closed before this line went unnoticed; the others are seen now.
        waiting.forEach((closesAt, i) => closesAt < e.at && this.unnoticed(seenIn, i));
        this.pending.delete(seenIn);
        this.pendingIds.delete(seenIn);
      }
    }
    if (this.justUnreachable !== null) {
      const { conversation, closesAt, id } = this.justUnreachable;
      this.justUnreachable = null;
      const list = this.pending.get(conversation);
      if (list === undefined) this.pending.set(conversation, [closesAt]);
      else list.push(closesAt);
      if (this.onUnnoticed !== undefined) {
        const ids = this.pendingIds.get(conversation);
        if (ids === undefined) this.pendingIds.set(conversation, [id]);
        else ids.push(id);
      }
    }
  }

  end(): void {
    for (const [conversation, list] of this.pending) list.forEach((_, i) => this.unnoticed(conversation, i));
    this.pending.clear();
    this.pendingIds.clear();
  }
}
