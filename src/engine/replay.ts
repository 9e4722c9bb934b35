/**
 * replay(): the streaming sweep over a message log (SPEC sections 4 and 5).
 *
 * Events are pushed one at a time. The state kept is proportional to the workspace, the
 * conversations and the open window — never to the whole log: follow state,
 * participation, and the messages whose window is still open. A message's decisions are
 * emitted once no later line can change them (an event later than its window, or the end
 * of the log), in log order of messages and by user id within a message.
 */
import type { Decision } from '../domain/decision.js';
import { LogLineError } from '../domain/errors.js';
import { type LogEvent, type MessageEvent, messageKind } from '../domain/events.js';
import { effectivePreferences, type EffectivePreferences } from '../domain/preferences.js';
import { compareIds, sortedIds, type Workspace } from '../domain/workspace.js';
import { blankDecision, decide, decideInto, firstFailingCheck, type DecisionFacts } from './decide.js';

/** Which decisions to report. */
export type Selection =
  /** Only notifications; only candidate users are evaluated. */
  | { kind: 'notified' }
  /** Every workspace user for every message. */
  | { kind: 'all' }
  /** These users' decisions, suppressed ones included. */
  | { kind: 'users'; users: ReadonlySet<string> };

export interface ReplayOptions {
  window: number;
  selection: Selection;
  /**
   * The decision passed to onDecision is valid only during the call (one object is
   * reused): for consumers that count or write each decision at once.
   */
  reuseDecision?: boolean;
  onDecision(decision: Decision, facts: DecisionFacts): void;
}

interface UserState {
  id: string;
  active: boolean;
  hasEmail: boolean;
  prefs: EffectivePreferences;
}

interface ConversationState {
  item: string | null;
  followers: Set<string>;
  participants: Set<string>;
  /**
   * Decisions still waiting for the seen check, oldest first, from `awaitingHead` on.
   * Only the open window is kept: a few entries, scanned when someone looks.
   */
  awaiting: DecisionFacts[];
  awaitingHead: number;
  /**
   * Who can be notified, sorted, for customer and for other messages. Rebuilt only when
   * followers, participants, the item or its followers change — not for every message.
   */
  candidatesForCustomer: string[] | null;
  candidatesForOthers: string[] | null;
  /** The version of the item's followers the cached lists were built from. */
  candidatesItemVersion: number;
}

/** A reported message: its decisions by user id; facts are settled when the window closes. */
interface OpenMessage {
  closesAt: number;
  facts: DecisionFacts[];
}

export class Replay {
  private readonly users = new Map<string, UserState>();
  private readonly sortedUserIds: string[];
  private readonly takesAllCustomerMessages: string[];
  private readonly itemProject = new Map<string, string>();
  private readonly itemFollowers = new Map<string, Set<string>>();
  /** Bumped (from one counter) whenever an item's followers change. */
  private readonly itemVersion = new Map<string, number>();
  private versionCounter = 0;
  /** Facts are filled in here first; only reported decisions get their own copy. */
  private readonly scratch = {} as DecisionFacts;
  private readonly reusedDecision: Decision | null;
  private readonly projectMembers = new Map<string, Set<string>>();
  private readonly conversations = new Map<string, ConversationState>();
  /** Open messages in log order (a queue: head index instead of shift()). */
  private open: OpenMessage[] = [];
  private openHead = 0;
  private readonly window: number;
  private readonly selection: Selection;
  private readonly selectedUsers: string[] = [];
  private readonly onDecision: ReplayOptions['onDecision'];

  constructor(workspace: Workspace, options: ReplayOptions) {
    this.window = options.window;
    this.selection = options.selection;
    this.onDecision = options.onDecision;
    this.reusedDecision = options.reuseDecision ? blankDecision() : null;
    for (const u of workspace.users.values()) {
      this.users.set(u.id, {
        id: u.id,
        active: u.active,
        hasEmail: u.email !== undefined && u.email !== '',
        prefs: effectivePreferences(u.preferences, workspace.defaults),
      });
    }
    this.sortedUserIds = sortedIds(this.users.keys());
    if (options.selection.kind === 'users') this.selectedUsers = sortedIds(options.selection.users);
    this.takesAllCustomerMessages = this.sortedUserIds.filter(
      (id) => this.users.get(id)!.prefs.customerMessages === 'all',
    );
    for (const p of workspace.projects.values()) this.projectMembers.set(p.id, new Set(p.members));
    for (const i of workspace.items.values()) {
      this.itemProject.set(i.id, i.project);
      this.itemFollowers.set(i.id, new Set(i.followers));
      this.itemVersion.set(i.id, 0);
    }
    for (const c of workspace.conversations.values()) {
      this.conversations.set(c.id, newConversation(c.item ?? null, new Set(c.followers)));
    }
  }

  push(event: LogEvent): void {
    this.closeWindowsBefore(event.at);
    switch (event.type) {
      case 'message':
        this.onMessage(event);
        break;
      case 'view':
        this.markSeen(this.conversation(event.conversation), event.user, event.at);
        break;
      case 'follow':
      case 'unfollow': {
        let set: Set<string>;
        if (event.item !== null) {
          set = this.itemFollowers.get(event.item)!;
          this.itemVersion.set(event.item, ++this.versionCounter);
        } else {
          const c = this.conversation(event.conversation!);
          set = c.followers;
          forgetCandidates(c);
        }
        if (event.type === 'follow') set.add(event.user);
        else set.delete(event.user);
        break;
      }
    }
  }

  /** The log has ended: every open window is settled. */
  end(): void {
    this.closeWindowsBefore(Infinity);
  }

  private conversation(id: string): ConversationState {
    let c = this.conversations.get(id);
    if (c === undefined) {
      c = newConversation(null, new Set());
      this.conversations.set(id, c);
    }
    return c;
  }

  private onMessage(m: MessageEvent): void {
    const c = this.conversation(m.conversation);
    if (m.item !== null) {
      if (c.item === null) {
        c.item = m.item;
        forgetCandidates(c);
      } else if (c.item !== m.item) {
        throw new LogLineError(
          m.line,
          `message ${JSON.stringify(m.id)} names item ${JSON.stringify(m.item)}, but conversation ${JSON.stringify(m.conversation)} belongs to item ${JSON.stringify(c.item)}`,
        );
      }
    }
    const authorUser = m.authorKind === 'user' ? m.author : null;
    // Writing in a conversation means having seen what came before.
    if (authorUser !== null) this.markSeen(c, authorUser, m.at);

    const kind = messageKind(m);
    const project = c.item === null ? null : this.itemProject.get(c.item)!;
    const itemFollowers = c.item === null ? undefined : this.itemFollowers.get(c.item);
    const members = project === null ? undefined : this.projectMembers.get(project);
    const notifiedOnly = this.selection.kind === 'notified';
    const reported: DecisionFacts[] = [];
    const facts = this.scratch;
    for (const userId of this.candidates(c, kind)) {
      if (notifiedOnly && userId === authorUser) continue;
      const user = this.users.get(userId)!;
      facts.message = m;
      facts.kind = kind;
      facts.item = c.item;
      facts.project = project;
      facts.user = userId;
      facts.active = user.active;
      facts.hasEmail = user.hasEmail;
      facts.prefs = user.prefs;
      facts.member = members !== undefined && members.has(userId);
      facts.followsItem = itemFollowers !== undefined && itemFollowers.has(userId);
      facts.followsConversation = c.followers.has(userId);
      facts.participant = c.participants.has(userId);
      facts.seenAt = null;
      facts.window = this.window;
      const passesAllButSeen = firstFailingCheck(facts) === null;
      if (passesAllButSeen || !notifiedOnly) {
        const own = { ...facts };
        reported.push(own);
        // Every check but "seen" has passed: the window decides.
        if (passesAllButSeen) this.awaitSeen(c, own);
      }
    }
    if (authorUser !== null && !c.participants.has(authorUser)) {
      c.participants.add(authorUser);
      forgetCandidates(c);
    }
    if (reported.length > 0) this.open.push({ closesAt: m.at + this.window, facts: reported });
  }

  /** Users whose decision is reported, sorted by id. */
  private candidates(c: ConversationState, kind: string): readonly string[] {
    const selection = this.selection;
    if (selection.kind === 'all') return this.sortedUserIds;
    if (selection.kind === 'users') return this.selectedUsers;
    const version = c.item === null ? -1 : this.itemVersion.get(c.item)!;
    if (c.candidatesItemVersion !== version) {
      forgetCandidates(c);
      c.candidatesItemVersion = version;
    }
    const forCustomer = kind === 'customer';
    const cached = forCustomer ? c.candidatesForCustomer : c.candidatesForOthers;
    if (cached !== null) return cached;
    // Only followers, participants and users who take every customer message can be
    // notified — and of those, only active users who can see the conversation. Activity,
    // access and project membership do not change during a replay, so this list holds
    // until the followers, the participants or the item change.
    const ids = new Set<string>(c.followers);
    if (c.item !== null) for (const id of this.itemFollowers.get(c.item)!) ids.add(id);
    for (const id of c.participants) ids.add(id);
    if (forCustomer) for (const id of this.takesAllCustomerMessages) ids.add(id);
    const members = c.item === null ? undefined : this.projectMembers.get(this.itemProject.get(c.item)!);
    const list = [...ids]
      .filter((id) => {
        const user = this.users.get(id)!;
        return user.active && (members === undefined || user.prefs.access === 'all-projects' || members.has(id));
      })
      .sort(compareIds);
    if (forCustomer) c.candidatesForCustomer = list;
    else c.candidatesForOthers = list;
    return list;
  }

  private awaitSeen(c: ConversationState, facts: DecisionFacts): void {
    this.dropExpired(c, facts.message.at);
    c.awaiting.push(facts);
  }

  /** Forgets waiting decisions whose window closed before `at`; no later line can see them. */
  private dropExpired(c: ConversationState, at: number): void {
    const list = c.awaiting;
    let head = c.awaitingHead;
    while (head < list.length && list[head]!.message.at + this.window < at) head++;
    if (head === list.length) {
      if (list.length > 0) c.awaiting = [];
      c.awaitingHead = 0;
    } else if (head > 16 && head * 2 > list.length) {
      c.awaiting = list.slice(head);
      c.awaitingHead = 0;
    } else {
      c.awaitingHead = head;
    }
  }

  /** A view, or a message by the user: every waiting decision of theirs still in its window is seen. */
  private markSeen(c: ConversationState, userId: string, at: number): void {
    if (c.awaiting.length === 0) return;
    this.dropExpired(c, at);
    const list = c.awaiting;
    for (let i = c.awaitingHead; i < list.length; i++) {
      const facts = list[i]!;
      if (facts.user === userId && facts.seenAt === null) facts.seenAt = at;
    }
  }

  /** Emits every open message whose window closes before `at`: no later line can change it. */
  private closeWindowsBefore(at: number): void {
    const open = this.open;
    while (this.openHead < open.length && open[this.openHead]!.closesAt < at) {
      const message = open[this.openHead]!;
      open[this.openHead] = undefined as unknown as OpenMessage;
      this.openHead++;
      // Let go of what a quiet conversation still holds for this closed window.
      const first = message.facts[0]!;
      this.dropExpired(this.conversations.get(first.message.conversation)!, message.closesAt + 1);
      for (const facts of message.facts) {
        const decision = this.reusedDecision === null ? decide(facts) : decideInto(facts, this.reusedDecision);
        if (this.selection.kind === 'notified' && !decision.alert) continue;
        this.onDecision(decision, facts);
      }
    }
    if (this.openHead > 1024 && this.openHead * 2 > open.length) {
      this.open = open.slice(this.openHead);
      this.openHead = 0;
    }
  }
}

function newConversation(item: string | null, followers: Set<string>): ConversationState {
  return {
    item,
    followers,
    participants: new Set(),
    awaiting: [],
    awaitingHead: 0,
    candidatesForCustomer: null,
    candidatesForOthers: null,
    candidatesItemVersion: -2,
  };
}

function forgetCandidates(c: ConversationState): void {
  c.candidatesForCustomer = null;
  c.candidatesForOthers = null;
}
