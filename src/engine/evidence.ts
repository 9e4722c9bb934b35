/**
 * The log lines behind one decision (SPEC 9.6), for `why`: which follow or unfollow set
 * the state in force, the earlier own message that made the user a participant, the
 * message that attached the conversation to its item, and the first line that counts as
 * seen. A sink beside the replay, in the same pass; it keeps only what concerns the one
 * user, plus the line that attached each conversation the log attaches.
 *
 * Those lines are also all the log that one user's decision on one message depends on
 * (SPEC section 5: the follow state in force for the user, their participation, the
 * attachment, the message, and whether they saw it), so `slice()` gives them back as a
 * log of a few events, on which `why` verifies its fixes in memory.
 */
import type { LogEvent, MessageEvent } from '../domain/events.js';
import type { Workspace } from '../domain/workspace.js';
import type { CheckId, DecisionFacts } from './decide.js';

export type EvidenceType = 'view' | 'message' | 'follow' | 'unfollow' | 'workspace';

export interface Evidence {
  /** 1-based line of the log; null for a fact from the database. */
  line: number | null;
  at: number | null;
  type: EvidenceType;
  text: string;
}

/** A log line as kept: the reader may reuse its event objects. */
interface Line {
  line: number;
  at: number;
  type: 'view' | 'message' | 'follow' | 'unfollow';
  /** The message id, or the item or conversation followed. */
  subject: string;
  conversation: string;
  /** A copy of the event, for the lines about the user (attachments, kept for every conversation, are rebuilt from the line). */
  event?: LogEvent;
}

const keep = (e: LogEvent, subject: string, conversation: string, copy = false): Line => ({ line: e.line, at: e.at, type: e.type, subject, conversation, ...(copy && { event: { ...e } }) });

export interface CollectedEvidence {
  message: MessageEvent;
  /** The item the log attached the conversation to (with attachedBy). */
  attachedTo: string | null;
  /** The message that attached the conversation to its item, when the log did. */
  attachedBy: Line | null;
  /** The follow or unfollow of the item (of the conversation) by the user in force at the message. */
  itemFollow: Line | null;
  conversationFollow: Line | null;
  /** The user's first message in the conversation before this one. */
  ownMessage: Line | null;
  /** The first line that counts as seen (a view or own message within the window). */
  seenBy: Line | null;
}

export class EvidenceCollector {
  /** By conversation: the message that attached it to an item, and that item. */
  private readonly attached = new Map<string, { by: Line; item: string }>();
  private readonly itemFollows = new Map<string, Line>();
  private readonly conversationFollows = new Map<string, Line>();
  private readonly ownMessages = new Map<string, Line>();
  private found: CollectedEvidence | null = null;
  private seenUntil = -Infinity;

  constructor(
    private readonly workspace: Workspace,
    private readonly user: string,
    private readonly messageId: string,
    private readonly window: number,
  ) {}

  push(e: LogEvent): void {
    const found = this.found;
    if (found !== null && found.seenBy === null && e.at <= this.seenUntil) {
      const c = found.message.conversation;
      if (e.type === 'view' && e.user === this.user && e.conversation === c) found.seenBy = keep(e, c, c, true);
      else if (e.type === 'message' && e.conversation === c && e.authorKind === 'user' && e.author === this.user) found.seenBy = keep(e, e.id, c, true);
    }
    if (e.type === 'message') {
      if (e.item !== null && !this.attached.has(e.conversation) && this.workspace.conversations.get(e.conversation)?.item === undefined) {
        this.attached.set(e.conversation, { by: keep(e, e.id, e.conversation), item: e.item });
      }
      if (found === null && e.id === this.messageId) {
        const item = this.workspace.conversations.get(e.conversation)?.item ?? this.attached.get(e.conversation)?.item ?? null;
        this.found = {
          message: { ...e },
          attachedTo: this.attached.get(e.conversation)?.item ?? null,
          attachedBy: this.attached.get(e.conversation)?.by ?? null,
          itemFollow: item === null ? null : (this.itemFollows.get(item) ?? null),
          conversationFollow: this.conversationFollows.get(e.conversation) ?? null,
          ownMessage: this.ownMessages.get(e.conversation) ?? null,
          seenBy: null,
        };
        this.seenUntil = e.at + this.window;
      }
      if (e.authorKind === 'user' && e.author === this.user && !this.ownMessages.has(e.conversation)) this.ownMessages.set(e.conversation, keep(e, e.id, e.conversation, true));
    } else if ((e.type === 'follow' || e.type === 'unfollow') && e.user === this.user && found === null) {
      if (e.item !== null) this.itemFollows.set(e.item, keep(e, e.item, '', true));
      else this.conversationFollows.set(e.conversation!, keep(e, e.conversation!, e.conversation!, true));
    }
  }

  end(): void {}

  result(): CollectedEvidence | null {
    return this.found;
  }

  /**
   * The log the decision depends on, in line order: the attachment (as a message that
   * attaches, by nobody of the workspace), the follows in force, the first own message,
   * the message itself and the line that saw it. Replayed against a changed workspace it
   * gives the decision the whole log would.
   */
  slice(): LogEvent[] {
    const f = this.found;
    if (f === null) return [];
    const events = new Map<number, LogEvent>();
    for (const l of [f.itemFollow, f.conversationFollow, f.ownMessage, f.seenBy]) if (l?.event !== undefined) events.set(l.line, l.event);
    events.set(f.message.line, f.message);
    const by = f.attachedBy;
    if (by !== null && !events.has(by.line)) {
      events.set(by.line, { type: 'message', id: by.subject, at: by.at, conversation: by.conversation, author: '', authorKind: 'customer', audience: 'customers', item: f.attachedTo, line: by.line });
    }
    return [...events.values()].sort((a, b) => a.line - b.line);
  }
}

const line = (l: Line, text: string): Evidence => ({ line: l.line, at: l.at, type: l.type, text });
const fact = (text: string): Evidence => ({ line: null, at: null, type: 'workspace', text });

/** The evidence of each check, from the facts of the decision and the lines collected. */
export function evidenceOf(f: DecisionFacts, ws: Workspace, c: CollectedEvidence): Record<CheckId, Evidence[]> {
  const u = f.user;
  const m = f.message;
  const conv = m.conversation;
  // The line that set the follow state in force, else the workspace's state.
  const followEvidence = (l: Line | null, what: string, inWorkspace: boolean): Evidence =>
    l !== null
      ? line(l, `${u} ${l.type === 'follow' ? 'followed' : 'unfollowed'} ${what}`)
      : fact(`${u} ${inWorkspace ? 'follows' : 'does not follow'} ${what} in the workspace`);
  const follows: Evidence[] = [];
  if (f.item !== null) follows.push(followEvidence(c.itemFollow, f.item, ws.items.get(f.item)?.followers.has(u) === true));
  follows.push(followEvidence(c.conversationFollow, conv, ws.conversations.get(conv)?.followers.has(u) === true));
  if (c.ownMessage !== null) follows.push(line(c.ownMessage, `${u} wrote ${c.ownMessage.subject} in ${conv}, so takes part in it`));
  const pref = (key: keyof DecisionFacts['prefs']['source']) => fact(`${key}: ${f.prefs[key]} (${f.prefs.source[key]})`);
  const canSee: Evidence[] = [];
  if (f.item === null) canSee.push(fact(`${conv} is not attached to an item at this message`));
  else {
    if (c.attachedBy !== null) canSee.push(line(c.attachedBy, `${c.attachedBy.subject} attached ${conv} to ${f.item}`));
    else canSee.push(fact(`${conv} is attached to ${f.item} in the workspace`));
    canSee.push(pref('access'));
    canSee.push(fact(`${u} is ${f.member ? '' : 'not '}a member of ${f.project}`));
  }
  return {
    active: [fact(`${u} is ${f.active ? 'active' : 'deactivated'}`)],
    not_author: [line({ line: m.line, at: m.at, type: 'message', subject: m.id, conversation: conv }, `${m.id} was written by ${m.authorKind} ${m.author}`)],
    can_see: canSee,
    customer_messages: [pref('customerMessages')],
    internal_messages: [pref('internalMessages')],
    customer_replies: [pref('customerReplies')],
    follows,
    not_seen: c.seenBy === null ? [] : [line(c.seenBy, c.seenBy.type === 'view' ? `${u} viewed ${conv}` : `${u} wrote ${c.seenBy.subject} in ${conv}`)],
  };
}
