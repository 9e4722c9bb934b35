/**
 * One conversation's story (SPEC 9.1): every line of the log that concerns it — its
 * messages, views, follows and unfollows, and the follows and unfollows of the item it
 * is attached to (every one when the workspace attaches it; from the attaching message
 * on when the log does) — and, under each message, what the rules decided for everyone.
 * A sink beside a replay of every user; it keeps only this conversation's lines.
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent } from '../domain/events.js';
import type { Reason } from '../domain/reasons.js';
import type { Workspace } from '../domain/workspace.js';

export interface TimelineEvent {
  event: LogEvent;
  /** For a message: this line attached the conversation to its item. */
  attaches: boolean;
  /** For a message: who was alerted and emailed, and how many users each reason stopped. */
  alerted: string[];
  emailed: string[];
  suppressed: Partial<Record<Reason, number>>;
  /** For a message: the decisions of the users asked about (--user), by user id. */
  decisions: Decision[];
  /**
   * For a message: every workspace user who saw it within the window (a view of the
   * conversation, or a message of theirs in it, on a later line), with their first such
   * line's time, in log order.
   */
  seenBy: { user: string; at: number }[];
  /**
   * For a message: the users asked about (--user) who were not users at its time, so
   * nothing was decided for them, and why (filled in after the replay, from the history).
   */
  notDecided?: { user: string; reason: NotAUser }[];
  /** The line's `text`, when it has one (filled in after the replay: see readLineTexts). */
  text?: string;
}

/** Why a user has no decision on a message (SPEC 10.1: only the users of its time are decided for). */
export type NotAUser = 'not_a_user_yet' | 'no_longer_a_user' | 'not_a_user_as_of';

export class TimelineCollector {
  readonly events: TimelineEvent[] = [];
  private readonly byMessage = new Map<string, TimelineEvent>();
  /** The item the conversation is attached to, so far. */
  item: string | null;
  /** Whether any line named the conversation. */
  named = false;
  /** Conversation ids the log names (the first 100,000), for "did you mean" when it never names this one. */
  readonly seen = new Set<string>();

  /** This conversation's messages whose window may still be open, oldest first. */
  private openMessages: TimelineEvent[] = [];

  constructor(
    private readonly conversation: string,
    workspace: Workspace,
    private readonly watched: ReadonlySet<string>,
    private readonly window: number,
  ) {
    this.item = workspace.conversations.get(conversation)?.item ?? null;
    this.named = workspace.conversations.has(conversation);
  }

  push(e: LogEvent): void {
    let attaches = false;
    if (!this.named && (e.type === 'message' || e.type === 'view') && this.seen.size < 100_000) this.seen.add(e.conversation);
    if (e.type === 'message') {
      if (e.conversation !== this.conversation) return;
      if (this.item === null && e.item !== null) {
        this.item = e.item;
        attaches = true;
      }
    } else if (e.type === 'view') {
      if (e.conversation !== this.conversation) return;
    } else if (e.conversation !== null ? e.conversation !== this.conversation : this.item === null || e.item !== this.item) {
      return;
    }
    this.named = true;
    // Events may be reused by the reader: keep a copy.
    const entry: TimelineEvent = { event: { ...e }, attaches, alerted: [], emailed: [], suppressed: {}, decisions: [], seenBy: [] };
    this.events.push(entry);
    if (e.type === 'view') this.seenBy(e.user, e.at);
    else if (e.type === 'message') {
      if (e.authorKind === 'user') this.seenBy(e.author, e.at);
      this.byMessage.set(e.id, entry);
      this.openMessages.push(entry);
    }
  }

  /** A view or an own message of `user` at `at`: they saw every earlier message whose window is still open. */
  private seenBy(user: string, at: number): void {
    const open = this.openMessages;
    let expired = 0;
    while (expired < open.length && open[expired]!.event.at + this.window < at) expired++;
    if (expired > 0) this.openMessages = open.slice(expired);
    for (const entry of this.openMessages) {
      if (!entry.seenBy.some((s) => s.user === user)) entry.seenBy.push({ user, at });
    }
  }

  end(): void {}

  /** Every decision of the replay over every user: those on this conversation's messages are kept. */
  onDecision = (d: Decision): void => {
    if (d.conversation !== this.conversation) return;
    const entry = this.byMessage.get(d.message);
    if (entry === undefined) return;
    if (d.alert) entry.alerted.push(d.user);
    else entry.suppressed[d.reason] = (entry.suppressed[d.reason] ?? 0) + 1;
    if (d.email) entry.emailed.push(d.user);
    if (this.watched.has(d.user)) entry.decisions.push({ ...d });
  };
}
