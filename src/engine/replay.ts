/**
 * replay(): the streaming sweep over a message log (SPEC sections 4 and 5).
 *
 * Events are pushed one at a time. The state kept is proportional to the workspace, the
 * conversations and the open window — never to the whole log: follow state,
 * participation, and the messages whose window is still open. A message's decisions are
 * emitted once no later line can change them (an event later than its window, or the end
 * of the log), in log order of messages and by user id within a message.
 */
import { ADDED, applyChanges, valueLeft, type TimedChange } from '../domain/changes.js';
import type { Decision } from '../domain/decision.js';
import { LogLineError } from '../domain/errors.js';
import { type LogEvent, type MessageEvent, type MessageKind, messageKind } from '../domain/events.js';
import type { EffectivePreferences } from '../domain/preferences.js';
import { cloneWorkspace, preferencesOf, sortedIds, type User, type Workspace } from '../domain/workspace.js';
import { ACTIVE_CHECK, blankDecision, CHECK_ORDER, type CheckSpec, decideInto, firstFailingCheck, NOT_AUTHOR_CHECK, NOT_SEEN_CHECK, type DecisionFacts } from './decide.js';

/** Which decisions to report. */
export type Selection =
  /** Only notifications; only candidate users are evaluated. */
  | { kind: 'notified' }
  /** Every workspace user for every message. */
  | { kind: 'all' }
  /** These users' decisions, suppressed ones included. */
  | { kind: 'users'; users: ReadonlySet<string> };

/**
 * How a replay is set up. Consumers do not set these: they ask a question
 * (src/engine/questions.ts: decisions, totals, gaps, reachability, timeline, comparison),
 * and the question chooses the settings its answer needs.
 */
export interface ReplaySettings {
  window: number;
  selection: Selection;
  /**
   * The decision and `facts` are valid only during the call (one object of each is
   * reused): copy them to keep them. `userIndex`: the user's place among the workspace's
   * users in id order, for a consumer that keeps something per user in an array rather
   * than a map by id.
   */
  onDecision(decision: Decision, facts: DecisionFacts, userIndex: number): void;
  /**
   * Track "seen" for every reported decision, not only those that passed every other
   * check (always so for a `users` selection): gaps needs who saw a message nobody was
   * told about.
   */
  seenForEveryDecision?: boolean;
  /**
   * Called for each customer message with whether any active user passes checks 1-5 for
   * it (SPEC 9.2's "reachable"): in a notified-only replay any user, which the lists of
   * notifiable users answer at no cost; in a `users` selection any of those users. With
   * `everyDecisionOf`, `reachable` is about the others and `reachedByThem` about those.
   * `project`: the project of the conversation's item as at the message (null: no item);
   * `item`: that item.
   */
  onCustomerMessage?(message: MessageEvent, reachable: boolean, project: string | null, reachedByThem: boolean, item: string | null): void;
  /**
   * A notified-only replay that also reports every decision of these users, suppressed
   * ones included, as a `users` selection would (after the others' of each message, in
   * id order). plan replays the users a change concerns this way beside everyone else,
   * instead of in a replay of their own.
   */
  everyDecisionOf?: ReadonlySet<string>;
  /**
   * With everyDecisionOf: asked once per such user and kind of facts at a message (the
   * kind of message, whether it has an item, the user's relation to it, whether they
   * wrote it; `facts.seenAt` null): true when every decision with those facts, seen or
   * not, is the same to the consumer as anyone else's. Those decisions are then reported
   * as the notified-only replay reports everyone's (the alerts only), and count among
   * the others for onCustomerMessage's `reachable`. plan: a change of customerMessages
   * alters only some decisions on customer messages; the millions of others are not made.
   * A user whose every kind of facts of a kind of message (with an item or without) is
   * unchanged is, for those messages, on the notified-only lists like anyone. Not with a
   * history (the answers are for the rows as they are at the start).
   */
  unchangedFor?(facts: DecisionFacts, userIndex: number): boolean;
  /**
   * With unchangedFor: each other decision of everyDecisionOf's users comes here first,
   * as its kind of facts (factsKey()); returning true takes it, false has it come to
   * onDecision as usual (with its facts: a consumer that has not seen that kind yet).
   * plan counts millions of changed decisions by their kind of facts, without a
   * decision made for each.
   */
  onFactsKey?(message: MessageEvent, userIndex: number, key: number): boolean;
  /**
   * A notified-only replay for a consumer that only counts (simulate --stats): each alert
   * comes here instead of to onDecision, as its outcome (who, whether an email goes, and
   * why), without a decision made for it. An alert's outcome depends only on the user and
   * the kind of message, so it is worked out once for each by decideInto(), the same as
   * onDecision's, and shared. Not with other selections, nor for everyDecisionOf's users.
   * `message`: the message alerted about (its fireAt is its time plus the window), for a
   * consumer that counts by time or conversation (load).
   */
  onAlert?(outcome: AlertOutcome, userIndex: number, message: MessageEvent): void;
  /**
   * SPEC 10.1: the recorded changes after the workspace given, applied as the replay
   * passes their times (a change at T applies to events at T or later), so that each
   * line is decided with the workspace of its time. Without it (or with no changes) the
   * workspace given decides every line.
   */
  history?: ReplayHistory | undefined;
}

export interface ReplayHistory {
  /** Oldest first. */
  changes: readonly TimedChange[];
  /** Every user the history held: numbered from the start, decided for only while present. */
  users: Iterable<string>;
  /** When the recorded history begins: events before it are counted (linesBeforeHistory). */
  begins: number;
}

/** What simulate --stats counts of an alert (see ReplaySettings.onAlert). */
export type AlertOutcome = Pick<Decision, 'user' | 'alert' | 'email' | 'reason'>;

/**
 * A workspace user, by index: users are numbered in id order, so a sorted list of
 * indices is a list sorted by id, and sets of indices are cheap to build and test.
 */
interface UserRow {
  id: string;
  /** In the workspace at the time (SPEC 10.1): a user absent then is not decided for. */
  present: boolean;
  active: boolean;
  hasEmail: boolean;
  prefs: EffectivePreferences;
  seesAllProjects: boolean;
}

interface ItemState {
  id: string;
  project: string;
  /**
   * The members of the item's project, as one bit per user index (shared by the project's
   * items): a bit test, where a Set's lookup cost the replay about 4% of its time.
   */
  members: Uint32Array;
  followers: Set<number>;
  /** Bumped (from one counter) whenever the followers change. */
  version: number;
  /**
   * For the notified-only replay, by message kind (customer, internal, reply): who would
   * be notified of a message in any conversation of this item by a user who has nothing
   * to do with the conversation (the item's followers, and for customer messages those
   * who take them all), built on first use. Shared by the item's conversations; see
   * itemList() and conversationList(). Fields of the item rather than a list of lists:
   * each message reads one, and a list of lists was one more place in memory to wait for.
   */
  customerList: number[] | null;
  internalList: number[] | null;
  replyList: number[] | null;
  listsVersion: number;
  /**
   * With unchangedFor, by message kind: everyDecisionOf's users as they stand to a
   * conversation of this item they neither follow nor wrote in (see alsoList()), and the
   * version it was made for.
   */
  alsoLists: (number[] | null)[] | null;
  alsoVersion: number;
  /**
   * How much of Replay.customerChanges customerList has taken in: the users a recorded
   * change touched since, none of them the item's followers, have their entries worked
   * out again on next use, not the whole list (see passChanges()).
   */
  customerSeen: number;
}

/**
 * What the replay keeps per conversation. A month of a busy helpdesk has millions of
 * conversations, most of them quiet after a message or two, so this is kept small:
 * nothing is allocated for followers or writers a conversation does not have, and
 * nothing is cached per conversation (about 64 bytes for a quiet one, where Sets and
 * cached lists made it 1 KB).
 */
interface ConversationState {
  item: ItemState | null;
  /** Who follows the conversation itself; null while nobody does. */
  followers: Set<number> | null;
  /**
   * Users who wrote in it: NOBODY_WROTE, one user's index, or (from the second) a list in
   * the order they first wrote. Most conversations have one writer at most.
   */
  participants: number | number[];
  /**
   * Open messages of this conversation with decisions still waiting for the seen check,
   * oldest first, linked through `nextAwaiting`: only the open window, scanned when
   * someone looks. (Linked lists through pooled records: the replay allocates nothing
   * per message once warm.)
   */
  firstAwaiting: OpenMessage | null;
  lastAwaiting: OpenMessage | null;
}

const NOBODY_WROTE = -1;
/** In the pass table: not worked out yet; every check passes; else 1 + the failing check's place in CHECK_ORDER. */
const UNKNOWN = 0;
const PASSES = 255;

function wrote(c: ConversationState, user: number): boolean {
  const p = c.participants;
  return typeof p === 'number' ? p === user : p.includes(user);
}

/** An empty cached list: shared, never written to. */
const NOBODY: number[] = [];

// What a reported decision remembers of the moment of its message, as bits: the user's
// relation to the conversation then (it may change before the window closes), and
// whether every check but "seen" passed.
const MEMBER = 1;
const FOLLOWS_ITEM = 2;
const FOLLOWS_CONVERSATION = 4;
const PARTICIPANT = 8;
const AWAITS_SEEN = 16;
/** Every check but "seen" passed: the decision needs no checks but the window's. */
const PASSED = 32;
const BIT_COUNT = 6;
/** In an open message's bits only (past BIT_COUNT): a decision of an everyDecisionOf user reported as anyone's (unchangedFor()). */
const UNCHANGED = 64;
const BITS = 1 << BIT_COUNT;
/** Past every user in a merge of lists (entries are index * BITS + bits, within 31 bits). */
const NO_USER = 0x7fffffff;
const KIND_INDEX: Record<MessageKind, 0 | 1 | 2> = { customer: 0, internal: 1, reply: 2 };

/**
 * A message with reported decisions, until its window closes. Compact: per decision a
 * user index, the bits above and when it was seen (NaN: not seen); the facts are rebuilt
 * from these when the decision is emitted.
 */
interface OpenMessage {
  closesAt: number;
  message: MessageEvent;
  kind: MessageKind;
  conversation: ConversationState;
  /** The conversation's item at the message (a later message may attach one). */
  item: ItemState | null;
  /** How many decisions; the arrays below are reused and may be longer. */
  count: number;
  users: number[];
  bits: number[];
  seenAt: number[];
  /** The line that saw it, where seenAt is set: of two at one instant, the first in the log (SPEC 9.2). */
  seenLine: number[];
  /** The next open message in log order, and the next of the same conversation awaiting "seen". */
  nextOpen: OpenMessage | null;
  nextAwaiting: OpenMessage | null;
  /** Set when a recorded change applied while the window was open (see freezeOpen()). */
  frozen: Frozen | null;
}

/**
 * What an open message's decisions depended on at its time, kept when a recorded change
 * applies before its window closes: the users' rows then, the pass table's answer then
 * (PASSES, or 1 + the failing check's place), and the item's project then.
 */
interface Frozen {
  rows: UserRow[];
  checks: number[];
  project: string | null;
}

function addDecision(open: OpenMessage, user: number, bits: number): void {
  const n = open.count++;
  open.users[n] = user;
  open.bits[n] = bits;
  open.seenAt[n] = NaN;
}

export class Replay {
  private readonly users: UserRow[] = [];
  private readonly userIndex = new Map<string, number>();
  /** Indices of users who take every customer message. */
  private readonly takesAllCustomerMessages: number[] = [];
  private readonly items = new Map<string, ItemState>();
  /** The item-level lists (see ItemState.customerList) for conversations with no item, in an item of nobody's. */
  private readonly noItem: ItemState;
  /** A project of nobody (an item this workspace does not have). */
  private readonly nobody: Uint32Array;
  private versionCounter = 0;
  /** Facts are filled in here, for the checks and for each emitted decision. */
  private readonly facts = {} as DecisionFacts;
  /** The decision given to onDecision: one object, filled in for each. */
  private readonly decision: Decision = blankDecision();
  private readonly conversations = new Map<string, ConversationState>();
  /** Conversations by the reading thread's number for them (see push()). */
  private readonly byKey: (ConversationState | undefined)[] = [];
  /** Open messages in log order, linked through `nextOpen`. */
  private firstOpen: OpenMessage | null = null;
  /** When firstOpen's window closes (Infinity while none is open): every event compares its time with it. */
  private firstCloses = Infinity;
  private lastOpen: OpenMessage | null = null;
  private readonly pool: OpenMessage[] = [];
  private readonly window: number;
  private readonly notifiedOnly: boolean;
  /** For --all and --user: the users reported for every message. */
  private readonly reported: number[] | null;
  /**
   * --user (and why): "seen" is tracked for every reported decision, not only those that
   * passed every other check, so that an explanation reports that check's own truth.
   */
  private readonly seenForEveryReported: boolean;
  /** For building candidate lists without a Set: stamp[user] === stampValue means listed. */
  private readonly stamp: Uint32Array;
  /** See passes(). */
  private readonly passTable: Uint8Array;
  /** conversationList()'s result, reused for every message. */
  private readonly ownList: number[] = [];
  private stampValue = 0;
  /** everyReported(): whether some reported user passed every check but "seen" (for onCustomerMessage). */
  private reached = false;
  /** everyDecisionOf, by index (sorted), and marked by index; kept out of the notifiable lists. */
  private alsoEvery: number[] = [];
  private isAlso: Uint8Array | null = null;
  private readonly unchangedFor: ReplaySettings['unchangedFor'];
  private readonly onFactsKey: ReplaySettings['onFactsKey'];
  /** unchangedFor()'s answers by user and kind of facts: 0 not asked yet, 1 changed, 2 unchanged. */
  private unchangedTable: Uint8Array | null = null;
  /**
   * With unchangedFor: by kind index * 2 + (1 when no item), everyDecisionOf's users with
   * some kind of facts changed for such messages (alsoReported() goes through these), and
   * whether each user is one (by that slot * users + user index; the others are on the lists).
   */
  private alsoBySlot: number[][] = [];
  private alsoInSlot: Uint8Array | null = null;
  /** alsoReported(): whether one of everyDecisionOf's users, reported as anyone, passed every check but "seen". */
  private reachedAsOther = false;
  private readonly onDecision: ReplaySettings['onDecision'];
  private readonly onCustomerMessage: ReplaySettings['onCustomerMessage'];
  private readonly onAlert: ReplaySettings['onAlert'];
  /** onAlert's outcomes, by user index * 3 + kind index, made on first use. */
  private readonly alertOutcomes: (AlertOutcome | undefined)[] = [];
  /** SPEC 10.1: the workspace of the time (a copy), the changes still to apply, and when the next one applies (Infinity: none). */
  private readonly ws: Workspace | null = null;
  private readonly pending: readonly TimedChange[] = [];
  private nextPending = 0;
  private nextChangeAt = Infinity;
  private readonly begins: number = -Infinity;
  private earlyLines = 0;
  /** The users selected (--user), by index, whether present or not. */
  private readonly selected: number[] | null = null;
  private readonly selectsAll: boolean;
  private memberBits = new Map<string, Uint32Array>();
  /** The users whose rows recorded changes touched while one of them took or takes every customer message, in order (see ItemState.customerSeen). */
  private readonly customerChanges: number[] = [];

  /** Made by a question (src/engine/questions.ts), which chooses the settings. */
  constructor(workspace: Workspace, options: ReplaySettings) {
    this.window = options.window;
    this.notifiedOnly = options.selection.kind === 'notified';
    this.onDecision = options.onDecision;
    this.onCustomerMessage = options.onCustomerMessage;
    this.onAlert = this.notifiedOnly ? options.onAlert : undefined;
    const history = options.history;
    const ids = new Set(workspace.users.keys());
    if (history !== undefined) {
      for (const id of history.users) ids.add(id);
      this.begins = history.begins;
      if (history.changes.length > 0) {
        this.ws = cloneWorkspace(workspace);
        this.pending = history.changes;
        this.nextChangeAt = history.changes[0]!.at;
      }
    }
    for (const id of sortedIds(ids)) {
      const index = this.users.length;
      this.users.push(rowOf(workspace, id));
      this.userIndex.set(id, index);
    }
    this.listTakersOfAll();
    this.stamp = new Uint32Array(this.users.length);
    this.passTable = new Uint8Array(this.users.length * 3 * 2 * 16);
    const selection = options.selection;
    this.seenForEveryReported = selection.kind === 'users' || options.seenForEveryDecision === true;
    if (options.everyDecisionOf !== undefined && selection.kind === 'notified') {
      this.alsoEvery = this.presentOf(this.indicesOf(options.everyDecisionOf).sort((a, b) => a - b));
      this.isAlso = new Uint8Array(this.users.length);
      for (const index of this.alsoEvery) this.isAlso[index] = 1;
      if (options.unchangedFor !== undefined && this.pending.length === 0) {
        this.unchangedFor = options.unchangedFor;
        this.onFactsKey = options.onFactsKey;
        this.unchangedTable = new Uint8Array(this.users.length * 3 * 2 * 16 * 2);
      }
    }
    this.selectsAll = selection.kind === 'all';
    if (selection.kind === 'users') this.selected = this.indicesOf(selection.users).sort((a, b) => a - b);
    this.reported = selection.kind === 'notified' ? null : this.presentOf(this.selected ?? this.users.map((_, i) => i));
    this.nobody = this.bitmapOf([]);
    this.noItem = newItem('', '', this.nobody, new Set());
    if (this.unchangedTable !== null) this.sortUnchanged();
    const members = this.memberBits;
    for (const p of workspace.projects.values()) members.set(p.id, this.bitmapOf(this.indicesOf(p.members)));
    for (const i of workspace.items.values()) {
      this.items.set(i.id, newItem(i.id, i.project, members.get(i.project) ?? this.nobody, new Set(this.indicesOf(i.followers))));
    }
    for (const c of workspace.conversations.values()) {
      const followers = this.indicesOf(c.followers);
      this.conversations.set(c.id, newConversation(c.item === undefined ? null : this.items.get(c.item)!, followers.length === 0 ? null : new Set(followers)));
    }
    // A conversation a recorded change names is in the map from the start, so that the
    // reading thread's numbered conversations (push()) and the changes share one state.
    for (const change of this.pending) for (const r of change.rows) if (r.entity === 'conversation' || r.entity === 'conversation_follower') this.conversationById(r.target!);
  }

  /**
   * alsoBySlot and alsoInSlot: unchangedFor() asked for every kind of facts of each of
   * everyDecisionOf's users and each kind of message (with an item or without), a
   * stand-in message written by the user or by a customer.
   */
  private sortUnchanged(): void {
    const n = this.users.length;
    const inSlot = (this.alsoInSlot = new Uint8Array(6 * n));
    this.alsoBySlot = Array.from({ length: 6 }, () => []);
    const f = this.facts;
    const kinds: MessageKind[] = ['customer', 'internal', 'reply'];
    for (const index of this.alsoEvery) {
      const user = this.users[index]!;
      const byUser: MessageEvent = { type: 'message', id: '', at: 0, conversation: '', author: user.id, authorKind: 'user', audience: 'customers', item: null, line: 0 };
      const byCustomer: MessageEvent = { ...byUser, author: '', authorKind: 'customer' };
      for (let slot = 0; slot < 6; slot++) {
        let changed = false;
        // A stand-in open message of this kind, with an item (any: only whether there is one counts) or without.
        const open = { message: byCustomer, kind: kinds[slot >> 1]!, item: (slot & 1) === 0 ? this.noItem : null } as OpenMessage;
        for (let bits = 0; bits < 32 && !changed; bits++) {
          this.fill(open, index, bits & 15, NaN, 0);
          f.message = (bits & 16) !== 0 ? byUser : byCustomer;
          if (!this.unchangedFor!(f, index)) changed = true;
        }
        if (changed) {
          inSlot[slot * n + index] = 1;
          this.alsoBySlot[slot]!.push(index);
        }
      }
    }
  }

  /** Those of these users who are in the workspace at the time. */
  private presentOf(indices: readonly number[]): number[] {
    return indices.filter((i) => this.users[i]!.present);
  }

  private listTakersOfAll(): void {
    const takers = this.takesAllCustomerMessages;
    takers.length = 0;
    this.users.forEach((u, index) => {
      if (isTaker(u)) takers.push(index);
    });
  }

  /** Events earlier than the recorded history's first change (ReplayHistory.begins). */
  get linesBeforeHistory(): number {
    return this.earlyLines;
  }

  /**
   * Applies every recorded change due at `at` (SPEC 10.1), between two events: the
   * workspace copy takes them (applyChanges), follower rows act as follow and unfollow
   * lines, and what the replay derived from the workspace is rebuilt where they touched
   * it: the users' rows (and their pass-table entries), who takes every customer
   * message, the reported users, the projects' member bits and the items' projects. The
   * open messages keep what their decisions used (freezeOpen()).
   */
  private passChanges(at: number): void {
    this.freezeOpen();
    const ws = this.ws!;
    const touched = new Set<string>();
    let everyone = false;
    let projects = false;
    while (this.nextPending < this.pending.length && this.pending[this.nextPending]!.at <= at) {
      const rows = this.pending[this.nextPending++]!.rows;
      applyChanges(ws, rows);
      for (const r of rows) {
        switch (r.entity) {
          case 'default':
          case 'role_default':
            everyone = true;
            break;
          case 'user':
            if (r.key === null) projects = true;
            touched.add(r.user!);
            break;
          case 'preference':
            touched.add(r.user!);
            break;
          case 'member':
          case 'project':
          case 'item':
            projects = true;
            break;
          case 'item_follower':
          case 'conversation_follower': {
            const user = this.userIndex.get(r.user!);
            if (user === undefined) break;
            const followers = r.entity === 'item_follower' ? this.item(r.target!).followers : (this.conversationById(r.target!).followers ??= new Set());
            if (valueLeft(r) === ADDED) followers.add(user);
            else followers.delete(user);
            if (r.entity === 'item_follower') this.item(r.target!).version = ++this.versionCounter;
            break;
          }
          case 'conversation': {
            const item = ws.conversations.get(r.target!)?.item;
            if (item !== undefined) this.conversationById(r.target!).item = this.item(item);
            break;
          }
        }
      }
    }
    this.nextChangeAt = this.nextPending < this.pending.length ? this.pending[this.nextPending]!.at : Infinity;
    const rowsChanged = everyone || touched.size > 0;
    /** The users whose rows changed, and whether one of them took, or takes, every customer message. */
    const changed: number[] = [];
    let takers = false;
    if (rowsChanged) {
      const width = 3 * 2 * 16;
      for (const id of everyone ? this.userIndex.keys() : touched) {
        const index = this.userIndex.get(id);
        if (index === undefined) continue;
        const row = rowOf(ws, id);
        if (isTaker(this.users[index]!) || isTaker(row)) takers = true;
        changed.push(index);
        this.users[index] = row;
        this.passTable.fill(UNKNOWN, index * width, (index + 1) * width);
        for (let k = 0; k < 3; k++) this.alertOutcomes[index * 3 + k] = undefined;
      }
      this.listTakersOfAll();
      if (this.reported !== null) {
        const reported = this.presentOf(this.selected ?? this.users.map((_, i) => i));
        (this.reported as number[]).splice(0, this.reported.length, ...reported);
      }
      if (this.alsoEvery.length > 0) this.alsoEvery = this.alsoEvery.filter((i) => this.users[i]!.present);
    }
    if (projects) {
      this.memberBits = new Map();
      for (const p of ws.projects.values()) this.memberBits.set(p.id, this.bitmapOf(this.indicesOf(p.members)));
      for (const item of this.items.values()) {
        item.project = ws.items.get(item.id)?.project ?? '';
        item.members = this.memberBits.get(item.project) ?? this.nobody;
      }
    }
    if (everyone || projects || changed.length > FEW_USERS) {
      // The items' cached lists hold users' answers: made again on next use.
      for (const item of this.items.values()) item.version = ++this.versionCounter;
      this.noItem.version = ++this.versionCounter;
    } else if (changed.length > 0) {
      // Only a few users changed: an item's lists name its followers and, for customer
      // messages, those who take them all, so only those lists are made again.
      for (const item of this.items.values()) {
        if (changed.some((index) => item.followers.has(index))) item.version = ++this.versionCounter;
      }
      // Those who take every customer message are on every item's customer list: those
      // lists take in these users' entries on next use (patchCustomerList()).
      if (takers) this.customerChanges.push(...changed);
    }
  }

  /**
   * Open messages keep what their decisions used at their time (see Frozen): a change
   * applying before their windows close must not change them.
   */
  private freezeOpen(): void {
    for (let open = this.firstOpen; open !== null; open = open.nextOpen) {
      if (open.frozen !== null) continue;
      const rows: UserRow[] = [];
      const checks: number[] = [];
      const kindIndex = KIND_INDEX[open.kind];
      for (let j = 0; j < open.count; j++) {
        const index = open.users[j]!;
        const bits = open.bits[j]!;
        rows.push(this.users[index]!);
        checks.push((bits & PASSED) !== 0 ? PASSES : this.checked(open, kindIndex, index, bits));
      }
      open.frozen = { rows, checks, project: open.item === null ? null : open.item.project };
    }
  }

  /** A conversation by id, kept in the map (a recorded change names it). */
  private conversationById(id: string): ConversationState {
    let c = this.conversations.get(id);
    if (c === undefined) {
      c = newConversation(null, null);
      this.conversations.set(id, c);
    }
    return c;
  }

  /** These user indices as one bit each (see ItemState.members). */
  private bitmapOf(indices: readonly number[]): Uint32Array {
    const bits = new Uint32Array((this.users.length + 31) >>> 5);
    for (const index of indices) bits[index >>> 5]! |= 1 << (index & 31);
    return bits;
  }

  private indicesOf(ids: Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const index = this.userIndex.get(id);
      if (index !== undefined) out.push(index);
    }
    return out;
  }

  /**
   * The next event of the log. An event read in a thread carries the number the reading
   * thread gave its conversation (LogEvent's `conversationKey`, src/io/event-batch.ts):
   * with it, conversations are found by index in an array instead of by id in a map:
   * faster, and about 30 bytes less per conversation. A log's events all carry it or none.
   */
  push(event: LogEvent): void {
    if (this.firstCloses < event.at) this.closeWindowsBefore(event.at);
    if (event.at >= this.nextChangeAt) this.passChanges(event.at);
    else if (event.at < this.begins) this.earlyLines++;
    switch (event.type) {
      case 'message':
        this.onMessage(event, this.conversation(event.conversation, event.conversationKey));
        break;
      case 'view': {
        // Only a conversation with decisions waiting can be changed by a view.
        const key = event.conversationKey;
        const c = (key === undefined ? undefined : this.byKey[key]) ?? this.conversations.get(event.conversation);
        if (c === undefined || c.firstAwaiting === null) break;
        // The user is looked up only then: most views find nothing waiting.
        const user = this.userIndex.get(event.user);
        if (user !== undefined) this.markSeen(c, user, event.at, event.line);
        break;
      }
      case 'follow':
      case 'unfollow': {
        // A user this workspace does not have (plan compares two workspaces over one log).
        const user = this.userIndex.get(event.user);
        if (user === undefined) break;
        const follows = event.type === 'follow';
        if (event.item !== null) {
          const item = this.item(event.item);
          if (follows) item.followers.add(user);
          else item.followers.delete(user);
          item.version = ++this.versionCounter;
        } else {
          const c = this.conversation(event.conversation!, event.conversationKey);
          if (follows) (c.followers ??= new Set()).add(user);
          else c.followers?.delete(user);
        }
        break;
      }
    }
  }

  /** The log has ended: every open window is settled. */
  end(): void {
    this.closeWindowsBefore(Infinity);
  }

  /** An item by id; one this workspace does not have (plan's other side) is a project of nobody. */
  private item(id: string): ItemState {
    let item = this.items.get(id);
    if (item === undefined) {
      // An item the workspace of the time has (added by a recorded change) is in its project.
      const project = this.ws?.items.get(id)?.project ?? '';
      item = newItem(id, project, this.memberBits.get(project) ?? this.nobody, new Set());
      this.items.set(id, item);
    }
    return item;
  }

  private conversation(id: string, key: number | undefined): ConversationState {
    if (key !== undefined) {
      const byKey = this.byKey;
      let c = byKey[key];
      if (c === undefined) {
        // The workspace's own conversations are in the map; the others are only here.
        c = this.conversations.get(id) ?? newConversation(null, null);
        while (byKey.length < key) byKey.push(undefined);
        byKey[key] = c;
      }
      return c;
    }
    let c = this.conversations.get(id);
    if (c === undefined) {
      c = newConversation(null, null);
      this.conversations.set(id, c);
    }
    return c;
  }

  private onMessage(m: MessageEvent, c: ConversationState): void {
    if (m.item !== null) {
      if (c.item === null) {
        c.item = this.item(m.item);
      } else if (c.item.id !== m.item) {
        throw new LogLineError(
          m.line,
          `message ${JSON.stringify(m.id)} names item ${JSON.stringify(m.item)}, but conversation ${JSON.stringify(m.conversation)} belongs to item ${JSON.stringify(c.item.id)}`,
        );
      }
    }
    const author = m.authorKind === 'user' ? (this.userIndex.get(m.author) ?? -1) : -1;
    // Writing in a conversation means having seen what came before.
    if (author !== -1) this.markSeen(c, author, m.at, m.line);

    const kind = messageKind(m);
    const open = this.openMessage(m, kind, c, c.item);
    let awaits = this.reported === null ? this.notifiable(c, open, author) : this.everyReported(this.reported, this.seenForEveryReported, c, open, author);
    let reachable = this.reported === null ? open.count > 0 : this.reached;
    let reachedByThem = false;
    if (this.alsoEvery.length > 0) {
      if (this.unchangedTable === null ? this.everyReported(this.alsoEvery, true, c, open, author) : this.alsoReported(c, open, author)) awaits = true;
      reachedByThem = this.reached;
      if (this.reachedAsOther) reachable = true;
    }
    if (kind === 'customer' && this.onCustomerMessage !== undefined) this.onCustomerMessage(m, reachable, open.item === null ? null : open.item.project, reachedByThem, open.item === null ? null : open.item.id);
    if (awaits) {
      this.dropExpired(c, m.at);
      if (c.lastAwaiting === null) c.firstAwaiting = open;
      else c.lastAwaiting.nextAwaiting = open;
      c.lastAwaiting = open;
    }
    if (author !== -1 && !wrote(c, author)) {
      const p = c.participants;
      if (typeof p !== 'number') p.push(author);
      else c.participants = p === NOBODY_WROTE ? author : [p, author];
    }
    this.queue(open);
  }

  /** An open message with decisions waits for its window to close; one without goes back to the pool. */
  private queue(open: OpenMessage): void {
    if (open.count > 0) {
      if (this.lastOpen === null) {
        this.firstOpen = open;
        this.firstCloses = open.closesAt;
      } else {
        this.lastOpen.nextOpen = open;
      }
      this.lastOpen = open;
    } else {
      this.pool.push(open);
    }
  }

  /** --all and --user: every reported user's decision, suppressed or not. Returns whether any awaits the seen check. */
  private everyReported(reported: readonly number[], seenForEvery: boolean, c: ConversationState, open: OpenMessage, author: number): boolean {
    const item = open.item;
    const kindIndex = KIND_INDEX[open.kind];
    let awaits = false;
    this.reached = false;
    for (let i = 0; i < reported.length; i++) {
      const index = reported[i]!;
      let bits = this.relation(c, item, index);
      // Every check but "seen" (passes() leaves out "not the author").
      const passes = index !== author && this.passes(open, kindIndex, index, bits);
      if (passes) {
        this.reached = true;
        bits |= PASSED;
      }
      if (seenForEvery || passes) {
        // Every check but "seen" has passed (or every check is to be explained): the window decides.
        bits |= AWAITS_SEEN;
        awaits = true;
      }
      addDecision(open, index, bits);
    }
    return awaits;
  }

  /**
   * everyReported() for everyDecisionOf's users when the consumer says which decisions
   * are the same to it as anyone's (ReplaySettings.unchangedFor): those are added as the
   * notified-only lists add anyone (only when every check but "seen" passes), the others
   * as everyReported() adds them. Returns whether any awaits the seen check.
   */
  private alsoReported(c: ConversationState, open: OpenMessage, author: number): boolean {
    const item = open.item;
    const kindIndex = KIND_INDEX[open.kind];
    const slot = kindIndex * 2 + (item === null ? 1 : 0);
    const inSlot = this.alsoInSlot!;
    const n = this.users.length;
    let awaits = false;
    this.reached = false;
    this.reachedAsOther = false;
    // Those who follow the conversation or wrote in it, and the author, one by one (sorted);
    // everyone else as the item's list has them.
    const own = this.ownList;
    own.length = 0;
    const mark = ++this.stampValue;
    const stamp = this.stamp;
    const consider = (index: number) => {
      if (stamp[index] === mark || inSlot[slot * n + index] !== 1) return;
      stamp[index] = mark;
      own.push(index);
    };
    if (c.followers !== null) for (const index of c.followers) consider(index);
    const p = c.participants;
    if (typeof p !== 'number') for (let i = 0; i < p.length; i++) consider(p[i]!);
    else if (p !== NOBODY_WROTE) consider(p);
    if (author !== -1) consider(author);
    if (own.length > 1) sortFew(own);
    const shared = this.alsoList(item, open, kindIndex);
    let i = 0;
    let j = 0;
    while (i < own.length || j < shared.length) {
      const a = i < own.length ? own[i]! : NO_USER;
      const b = j < shared.length ? shared[j]! >> (BIT_COUNT + 2) : NO_USER;
      if (b < a) {
        const entry = shared[j++]!;
        if (stamp[b] === mark) continue;
        const bits = (entry >> 2) & (BITS - 1);
        if ((entry & 2) !== 0) {
          // Unchanged, and every check but "seen" passes (the list has no other unchanged).
          this.reachedAsOther = true;
          addDecision(open, b, bits | AWAITS_SEEN | PASSED | UNCHANGED);
        } else {
          if ((entry & 1) !== 0) this.reached = true;
          addDecision(open, b, (entry & 1) !== 0 ? bits | AWAITS_SEEN | PASSED : bits | AWAITS_SEEN);
        }
        awaits = true;
        continue;
      }
      i++;
      if (a === b) j++;
      if (this.alsoOne(c, open, kindIndex, a, author)) awaits = true;
    }
    return awaits;
  }

  /** One of everyDecisionOf's users for alsoReported(), as they stand to the conversation. Returns whether the decision awaits the seen check. */
  private alsoOne(c: ConversationState, open: OpenMessage, kindIndex: 0 | 1 | 2, index: number, author: number): boolean {
    let bits = this.relation(c, open.item, index);
    const unchanged = this.unchanged(open, kindIndex, index, bits, index === author);
    const passes = index !== author && this.passes(open, kindIndex, index, bits);
    if (unchanged) {
      if (!passes) return false;
      this.reachedAsOther = true;
      addDecision(open, index, bits | AWAITS_SEEN | PASSED | UNCHANGED);
      return true;
    }
    if (passes) {
      this.reached = true;
      bits |= PASSED;
    }
    addDecision(open, index, bits | AWAITS_SEEN);
    return true;
  }

  /** unchangedFor()'s answer for this user and kind of facts, asked once. */
  private unchanged(open: OpenMessage, kindIndex: 0 | 1 | 2, index: number, bits: number, author: boolean): boolean {
    const table = this.unchangedTable!;
    const key = index * 192 + factsKey(kindIndex, open.item === null, bits, author, false) / 2;
    let known = table[key]!;
    if (known === 0) {
      this.fill(open, index, bits, NaN, 0);
      // A stand-in message when the real one is not by this user and it is asked as the author, or the other way round.
      const m = this.facts.message;
      if (author !== (m.authorKind === 'user' && m.author === this.users[index]!.id)) {
        this.facts.message = author ? { ...m, author: this.users[index]!.id, authorKind: 'user' } : { ...m, author: '', authorKind: 'customer' };
      }
      known = table[key] = this.unchangedFor!(this.facts, index) ? 2 : 1;
    }
    return known === 2;
  }

  /**
   * The item's list for alsoReported() (ItemState.alsoLists): everyDecisionOf's users with
   * some changed facts for such messages, as they stand to a conversation of the item
   * they neither follow nor wrote in, by a message they did not write; each entry the
   * user's index and relation bits, then 2 when unchanged and 1 when every check but
   * "seen" passes. An unchanged user who does not pass is left out: nothing is reported.
   */
  private alsoList(item: ItemState | null, open: OpenMessage, kindIndex: 0 | 1 | 2): readonly number[] {
    const lists = item ?? this.noItem;
    if (lists.alsoVersion !== lists.version || lists.alsoLists === null) {
      lists.alsoLists = [null, null, null];
      lists.alsoVersion = lists.version;
    }
    let list = lists.alsoLists[kindIndex]!;
    if (list !== null) return list;
    list = [];
    for (const index of this.alsoBySlot[kindIndex * 2 + (item === null ? 1 : 0)]!) {
      const bits = this.itemRelation(item, index);
      const unchanged = this.unchanged(open, kindIndex, index, bits, false);
      const passes = this.passes(open, kindIndex, index, bits);
      if (unchanged && !passes) continue;
      list.push((index * BITS + bits) * 4 + (unchanged ? 2 : 0) + (passes ? 1 : 0));
    }
    lists.alsoLists[kindIndex] = list;
    return list;
  }

  /**
   * Notified only: the users the two lists name, but the author. The conversation's
   * list and its item's are both sorted by user; they are merged, and where both name a
   * user the conversation's entry (with more relations) wins.
   */
  private notifiable(c: ConversationState, open: OpenMessage, author: number): boolean {
    const kindIndex = KIND_INDEX[open.kind];
    const own = this.conversationList(c, open, kindIndex);
    const shared = this.itemList(c.item, open, kindIndex);
    const also = this.isAlso;
    // Integer shifts and masks, not division: this loop runs for every decision.
    let i = 0;
    let j = 0;
    while (i < own.length || j < shared.length) {
      const a = i < own.length ? own[i]! >> BIT_COUNT : NO_USER;
      const b = j < shared.length ? shared[j]! >> BIT_COUNT : NO_USER;
      let entry: number;
      if (a <= b) {
        entry = own[i++]!;
        if (a === b) j++;
      } else {
        entry = shared[j++]!;
      }
      const index = entry >> BIT_COUNT;
      // One of everyDecisionOf's users on the lists: unchanged for such messages (sortUnchanged()).
      if (index !== author) addDecision(open, index, also !== null && also[index] === 1 ? (entry & (BITS - 1)) | UNCHANGED : entry & (BITS - 1));
    }
    return open.count > 0;
  }

  /** How a user stands to a conversation and its item now, as bits. */
  private relation(c: ConversationState, item: ItemState | null, index: number): number {
    let bits = this.itemRelation(item, index);
    if (c.followers !== null && c.followers.has(index)) bits |= FOLLOWS_CONVERSATION;
    if (wrote(c, index)) bits |= PARTICIPANT;
    return bits;
  }

  /**
   * An OpenMessage record, reused from the pool of closed ones when there is one: a
   * replay opens one per message, and allocating them made the garbage collector the
   * biggest single cost of a long replay.
   */
  private openMessage(m: MessageEvent, kind: MessageKind, c: ConversationState, item: ItemState | null): OpenMessage {
    const open = this.pool.pop();
    if (open === undefined) return { closesAt: m.at + this.window, message: m, kind, conversation: c, item, count: 0, users: [], bits: [], seenAt: [], seenLine: [], nextOpen: null, nextAwaiting: null, frozen: null };
    open.closesAt = m.at + this.window;
    open.message = m;
    open.kind = kind;
    open.conversation = c;
    open.item = item;
    open.count = 0;
    open.nextOpen = null;
    open.nextAwaiting = null;
    open.frozen = null;
    return open;
  }

  private itemRelation(item: ItemState | null, index: number): number {
    let bits = 0;
    if (item !== null) {
      if (((item.members[index >>> 5]! >>> (index & 31)) & 1) !== 0) bits |= MEMBER;
      if (item.followers.has(index)) bits |= FOLLOWS_ITEM;
    }
    return bits;
  }

  /** Fills this.facts for one user and an open message. */
  private fill(open: OpenMessage, index: number, bits: number, seenAt: number, seenLine: number): void {
    const f = this.facts;
    const user = this.users[index]!;
    f.message = open.message;
    f.kind = open.kind;
    f.item = open.item === null ? null : open.item.id;
    f.project = open.item === null ? null : open.item.project;
    f.user = user.id;
    f.active = user.active;
    f.hasEmail = user.hasEmail;
    f.prefs = user.prefs;
    f.member = (bits & MEMBER) !== 0;
    f.followsItem = (bits & FOLLOWS_ITEM) !== 0;
    f.followsConversation = (bits & FOLLOWS_CONVERSATION) !== 0;
    f.participant = (bits & PARTICIPANT) !== 0;
    f.seenAt = Number.isNaN(seenAt) ? null : seenAt;
    f.seenLine = Number.isNaN(seenAt) ? null : seenLine;
    f.window = this.window;
  }

  /**
   * Of the users who follow the conversation or wrote in it (a few at most), who would be
   * notified of a message here by someone else, sorted by user (in a list reused for
   * every message). Everyone else who would be is on the item's cached list, which these
   * entries take precedence over: the checks only ever pass more often with more
   * relations. Not cached per conversation: a month of a busy helpdesk has millions of
   * conversations, and what these few users' checks give is cached per user instead
   * (see passes()).
   */
  private conversationList(c: ConversationState, open: OpenMessage, kindIndex: 0 | 1 | 2): readonly number[] {
    const own = this.ownList;
    own.length = 0;
    if (c.followers === null && c.participants === NOBODY_WROTE) return own;
    this.stampValue++;
    if (c.followers !== null) for (const index of c.followers) this.consider(c, open, kindIndex, index, own);
    const p = c.participants;
    if (typeof p !== 'number') for (let i = 0; i < p.length; i++) this.consider(c, open, kindIndex, p[i]!, own);
    else if (p !== NOBODY_WROTE) this.consider(c, open, kindIndex, p, own);
    if (own.length > 1) sortFew(own);
    return own;
  }

  /**
   * The item's cached list for this kind of message (see ItemState.customerList): its
   * followers and, for customer messages, those who take them all, as they stand to a
   * conversation they neither follow nor wrote in.
   */
  private itemList(item: ItemState | null, open: OpenMessage, kindIndex: 0 | 1 | 2): readonly number[] {
    const lists = item ?? this.noItem;
    if (lists.listsVersion !== lists.version) {
      lists.customerList = lists.internalList = lists.replyList = null;
      lists.listsVersion = lists.version;
    }
    const cached = kindIndex === 0 ? lists.customerList : kindIndex === 1 ? lists.internalList : lists.replyList;
    if (cached !== null) return kindIndex === 0 && lists.customerSeen < this.customerChanges.length ? this.patchCustomerList(lists, open) : cached;
    let list: number[] = [];
    this.stampValue++;
    item?.followers.forEach((index) => this.consider(null, open, kindIndex, index, list));
    if (kindIndex === 0) this.takesAllCustomerMessages.forEach((index) => this.consider(null, open, kindIndex, index, list));
    list.sort((a, b) => a - b);
    if (list.length === 0) list = NOBODY;
    if (kindIndex === 0) {
      lists.customerList = list;
      lists.customerSeen = this.customerChanges.length;
    }
    else if (kindIndex === 1) lists.internalList = list;
    else lists.replyList = list;
    return list;
  }

  /**
   * The item's customer list with the entries of the users a recorded change touched
   * (none of them the item's followers) worked out again: each is on it only as one who
   * takes every customer message, and everyone else's entry is as it was.
   */
  private patchCustomerList(lists: ItemState, open: OpenMessage): readonly number[] {
    const changes = this.customerChanges;
    const stamp = this.stamp;
    const mark = ++this.stampValue;
    for (let k = lists.customerSeen; k < changes.length; k++) stamp[changes[k]!] = mark;
    // In place (a list is the item's own, but NOBODY).
    let list = lists.customerList === NOBODY ? [] : lists.customerList!;
    let kept = 0;
    for (let k = 0; k < list.length; k++) if (stamp[list[k]! >> BIT_COUNT] !== mark) list[kept++] = list[k]!;
    list.length = kept;
    this.stampValue++;
    for (let k = lists.customerSeen; k < changes.length; k++) {
      const index = changes[k]!;
      if (isTaker(this.users[index]!)) this.consider(null, open, 0, index, list);
    }
    // Sorted but for the few entries added at the end.
    sortFew(list);
    if (list.length === 0) list = NOBODY;
    lists.customerList = list;
    lists.customerSeen = changes.length;
    return list;
  }

  /**
   * Adds the user to the list being built if they would be notified of a message like
   * `open` by someone else: every check but "not the author", which depends on the
   * message, and "seen", which depends on what comes after it. `c` null: as the user
   * stands to a conversation they neither follow nor wrote in.
   */
  private consider(c: ConversationState | null, open: OpenMessage, kindIndex: 0 | 1 | 2, index: number, into: number[]): void {
    if (this.stamp[index] === this.stampValue) return;
    this.stamp[index] = this.stampValue;
    // Those whose every decision is reported are added to each message apart.
    if (this.isAlso !== null && this.isAlso[index] === 1 && (this.alsoInSlot === null || this.alsoInSlot[(kindIndex * 2 + (open.item === null ? 1 : 0)) * this.users.length + index] === 1)) return;
    const bits = c === null ? this.itemRelation(open.item, index) : this.relation(c, open.item, index);
    if (this.passes(open, kindIndex, index, bits)) into.push(index * BITS + (bits | AWAITS_SEEN | PASSED));
  }

  /**
   * Whether every check but "not the author" and "seen" passes for this user and a
   * message like `open`. That depends only on the user, the kind of message, whether the
   * conversation has an item and the user's relation to it (the bits), so each answer is
   * worked out once and kept, a byte each, in a table of users × kinds × 2 × 16.
   */
  private passes(open: OpenMessage, kindIndex: 0 | 1 | 2, index: number, bits: number): boolean {
    return this.checked(open, kindIndex, index, bits) === PASSES;
  }

  /** The table entry behind passes(): PASSES, or 1 + the place of the first check that fails. */
  private checked(open: OpenMessage, kindIndex: 0 | 1 | 2, index: number, bits: number): number {
    const key = ((index * 3 + kindIndex) * 2 + (open.item === null ? 1 : 0)) * 16 + (bits & 15);
    let known = this.passTable[key]!;
    if (known === UNKNOWN) {
      this.fill(open, index, bits, NaN, 0);
      // A user not in the workspace at the time (SPEC 10.1) is decided for by nothing.
      const failing = this.users[index]!.present ? firstFailingCheck(this.facts, 'not_author') : ACTIVE_CHECK;
      known = failing === null ? PASSES : 1 + CHECK_ORDER.indexOf(failing);
      this.passTable[key] = known;
    }
    return known;
  }

  /**
   * The first check that fails for a decision of an open message whose window has
   * closed, from the pass table: only "not the author" and "seen" are left to look at.
   */
  private failingCheck(open: OpenMessage, index: number, bits: number, seenAt: number): CheckSpec | null {
    if ((bits & PASSED) !== 0) return Number.isNaN(seenAt) ? null : NOT_SEEN_CHECK;
    return this.failingFrom(open, index, bits, seenAt, this.checked(open, KIND_INDEX[open.kind], index, bits));
  }

  /** failingCheck() with the pass table's answer (`known`) given. */
  private failingFrom(open: OpenMessage, index: number, bits: number, seenAt: number, known: number): CheckSpec | null {
    const seen = Number.isNaN(seenAt) ? null : NOT_SEEN_CHECK;
    if ((bits & PASSED) !== 0) return seen;
    const failing = known === PASSES ? null : CHECK_ORDER[known - 1]!;
    if (failing === ACTIVE_CHECK) return failing;
    const m = open.message;
    if (m.authorKind === 'user' && m.author === this.users[index]!.id) return NOT_AUTHOR_CHECK;
    return failing ?? seen;
  }

  /** Forgets open messages whose window closed before `at`; no later line can see them. */
  private dropExpired(c: ConversationState, at: number): void {
    let first = c.firstAwaiting;
    while (first !== null && first.closesAt < at) first = first.nextAwaiting;
    c.firstAwaiting = first;
    if (first === null) c.lastAwaiting = null;
  }

  /** A view, or a message by the user: every waiting decision of theirs still in its window is seen. */
  private markSeen(c: ConversationState, user: number, at: number, line: number): void {
    if (c.firstAwaiting === null) return;
    this.dropExpired(c, at);
    for (let open: OpenMessage | null = c.firstAwaiting; open !== null; open = open.nextAwaiting) {
      const users = open.users;
      for (let j = 0; j < open.count; j++) {
        if (users[j] === user && (open.bits[j]! & AWAITS_SEEN) !== 0 && Number.isNaN(open.seenAt[j])) {
          open.seenAt[j] = at;
          open.seenLine[j] = line;
        }
      }
    }
  }

  /** The outcome of an alert of this user about a message of this kind (see ReplaySettings.onAlert). */
  private alertOutcome(open: OpenMessage, index: number, bits: number): AlertOutcome {
    const key = index * 3 + KIND_INDEX[open.kind];
    let outcome = this.alertOutcomes[key];
    if (outcome === undefined) {
      this.fill(open, index, bits, NaN, 0);
      const { user, alert, email, reason } = decideInto(this.facts, blankDecision(), null);
      outcome = { user, alert, email, reason };
      this.alertOutcomes[key] = outcome;
    }
    return outcome;
  }

  /** Emits the decisions of a message a recorded change came inside the window of, with what they used at its time. */
  private closeFrozen(open: OpenMessage, frozen: Frozen): void {
    const f = this.facts;
    for (let j = 0; j < open.count; j++) {
      const index = open.users[j]!;
      const bits = open.bits[j]!;
      const seenAt = open.seenAt[j]!;
      const row = frozen.rows[j]!;
      const failing = this.failingFrom(open, index, bits, seenAt, frozen.checks[j]!);
      this.fill(open, index, bits, seenAt, open.seenLine[j]!);
      f.active = row.active;
      f.hasEmail = row.hasEmail;
      f.prefs = row.prefs;
      f.project = frozen.project;
      const decision = decideInto(f, this.decision, failing);
      const also = this.isAlso !== null && this.isAlso[index] === 1 && (bits & UNCHANGED) === 0;
      if (this.onAlert !== undefined && (bits & PASSED) !== 0 && !also) {
        if (decision.alert) this.onAlert({ user: decision.user, alert: decision.alert, email: decision.email, reason: decision.reason }, index, open.message);
        continue;
      }
      if (this.notifiedOnly && !decision.alert && !also) continue;
      this.onDecision(decision, f, index);
    }
  }

  /** Emits every open message whose window closes before `at`: no later line can change it. */
  private closeWindowsBefore(at: number): void {
    while (this.firstOpen !== null && this.firstOpen.closesAt < at) {
      const open = this.firstOpen;
      this.firstOpen = open.nextOpen;
      if (this.firstOpen === null) this.lastOpen = null;
      this.firstCloses = this.firstOpen === null ? Infinity : this.firstOpen.closesAt;
      // Let go of what a quiet conversation still holds for this closed window.
      this.dropExpired(open.conversation, open.closesAt + 1);
      if (open.frozen !== null) {
        this.closeFrozen(open, open.frozen);
        this.pool.push(open);
        continue;
      }
      const onAlert = this.onAlert;
      const onFactsKey = this.onFactsKey;
      /** The author's index, for factsKey() (looked up when first needed; -2: not yet). */
      let author = -2;
      for (let j = 0; j < open.count; j++) {
        const index = open.users[j]!;
        const bits = open.bits[j]!;
        const seenAt = open.seenAt[j]!;
        const also = this.isAlso !== null && this.isAlso[index] === 1 && (bits & UNCHANGED) === 0;
        if (also && onFactsKey !== undefined) {
          if (author === -2) author = open.message.authorKind === 'user' ? (this.userIndex.get(open.message.author) ?? -1) : -1;
          if (onFactsKey(open.message, index, factsKey(KIND_INDEX[open.kind], open.item === null, bits, index === author, !Number.isNaN(seenAt)))) continue;
        }
        if (onAlert !== undefined && (bits & PASSED) !== 0 && !also) {
          // Every check but "seen" passed: an alert unless seen, and a notified-only
          // replay reports nothing else (as the filter below does).
          if (Number.isNaN(seenAt)) onAlert(this.alertOutcome(open, index, bits), index, open.message);
          continue;
        }
        const failing = this.failingCheck(open, index, bits, seenAt);
        this.fill(open, index, bits, seenAt, open.seenLine[j]!);
        const decision = decideInto(this.facts, this.decision, failing);
        if (this.notifiedOnly && !decision.alert && !also) continue;
        this.onDecision(decision, this.facts, index);
      }
      // Closed and no longer awaited: the record can serve another message.
      this.pool.push(open);
    }
  }
}

/**
 * A decision's kind of facts as a number below 384 (ReplaySettings.onFactsKey): the kind
 * of message (customer 0, internal 1, reply 2), whether it has no item, the user's
 * relation to it (member 1, follows the item 2, follows the conversation 4, wrote in it
 * 8), whether they wrote it and whether they saw it in time.
 */
export function factsKey(kindIndex: number, noItem: boolean, relation: number, author: boolean, seen: boolean): number {
  return ((((kindIndex * 2 + (noItem ? 1 : 0)) * 16 + (relation & 15)) * 2 + (author ? 1 : 0)) * 2) + (seen ? 1 : 0);
}

/** factsKey() of a decision's facts. */
export function factsKeyOf(f: DecisionFacts): number {
  const relation = (f.member ? MEMBER : 0) | (f.followsItem ? FOLLOWS_ITEM : 0) | (f.followsConversation ? FOLLOWS_CONVERSATION : 0) | (f.participant ? PARTICIPANT : 0);
  return factsKey(KIND_INDEX[f.kind], f.item === null, relation, f.message.authorKind === 'user' && f.message.author === f.user, f.seenAt !== null);
}

/** Up to this many users changed at once, only the item lists they are on are made again (see passChanges()). */
const FEW_USERS = 16;

const isTaker = (u: UserRow): boolean => u.present && u.prefs.customerMessages === 'all';

/** A user's row as the workspace has them (not there: present false, and never decided for). */
function rowOf(ws: Workspace, id: string): UserRow {
  const u: User = ws.users.get(id) ?? { id, active: false, preferences: new Map() };
  const prefs = preferencesOf(ws, u);
  return {
    id,
    present: ws.users.has(id),
    active: u.active,
    hasEmail: u.email !== undefined && u.email !== '',
    prefs,
    seesAllProjects: prefs.access === 'all-projects',
  };
}

/**
 * Sorts a short list of numbers in place (a conversation's followers and writers, a few
 * at most): an insertion sort, without the comparator calls of Array.prototype.sort, for
 * a list sorted once per message.
 */
function sortFew(list: number[]): void {
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > x) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

function newItem(id: string, project: string, members: Uint32Array, followers: Set<number>): ItemState {
  return { id, project, members, followers, version: 0, customerList: null, internalList: null, replyList: null, listsVersion: -1, customerSeen: 0, alsoLists: null, alsoVersion: -1 };
}

function newConversation(item: ItemState | null, followers: Set<number> | null): ConversationState {
  return {
    item,
    followers,
    participants: NOBODY_WROTE,
    firstAwaiting: null,
    lastAwaiting: null,
  };
}
