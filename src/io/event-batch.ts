/**
 * Log events in batches that cross from the reading thread to the replaying one
 * cheaply (src/io/log-worker.ts). Structured cloning of millions of small objects would
 * cost more than parsing them. So each event is seven numbers in a Float64Array, whose
 * buffer is transferred rather than copied. Recurring ids (conversations, authors,
 * users, items) are numbered, and each new one is sent once, in the batch that first
 * uses it. Message ids, and the authors who are not users (customers, bots), travel as
 * plain lists of strings: each customer usually writes in one conversation, and
 * numbering a million of them would keep a million strings on both sides for nothing.
 */
import { AUDIENCES, AUTHOR_KINDS, EVENT_TYPES as TYPES, type FollowEvent, type LogEvent, type MessageEvent, type ViewEvent } from '../domain/events.js';
import type { FlatLine, Interner } from './flat-json.js';
import { fnv1a } from './hash.js';
import { hashMessageId } from './id-set.js';
import type { UniqueMessageIds } from './log-events.js';

export const EVENT_SLOTS = 7;
const NONE = -1;

export interface EventBatch {
  count: number;
  /** EVENT_SLOTS numbers per event: code, at, line, conversation, user (or the author's place in `authors`), item, message id. */
  numbers: Float64Array<ArrayBuffer>;
  /** Ids first used in this batch, in the order of their numbers. */
  newIds: string[];
  messageIds: string[];
  /** The two hashes of each message id (hashMessageId), so the replaying thread need not work them out to check the ids. */
  messageIdHashes: Uint32Array<ArrayBuffer>;
  /** Authors of messages by customers and bots. */
  authors: string[];
  /** Bytes of the log read when the batch was sent. */
  bytesRead: number;
}

/** The reading side: fills batches of `size` events. */
export class BatchEncoder {
  private readonly numbering = new Numbering();
  private batch: EventBatch;
  /** The events the current batch takes. */
  private capacity: number;

  /**
   * `ids`: the reader's intern cache, where an id's number is kept with it while it stays
   * there (see add()). `first`: the first batch takes this many events, and each next one
   * twice as many, up to `size`: the first lines are read while the code is still cold
   * (8,192 took about 70 ms), and the replay waits for them.
   */
  constructor(
    private readonly size: number,
    private readonly ids?: Interner,
    first = size,
  ) {
    this.capacity = Math.min(first, size);
    this.batch = this.fresh();
  }

  private fresh(): EventBatch {
    const n = this.capacity;
    return { count: 0, numbers: new Float64Array(n * EVENT_SLOTS), newIds: [], messageIds: [], messageIdHashes: new Uint32Array(n * 2), authors: [], bytesRead: 0 };
  }

  /** `slot`: where the id is in the intern cache, or -1. */
  private number(id: string | null, slot: number): number {
    if (id === null) return NONE;
    const ids = slot === -1 ? undefined : this.ids;
    if (ids !== undefined) {
      const known = ids.tagOf(slot, id);
      if (known !== -1) return known;
    }
    const count = this.numbering.count;
    // Interned ids were hashed as they were read: the cache has the same hash.
    const n = ids !== undefined ? this.numbering.number(id, ids.hashOf(slot, id)) : this.numbering.number(id);
    if (n === count) this.batch.newIds.push(id);
    ids?.setTag(slot, id, n);
    return n;
  }

  /**
   * Adds the event; returns the batch when it is full (then a new one starts). `line`:
   * the parsed line it came from, if the reader has it, whose ids' places in the intern
   * cache save looking them up here.
   */
  add(event: LogEvent, line?: FlatLine): EventBatch | null {
    const b = this.batch;
    const o = b.count * EVENT_SLOTS;
    const f = b.numbers;
    f[o + 1] = event.at;
    f[o + 2] = event.line;
    if (event.type === 'message') {
      f[o] = 0 | (AUTHOR_KINDS.indexOf(event.authorKind) << 2) | (AUDIENCES.indexOf(event.audience) << 4);
      f[o + 3] = this.number(event.conversation, line?.conversationSlot ?? -1);
      f[o + 4] = event.authorKind === 'user' ? this.number(event.author, line?.authorSlot ?? -1) : b.authors.push(event.author) - 1;
      f[o + 5] = this.number(event.item, line?.itemSlot ?? -1);
      const n = b.messageIds.push(event.id) - 1;
      f[o + 6] = n;
      hashMessageId(event.id, b.messageIdHashes, n * 2);
    } else {
      f[o] = TYPES.indexOf(event.type);
      f[o + 3] = this.number(event.conversation, line?.conversationSlot ?? -1);
      f[o + 4] = this.number(event.user, line?.userSlot ?? -1);
      f[o + 5] = event.type === 'view' ? NONE : this.number(event.item, line?.itemSlot ?? -1);
      f[o + 6] = NONE;
    }
    return ++b.count === this.capacity ? this.take() : null;
  }

  /** The batch so far (possibly empty), and a new one started. */
  take(): EventBatch {
    const b = this.batch;
    this.capacity = Math.min(this.capacity * 2, this.size);
    this.batch = this.fresh();
    return b;
  }
}

/**
 * Numbers for ids, 0, 1, 2, … in order of first use. An open-addressing table with its
 * own hash: a month-long log has millions of conversations, and this takes about two
 * thirds of the time a Map<string, number> does to number them (the reading thread's
 * largest cost on such a log).
 */
export class Numbering {
  private keys: (string | undefined)[] = new Array<string | undefined>(1 << 10).fill(undefined);
  private hashes = new Int32Array(1 << 10);
  private numbers = new Int32Array(1 << 10);
  count = 0;

  /** The id's number, given now if it has none. `h`: its fnv1a hash, if known. */
  number(id: string, h = fnv1a(id, 0, id.length)): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const key = keys[slot];
      if (key === undefined) {
        const n = this.count++;
        this.put(slot, id, h, n);
        // Up to three quarters full: the hashes are kept, so a long probe costs little,
        // and at half full the table doubled once more on a log of 250,000 conversations.
        if (this.count * 4 > keys.length * 3) this.grow();
        return n;
      }
      if (this.hashes[slot] === h && key === id) return this.numbers[slot]!;
    }
  }

  private put(slot: number, id: string, h: number, n: number): void {
    this.keys[slot] = id;
    this.hashes[slot] = h;
    this.numbers[slot] = n;
  }

  private grow(): void {
    const { keys, hashes, numbers } = this;
    const size = keys.length * 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.hashes = new Int32Array(size);
    this.numbers = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === undefined) continue;
      let slot = hashes[i]! & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.put(slot, keys[i]!, hashes[i]!, numbers[i]!);
    }
  }
}

/** The replaying side: turns batches back into the events the encoder was given. */
export class BatchDecoder {
  private readonly ids: string[] = [];
  /** One object for every view, and one for every follow or unfollow (see EventSink). */
  private readonly view: ViewEvent = { type: 'view', at: 0, user: '', conversation: '', line: 0, conversationKey: 0 };
  private readonly follow: FollowEvent = { type: 'follow', at: 0, user: '', item: null, conversation: null, line: 0, conversationKey: undefined };

  /**
   * Calls `onEvent` for each event of the batch, in order, with the number the encoder
   * gave its conversation on it as `conversationKey` (none for a follow of an item). `messageIds`: checks each
   * message's id first, from the hashes the batch has of it. A message is an object of
   * its own (the replay keeps it until its window closes); a view or a follow is valid
   * during the call only, as one object serves them all.
   */
  decode(batch: EventBatch, onEvent: (event: LogEvent) => void, messageIds?: UniqueMessageIds): void {
    const ids = this.ids;
    for (const id of batch.newIds) ids.push(id);
    const f = batch.numbers;
    const id = (n: number) => (n === NONE ? null : ids[n]!);
    for (let k = 0, o = 0; k < batch.count; k++, o += EVENT_SLOTS) {
      const code = f[o]!;
      const type = TYPES[code & 3]!;
      const at = f[o + 1]!;
      const line = f[o + 2]!;
      const conversation = f[o + 3]!;
      // The same shapes, fields in the same order, as toEvent() makes, and the conversation's number.
      if (type === 'message') {
        const authorKind = AUTHOR_KINDS[(code >> 2) & 3]!;
        const n = f[o + 6]!;
        const message: MessageEvent = {
          type,
          id: batch.messageIds[n]!,
          at,
          conversation: ids[conversation]!,
          author: authorKind === 'user' ? ids[f[o + 4]!]! : batch.authors[f[o + 4]!]!,
          authorKind,
          audience: AUDIENCES[(code >> 4) & 1]!,
          item: id(f[o + 5]!),
          line,
          conversationKey: conversation,
        };
        messageIds?.checkHashed(message, batch.messageIdHashes, n * 2);
        onEvent(message);
      } else if (type === 'view') {
        const view = this.view;
        view.at = at;
        view.user = ids[f[o + 4]!]!;
        view.conversation = ids[conversation]!;
        view.line = line;
        view.conversationKey = conversation;
        onEvent(view);
      } else {
        const follow = this.follow;
        follow.type = type;
        follow.at = at;
        follow.user = ids[f[o + 4]!]!;
        follow.item = id(f[o + 5]!);
        follow.conversation = id(conversation);
        follow.line = line;
        follow.conversationKey = conversation === NONE ? undefined : conversation;
        onEvent(follow);
      }
    }
  }
}
