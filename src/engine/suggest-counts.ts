/**
 * `gaps --suggest`'s scoring from counts kept during the gaps pass (SPEC 10.5), instead
 * of a replay of every decision of every user with a candidate.
 *
 * A user's decision on a message depends on the kind of message, whether it has an item
 * (and the item's project), the user's relation to the conversation at the message (a
 * follower of the item or of the conversation, a writer in it), whether they wrote it
 * and whether they saw it within the window; and for a follow candidate, whether a line
 * of the log set that follow before the message (then it is the log's). For most users
 * and messages there is no relation at all: such a decision is one of the message's
 * kind and item, counted once per message for everyone (`counts`). SuggestCounter, a
 * sink pushed each event after the gaps pass's replay, keeps apart only the decisions
 * of the conversation's followers and writers, counted by their kind of facts; an
 * item's followers with no other relation per stretch of following (Following); for
 * each user and item, the item's messages before the first log line that set their
 * following of it; the messages each user wrote; and the messages a user saw in time,
 * with whether they followed the item then. The decisions of a
 * user are then a few hundred kinds of facts with how many of each, and each candidate
 * is tried on each kind as tally() tries it on each decision: decide()'s own checks on
 * the facts as the change makes them. Items count apart only when a follow candidate can
 * be of them (a listed message's item); the others by project, which is all a membership
 * or a preference can tell apart. The listed (unreachable) messages keep every relation
 * at their time, for the messages each candidate reaches.
 *
 * Exact only when no recorded change (SPEC 10.1) applies to a line of the log: the rows,
 * memberships and items' projects are then the workspace's for every line (changes
 * recorded after the log's last line, as a helpdesk's usually are, change nothing of it).
 * When one does, the replay scores (`holdsFor`).
 */
import type { LogEvent, MessageEvent, MessageKind } from '../domain/events.js';
import { preferencesOf, sortedIds, type Workspace } from '../domain/workspace.js';
import { blankDecision, decideInto, firstFailingCheck, type DecisionFacts } from './decide.js';
import type { FixChange } from './fixes.js';
import { ClosingQueue } from './gaps.js';
import { newTally, type ListedMessage, type Scorer, type Tally } from './suggest.js';

const FOLLOWS_ITEM = 2;
const FOLLOWS_CONVERSATION = 4;
const PARTICIPANT = 8;
const KINDS: readonly MessageKind[] = ['customer', 'internal', 'reply'];

interface ItemInfo {
  /** From 1 (0: no item). */
  index: number;
  id: string;
  project: string;
  followers: Set<number>;
  /** The users a follow or unfollow line of the log named this item for, so far, and the place (SuggestCounter.order) of the first. */
  touched: Map<number, number> | null;
}

interface Conv {
  item: ItemInfo | null;
  followers: Set<number> | null;
  writers: number[] | null;
  /** Its messages whose window is open, in log order. */
  recent: Recent[];
}

/** A message whose window is open. */
interface Recent {
  closesAt: number;
  /** Its place in the replay's order (SuggestCounter.order). */
  order: number;
  item: ItemInfo | null;
  conv: Conv;
  /** Item index * 3 + kind index. */
  slot: number;
  author: number;
  /** The users with a relation to it, and their code (relation bits * 2 + 1 when the log set their following of the item), in pairs. */
  specials: number[];
  /** Who saw it in time so far. */
  seen: number[] | null;
}

/** An unreachable customer message (listed, or left out by --unnoticed): every relation at its time. */
interface Listed {
  item: ItemInfo | null;
  author: number;
  specials: Map<number, number>;
}

/**
 * A user's following of an item: the item's followers are most of the relations, so
 * their decisions are counted per stretch of following (the item's messages at its
 * start, added up at its end), not one by one.
 */
interface Following {
  item: number;
  following: boolean;
  /** The item's messages by kind when the current stretch began, and the place of the line that began it (0: the workspace's follow). */
  start: Float64Array;
  since: number;
  /** 1 when a log line began it (then the follow is the log's). */
  setBefore: number;
  /** Closed stretches, as pairs of the places of the lines that began and ended them. */
  ended: number[];
}

/** Users' decisions grouped as candidates can tell them apart: no item, a project, or a listed message's item. */
interface Group {
  project: string | null;
  /** The listed item this group is, or null (no item, or a project's other items). */
  item: string | null;
}

/** A kind of facts of one user and how many decisions have it. */
interface Bucket {
  group: number;
  kind: number;
  /** Follows the item, the conversation, wrote in it (relation bits, no membership). */
  bits: number;
  seen: boolean;
  /** The log set their following of the item before the message. */
  setBefore: boolean;
  n: number;
}

function bump(map: Map<number, number>, key: number, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** A special decision's key: slot, relation bits, seen, set before. */
function specialKey(slot: number, bits: number, seen: boolean, setBefore: boolean): number {
  return (slot * 16 + bits) * 4 + (seen ? 2 : 0) + (setBefore ? 1 : 0);
}

export class SuggestCounter {
  /** The active users (the only ones with candidates), by index in id order. */
  private readonly index = new Map<string, number>();
  private readonly items = new Map<string, ItemInfo>();
  private readonly itemList: (ItemInfo | null)[] = [null];
  private readonly convs = new Map<string, Conv>();
  private readonly byKey: (Conv | undefined)[] = [];
  /** Closed Recent records, for the next messages. */
  private readonly pool: Recent[] = [];
  private readonly queue = new ClosingQueue<Recent>();
  /** Messages by slot (item index * 3 + kind index), grown as items come. */
  private counts = new Float64Array(3 * 1024);
  /** Per user: decisions with a relation, by specialKey(). */
  private readonly specials: Map<number, number>[] = [];
  /**
   * Per user: their own messages, by (slot * 2 + 1 when a log line had set their following
   * of the item) * 2 + 1 when they followed the item.
   */
  private readonly own: Map<number, number>[] = [];
  /** Per user: messages they saw in time, as one with no relation to the conversation (but perhaps following the item), keyed as `own`. */
  private readonly plainSeen: Map<number, number>[] = [];
  /** Per user: the item's messages while they followed it, by slot * 2 + setBefore (Following). */
  private readonly followed: Map<number, number>[] = [];
  /** Per user: their Following of each item they followed at some time, by item index. */
  private readonly followings: Map<number, Following>[] = [];
  /**
   * Per user: by item index, the item's messages of each kind before the first follow or
   * unfollow line of the log for it (from then on, a follow of it is the log's).
   */
  private readonly touches: Map<number, Float64Array>[] = [];
  private readonly listed = new Map<string, Listed>();
  private unreachableLine = -1;
  /**
   * The place of the event pushed last, from 1: what comes before what is the replay's
   * order, which is not the order of the lines in the file with --sort (a line's number
   * says where it was in the file).
   */
  private order = 0;
  /** The time of the last event pushed (the log's last line, the log being in time order). */
  lastAt = -Infinity;
  private readonly stamp: Uint32Array;
  private mark = 0;

  constructor(
    ws: Workspace,
    private readonly window: number,
  ) {
    const active = sortedIds([...ws.users.values()].filter((u) => u.active).map((u) => u.id));
    active.forEach((id, i) => {
      this.index.set(id, i);
      this.specials.push(new Map());
      this.own.push(new Map());
      this.plainSeen.push(new Map());
      this.touches.push(new Map());
      this.followed.push(new Map());
      this.followings.push(new Map());
    });
    this.stamp = new Uint32Array(active.length);
    for (const i of ws.items.values()) {
      const info = this.item(i.id, i.project);
      for (const u of i.followers) {
        const index = this.index.get(u);
        if (index !== undefined) {
          info.followers.add(index);
          this.following(index, info).following = true;
        }
      }
    }
    for (const c of ws.conversations.values()) {
      const conv = this.conv(c.id);
      if (c.item !== undefined) conv.item = this.item(c.item, '');
      for (const u of c.followers) {
        const index = this.index.get(u);
        if (index !== undefined) (conv.followers ??= new Set()).add(index);
      }
    }
  }

  /**
   * Whether the counts hold for a replay with these recorded changes (oldest first): the
   * replay applies a change at the first line at or after its time, so none applied if
   * the log ended before the first.
   */
  holdsFor(changes: readonly { at: number }[]): boolean {
    return changes.length === 0 || this.lastAt < changes[0]!.at;
  }

  /** The gaps replay's onCustomerMessage: the message pushed next is unreachable. */
  onCustomerMessage(m: MessageEvent, reachable: boolean): void {
    if (!reachable) this.unreachableLine = m.line;
  }

  push(e: LogEvent): void {
    this.order++;
    this.lastAt = e.at;
    this.queue.closeBefore(e.at, this.close);
    switch (e.type) {
      case 'message':
        this.onMessage(e);
        break;
      case 'view': {
        const key = e.conversationKey;
        const c = (key === undefined ? undefined : this.byKey[key]) ?? this.convs.get(e.conversation);
        if (c === undefined || c.recent.length === 0) break;
        const user = this.index.get(e.user);
        if (user !== undefined) this.markSeen(c, user);
        break;
      }
      case 'follow':
      case 'unfollow': {
        const user = this.index.get(e.user);
        if (user === undefined) break;
        const follows = e.type === 'follow';
        if (e.item !== null) {
          const item = this.item(e.item, '');
          if (follows) item.followers.add(user);
          else item.followers.delete(user);
          // Each log line ends a stretch of following and may begin one: a stretch is before or after the first such line.
          const f = this.following(user, item);
          if (f.following) this.endStretch(user, f, this.order);
          f.following = follows;
          if (follows) {
            f.start.set(this.counts.subarray(item.index * 3, item.index * 3 + 3));
            f.since = this.order;
            f.setBefore = 1;
          }
          const touched = (item.touched ??= new Map());
          if (!touched.has(user)) {
            touched.set(user, this.order);
            // The item's messages so far, by kind (none yet when the counts have not reached it).
            const before = new Float64Array(3);
            before.set(this.counts.subarray(item.index * 3, item.index * 3 + 3));
            this.touches[user]!.set(item.index, before);
          }
        } else {
          const c = this.convOf(e.conversation!, e.conversationKey);
          if (follows) (c.followers ??= new Set()).add(user);
          else c.followers?.delete(user);
        }
        break;
      }
    }
  }

  end(): void {
    this.queue.closeBefore(Infinity, this.close);
    this.followings.forEach((map, user) => {
      for (const f of map.values()) if (f.following) this.endStretch(user, f, Infinity);
    });
  }

  private following(user: number, item: ItemInfo): Following {
    const map = this.followings[user]!;
    let f = map.get(item.index);
    if (f === undefined) {
      f = { item: item.index, following: false, start: new Float64Array(3), since: 0, setBefore: 0, ended: [] };
      map.set(item.index, f);
    }
    return f;
  }

  /** A stretch of following ends at the event at `order`: the item's messages since its start were the user's as a follower. */
  private endStretch(user: number, f: Following, order: number): void {
    for (let k = 0; k < 3; k++) {
      const n = (this.counts[f.item * 3 + k] ?? 0) - f.start[k]!;
      if (n !== 0) bump(this.followed[user]!, (f.item * 3 + k) * 2 + f.setBefore, n);
    }
    f.ended.push(f.since, order);
  }

  /** Whether the user followed the item at the message at `order`. */
  private followedAt(user: number, item: ItemInfo | null, order: number): boolean {
    if (item === null) return false;
    const f = this.followings[user]!.get(item.index);
    if (f === undefined) return false;
    if (f.following && f.since < order) return true;
    for (let k = f.ended.length - 2; k >= 0; k -= 2) {
      if (f.ended[k + 1]! < order) return false;
      if (f.ended[k]! < order) return true;
    }
    return false;
  }

  private readonly close = (r: Recent): void => {
    // The oldest open message of its conversation; the record serves another message.
    r.conv.recent.shift();
    this.pool.push(r);
  };

  /** An item by id; one the workspace does not have is in a project of nobody (''), as in the replay. */
  private item(id: string, project: string): ItemInfo {
    let item = this.items.get(id);
    if (item === undefined) {
      item = { index: this.itemList.length, id, project, followers: new Set(), touched: null };
      this.items.set(id, item);
      this.itemList.push(item);
    }
    return item;
  }

  /** A conversation by the reading thread's number for it when the event has one (as the replay finds them). */
  private convOf(id: string, key: number | undefined): Conv {
    if (key === undefined) return this.conv(id);
    let c = this.byKey[key];
    if (c === undefined) {
      // The workspace's conversations are in the map; the log's others only here.
      c = this.convs.get(id) ?? { item: null, followers: null, writers: null, recent: [] };
      while (this.byKey.length < key) this.byKey.push(undefined);
      this.byKey[key] = c;
    }
    return c;
  }

  private conv(id: string): Conv {
    let c = this.convs.get(id);
    if (c === undefined) {
      c = { item: null, followers: null, writers: null, recent: [] };
      this.convs.set(id, c);
    }
    return c;
  }

  private onMessage(m: MessageEvent): void {
    const c = this.convOf(m.conversation, m.conversationKey);
    if (m.item !== null && c.item === null) c.item = this.item(m.item, '');
    const author = m.authorKind === 'user' ? (this.index.get(m.author) ?? -1) : -1;
    // Writing in a conversation means having seen what came before.
    if (author !== -1 && c.recent.length > 0) this.markSeen(c, author);
    const item = c.item;
    const slot = (item === null ? 0 : item.index) * 3 + (m.authorKind === 'customer' ? 0 : m.audience === 'internal' ? 1 : 2);
    if (slot >= this.counts.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[slot]!++;
    if (author !== -1) {
      const setBefore = item !== null && item.touched !== null && item.touched.has(author);
      bump(this.own[author]!, (slot * 2 + (setBefore ? 1 : 0)) * 2 + (item !== null && item.followers.has(author) ? 1 : 0), 1);
    }
    let listed: Listed | null = null;
    if (this.unreachableLine === m.line) {
      // Those whose following of the item a log line set, as they stand without a relation (special() names the others).
      listed = { item, author, specials: new Map() };
      if (item !== null && item.touched !== null) for (const u of item.touched.keys()) listed.specials.set(u, 1);
      // The item's followers, as they stand with no other relation.
      if (item !== null) for (const u of item.followers) listed.specials.set(u, FOLLOWS_ITEM * 2 + (item.touched !== null && item.touched.has(u) ? 1 : 0));
      this.listed.set(m.id, listed);
    }
    const r = this.pool.pop() ?? { closesAt: 0, order: 0, item, conv: c, slot, author, specials: [], seen: null };
    r.closesAt = m.at + this.window;
    r.order = this.order;
    r.item = item;
    r.conv = c;
    r.slot = slot;
    r.author = author;
    r.specials.length = 0;
    r.seen = null;
    // Those with a relation to the conversation: most messages have a few at most. (The
    // item's followers with no other are counted per stretch of following: see Following.)
    if (c.followers !== null || c.writers !== null) {
      const mark = ++this.mark;
      if (author !== -1) this.stamp[author] = mark;
      if (c.followers !== null) for (const u of c.followers) this.special(u, mark, c, r, listed);
      if (c.writers !== null) for (const u of c.writers) this.special(u, mark, c, r, listed);
    }
    if (author !== -1 && (c.writers === null || !c.writers.includes(author))) (c.writers ??= []).push(author);
    c.recent.push(r);
    this.queue.push(r);
  }

  /** A user with a relation to the message `r` (once per message): their decision is counted by its kind of facts. */
  private special(u: number, mark: number, c: Conv, r: Recent, listed: Listed | null): void {
    if (this.stamp[u] === mark) return;
    this.stamp[u] = mark;
    const item = c.item;
    const bits = (item !== null && item.followers.has(u) ? FOLLOWS_ITEM : 0) | (c.followers !== null && c.followers.has(u) ? FOLLOWS_CONVERSATION : 0) | (c.writers !== null && c.writers.includes(u) ? PARTICIPANT : 0);
    const setBefore = item !== null && item.touched !== null && item.touched.has(u);
    const code = bits * 2 + (setBefore ? 1 : 0);
    r.specials.push(u, code);
    bump(this.specials[u]!, specialKey(r.slot, bits, false, setBefore), 1);
    listed?.specials.set(u, code);
  }

  /** A view, or a message by the user: every open message of the conversation is seen (the replay's markSeen()). */
  private markSeen(c: Conv, user: number): void {
    for (const r of c.recent) {
      if (r.author === user || (r.seen !== null && r.seen.includes(user))) continue;
      (r.seen ??= []).push(user);
      const s = r.specials;
      let code = -1;
      for (let k = 0; k < s.length; k += 2) {
        if (s[k] === user) {
          code = s[k + 1]!;
          break;
        }
      }
      if (code === -1) {
        const touched = r.item === null || r.item.touched === null ? undefined : r.item.touched.get(user);
        bump(this.plainSeen[user]!, (r.slot * 2 + (touched !== undefined && touched < r.order ? 1 : 0)) * 2 + (this.followedAt(user, r.item, r.order) ? 1 : 0), 1);
      }
      else {
        const bits = code >> 1;
        const setBefore = (code & 1) !== 0;
        bump(this.specials[user]!, specialKey(r.slot, bits, false, setBefore), -1);
        bump(this.specials[user]!, specialKey(r.slot, bits, true, setBefore), 1);
      }
    }
  }

  /** The scorer of the greedy rounds (suggestChangesBy) for these listed messages. */
  scorer(listed: readonly ListedMessage[]): Scorer {
    const scoring = new CountedScoring(this, listed);
    return (ws, candidates, ids) => scoring.score(ws, candidates, ids);
  }

  /** For CountedScoring: what the pass kept. */
  get kept() {
    return { index: this.index, itemList: this.itemList, counts: this.counts, specials: this.specials, own: this.own, plainSeen: this.plainSeen, touches: this.touches, followed: this.followed, listed: this.listed, window: this.window };
  }
}

const STAND_IN: MessageEvent = { type: 'message', id: '', at: 0, line: 0, conversation: '', author: '', authorKind: 'customer', audience: 'customers', item: null };

/** The candidates tried on each user's kinds of facts (see the file's comment). */
class CountedScoring {
  private readonly groups: Group[] = [{ project: null, item: null }];
  /** By item index: its group. */
  private readonly groupOf: number[] = [0];
  /** Messages by group * 3 + kind. */
  private readonly totals: number[];
  private readonly buckets = new Map<number, Bucket[]>();
  private readonly scratch = blankDecision();

  constructor(
    private readonly counter: SuggestCounter,
    listed: readonly ListedMessage[],
  ) {
    const items = new Set(listed.map((m) => m.item).filter((i) => i !== null));
    const byProject = new Map<string, number>();
    const { itemList, counts } = counter.kept;
    for (let i = 1; i < itemList.length; i++) {
      const info = itemList[i]!;
      let g: number;
      if (items.has(info.id)) {
        g = this.groups.length;
        this.groups.push({ project: info.project, item: info.id });
      } else {
        const known = byProject.get(info.project);
        if (known === undefined) {
          g = this.groups.length;
          this.groups.push({ project: info.project, item: null });
          byProject.set(info.project, g);
        } else g = known;
      }
      this.groupOf.push(g);
    }
    this.totals = new Array<number>(this.groups.length * 3).fill(0);
    counts.forEach((n, slot) => {
      this.totals[this.groupOf[Math.floor(slot / 3)]! * 3 + (slot % 3)]! += n;
    });
  }

  /** A user's decisions as kinds of facts with how many of each (with a relation, then without, unseen and seen). */
  private bucketsOf(user: number): Bucket[] {
    const known = this.buckets.get(user);
    if (known !== undefined) return known;
    const { specials, own, plainSeen, touches, followed, counts } = this.counter.kept;
    // With no relation (0) or following the item only (1), unseen and seen: each by
    // ((group * 3 + kind) * 2 + 1 when a log line had set their following of the item).
    const unseen = [new Array<number>(this.totals.length * 2).fill(0), new Array<number>(this.totals.length * 2).fill(0)];
    const seen = [new Array<number>(this.totals.length * 2).fill(0), new Array<number>(this.totals.length * 2).fill(0)];
    const plain = unseen[0]!;
    this.totals.forEach((n, at) => (plain[at * 2] = n));
    const where = (slot: number) => this.groupOf[Math.floor(slot / 3)]! * 3 + (slot % 3);
    for (const [item, before] of touches[user]!) {
      for (let k = 0; k < 3; k++) {
        const after = (counts[item * 3 + k] ?? 0) - before[k]!;
        const at = where(item * 3 + k) * 2;
        plain[at]! -= after;
        plain[at + 1]! += after;
      }
    }
    for (const [key, n] of followed[user]!) {
      const at = where(Math.floor(key / 2)) * 2 + (key % 2);
      plain[at]! -= n;
      unseen[1]![at]! += n;
    }
    const out: Bucket[] = [];
    const merged = new Map<number, Bucket>();
    for (const [key, n] of specials[user]!) {
      if (n === 0) continue;
      const slot = Math.floor(key / 64);
      const bits = Math.floor(key / 4) % 16;
      const at = where(slot);
      unseen[(bits & FOLLOWS_ITEM) !== 0 ? 1 : 0]![at * 2 + (key % 2)]! -= n;
      const mergedKey = (at * 16 + bits) * 4 + (key % 4);
      let b = merged.get(mergedKey);
      if (b === undefined) {
        b = { group: Math.floor(at / 3), kind: at % 3, bits, seen: key % 4 >= 2, setBefore: key % 2 === 1, n: 0 };
        merged.set(mergedKey, b);
        out.push(b);
      }
      b.n += n;
    }
    for (const [key, n] of own[user]!) unseen[key % 2]![where(Math.floor(key / 4)) * 2 + (Math.floor(key / 2) % 2)]! -= n;
    for (const [key, n] of plainSeen[user]!) {
      const at = where(Math.floor(key / 4)) * 2 + (Math.floor(key / 2) % 2);
      unseen[key % 2]![at]! -= n;
      seen[key % 2]![at]! += n;
    }
    for (let f = 0; f < 2; f++) {
      for (let at = 0; at < plain.length; at++) {
        const g = Math.floor(at / 6);
        const kind = Math.floor(at / 2) % 3;
        const setBefore = at % 2 === 1;
        const bits = f === 1 ? FOLLOWS_ITEM : 0;
        if (unseen[f]![at]! > 0) out.push({ group: g, kind, bits, seen: false, setBefore, n: unseen[f]![at]! });
        if (seen[f]![at]! > 0) out.push({ group: g, kind, bits, seen: true, setBefore, n: seen[f]![at]! });
      }
    }
    this.buckets.set(user, out);
    return out;
  }



  score(ws: Workspace, candidates: readonly FixChange[], ids: ReadonlySet<string>): Tally[] {
    const all: Tally[] = [];
    const byUser = new Map<string, Tally[]>();
    for (const fix of candidates) {
      const t = newTally(ws, fix);
      all.push(t);
      const mine = byUser.get(fix.user);
      if (mine === undefined) byUser.set(fix.user, [t]);
      else mine.push(t);
    }
    const listed = [...ids].map((id) => [id, this.counter.kept.listed.get(id)] as const);
    for (const [user, tallies] of byUser) this.scoreUser(ws, user, tallies, listed);
    return all;
  }

  private scoreUser(ws: Workspace, user: string, tallies: Tally[], listed: readonly (readonly [string, Listed | undefined])[]): void {
    const { index, window } = this.counter.kept;
    const u = ws.users.get(user)!;
    const userIndex = index.get(user)!;
    const prefs = preferencesOf(ws, u);
    const prefTallies: Tally[] = [];
    const member = new Map<string, Tally>();
    const follow = new Map<string, Tally>();
    for (const t of tallies) {
      if (t.fix.kind === 'preference') prefTallies.push(t);
      else if (t.fix.kind === 'member') member.set(t.fix.project, t);
      else if (t.fix.kind === 'follow-item') follow.set(t.fix.item, t);
    }
    // Per group: whether the user is a member of its project, and follows its item, in `ws`.
    const isMember = this.groups.map((g) => g.project !== null && ws.projects.get(g.project)?.members.has(user) === true);
    const followsNow = this.groups.map((g) => g.item !== null && ws.items.get(g.item)?.followers.has(user) === true);
    const f: DecisionFacts = {
      message: STAND_IN,
      kind: 'customer',
      item: null,
      project: null,
      user,
      active: true,
      hasEmail: u.email !== undefined && u.email !== '',
      prefs,
      member: false,
      followsItem: false,
      followsConversation: false,
      participant: false,
      seenAt: null,
      window,
    };
    const tryAll = (group: number, bits: number, setBefore: boolean, n: number, reach: string | null): void => {
      const g = this.groups[group]!;
      f.item = g.project === null ? null : (g.item ?? '');
      f.project = g.project;
      f.member = isMember[group]!;
      f.followsItem = (bits & FOLLOWS_ITEM) !== 0 || (followsNow[group]! && !setBefore);
      f.followsConversation = (bits & FOLLOWS_CONVERSATION) !== 0;
      f.participant = (bits & PARTICIPANT) !== 0;
      const failing = firstFailingCheck(f);
      // Settled: an alert, or seen in time, stays so.
      if (failing === null || failing.id === 'not_seen') return;
      for (const t of prefTallies) {
        f.prefs = t.prefs!;
        this.tryOn(t, f, n, reach);
      }
      f.prefs = prefs;
      if (f.project !== null && !f.member) {
        const t = member.get(f.project);
        if (t !== undefined) {
          f.member = true;
          this.tryOn(t, f, n, reach);
          f.member = false;
        }
      }
      if (g.item !== null && !f.followsItem && !setBefore) {
        const t = follow.get(g.item);
        if (t !== undefined) {
          f.followsItem = true;
          this.tryOn(t, f, n, reach);
          f.followsItem = false;
        }
      }
    };
    for (const b of this.bucketsOf(userIndex)) {
      f.kind = KINDS[b.kind]!;
      f.seenAt = b.seen ? 0 : null;
      tryAll(b.group, b.bits, b.setBefore, b.n, null);
    }
    // The listed messages: which each candidate reaches (checks 1-5 pass, seen or not).
    f.kind = 'customer';
    f.seenAt = null;
    for (const [id, m] of listed) {
      if (m === undefined || m.author === userIndex) continue;
      const code = m.specials.get(userIndex) ?? 0;
      tryAll(this.groupOf[m.item === null ? 0 : m.item.index]!, code >> 1, (code & 1) !== 0, 0, id);
    }
  }

  /** tally()'s tryOn() on `n` decisions of one kind of facts, the change made to `f`. */
  private tryOn(t: Tally, f: DecisionFacts, n: number, reach: string | null): void {
    const failing = firstFailingCheck(f);
    if (reach !== null && (failing === null || failing.id === 'not_seen')) t.reaches.add(reach);
    if (failing === null && n > 0) {
      t.alerts += n;
      if (decideInto(f, this.scratch, null).email) t.emails += n;
    }
  }
}
