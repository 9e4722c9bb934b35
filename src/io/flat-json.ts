/**
 * A fast path for the one shape almost every log line has: a flat JSON object whose
 * values are plain strings (no escapes), null or small integers. parseFlatLine() reads
 * such a line without JSON.parse — about four times faster, and it builds one object of
 * a fixed shape instead of a dictionary — and returns undefined for anything else
 * (escapes, nesting, true/false, fractions, duplicate keys, a syntax error), which the
 * caller then hands to JSON.parse. So JSON.parse stays the judge of what is valid and
 * the author of every syntax error; this only ever answers for lines it is sure of.
 *
 * For a line it accepts, each field the log format knows has the value JSON.parse would
 * give it, and is undefined when absent; other keys are skipped (toEvent ignores them).
 * One exception saves cutting out and re-reading millions of times: an "at" in the
 * canonical UTC shape (2026-03-02T09:00:00Z, optionally with milliseconds) comes as its
 * epoch milliseconds, which toEvent accepts as the same instant. A property test holds
 * the parser to all this against JSON.parse.
 */

import { parseUtcAt } from '../domain/time.js';
import { FNV_BASIS, fnv1a, fnvFold, fnvMix } from './hash.js';

/**
 * The fields of a log line that toEvent() reads; every other key is ignored. A class, so
 * every line has one shape and toEvent() can read its fields directly (a parsed JSON
 * object's are read only when they are its own; see log-events.ts).
 */
export class FlatLine {
  type: unknown = undefined;
  id: unknown = undefined;
  at: unknown = undefined;
  conversation: unknown = undefined;
  author: unknown = undefined;
  authorKind: unknown = undefined;
  audience: unknown = undefined;
  item: unknown = undefined;
  user: unknown = undefined;
  /**
   * The Interner's slots of the interned ids (conversation, author, item, user), or -1:
   * the reading thread keeps each id's number there too (Interner.tagOf).
   */
  conversationSlot = -1;
  authorSlot = -1;
  itemSlot = -1;
  userSlot = -1;
  /** Set by toEvent() when it makes the line its event in place (see ReadLogOptions.transient). */
  line = 0;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN = 123;
const CLOSE = 125;

// Which known key a key is, as a bit (so a repeated key can be noticed).
const TYPE = 1;
const ID = 2;
const AT = 4;
const CONVERSATION = 8;
const AUTHOR = 16;
const AUTHOR_KIND = 32;
const AUDIENCE = 64;
const ITEM = 128;
const USER = 256;
const OTHER = 0;
/** Ids that recur from line to line. */
const INTERNED = CONVERSATION | AUTHOR | ITEM | USER;

/** Where the key knownKey() matched last ends (its closing quote). */
let knownKeyEnd = 0;

/** Whether the text at `i` is `literal` and a closing quote before `end`; then knownKeyEnd is the quote's place. */
function isKey(text: string, i: number, end: number, literal: string): boolean {
  const n = literal.length;
  // The closing quote first: it tells most of the keys that share a first letter apart.
  if (i + n >= end || text.charCodeAt(i + n) !== QUOTE) return false;
  for (let k = 1; k < n; k++) if (text.charCodeAt(i + k) !== literal.charCodeAt(k)) return false;
  knownKeyEnd = i + n;
  return true;
}

/**
 * The known key that starts at `i` (just past its opening quote) and ends there with a
 * quote, or OTHER: a key of any other text (or with an escape, which the caller's scan
 * then refuses). Most lines have only known keys, so their keys are matched, not
 * scanned first.
 */
function knownKey(text: string, i: number, end: number): number {
  switch (text.charCodeAt(i)) {
    case 116 /* t */:
      return isKey(text, i, end, 'type') ? TYPE : OTHER;
    case 105 /* i */:
      return isKey(text, i, end, 'id') ? ID : isKey(text, i, end, 'item') ? ITEM : OTHER;
    case 97 /* a */:
      return isKey(text, i, end, 'at') ? AT : isKey(text, i, end, 'author') ? AUTHOR : isKey(text, i, end, 'authorKind') ? AUTHOR_KIND : isKey(text, i, end, 'audience') ? AUDIENCE : OTHER;
    case 99 /* c */:
      return isKey(text, i, end, 'conversation') ? CONVERSATION : OTHER;
    case 117 /* u */:
      return isKey(text, i, end, 'user') ? USER : OTHER;
    default:
      return OTHER;
  }
}

/** The words the format itself uses come back as the same (interned) strings. */
function word(text: string, start: number, end: number): string {
  switch (end - start) {
    case 4:
      if (text.startsWith('view', start)) return 'view';
      if (text.startsWith('user', start)) return 'user';
      break;
    case 7:
      if (text.startsWith('message', start)) return 'message';
      break;
    case 6:
      if (text.startsWith('follow', start)) return 'follow';
      break;
    case 8:
      if (text.startsWith('unfollow', start)) return 'unfollow';
      if (text.startsWith('customer', start)) return 'customer';
      if (text.startsWith('internal', start)) return 'internal';
      break;
    case 9:
      if (text.startsWith('customers', start)) return 'customers';
      break;
    case 3:
      if (text.startsWith('bot', start)) return 'bot';
      break;
  }
  return text.slice(start, end);
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

/** The end of a string's contents starting at `i` (just past the opening quote), or -1 if it needs JSON.parse. */
function stringEnd(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

/** Where the string ends (its closing quote) that canonicalAt() read last. */
let canonicalEnd = 0;

/**
 * A time in the canonical UTC shape (20 or 24 characters, see parseUtcAt) starting at
 * `i` (just past the opening quote) and closed by a quote there, as epoch milliseconds,
 * or null. Read where it stands, without first scanning for the closing quote: what
 * parseUtcAt accepts is digits and - : T . Z only, so it holds no quote, backslash or
 * control character, and the quote after it closes the string.
 */
function canonicalAt(text: string, i: number, end: number): number | null {
  for (const length of CANONICAL_LENGTHS) {
    if (i + length < end && text.charCodeAt(i + length) === QUOTE) {
      const ms = parseUtcAt(text, i, i + length);
      if (ms !== null) {
        canonicalEnd = i + length;
        return ms;
      }
    }
  }
  return null;
}
const CANONICAL_LENGTHS = [24, 20] as const;

/** The hash hashedStringEnd() found last (fnv1a of the string's contents). */
let foundHash = 0;

/**
 * stringEnd() and fnv1a() of the contents in one pass, for an id that is interned next:
 * the hash is left in foundHash.
 */
function hashedStringEnd(text: string, i: number, end: number): number {
  let h = FNV_BASIS;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      foundHash = fnvFold(h);
      return i;
    }
    if (c === BACKSLASH || c < 32) return -1;
    h = fnvMix(h, c);
  }
  return -1;
}

/**
 * Hands out one string per recurring id, so the ids of a log with millions of lines are
 * not millions of strings: fewer allocations, and map lookups that compare pointers. A
 * cache, not a table of every id: one slot per hash, and a new id takes the slot. A
 * busy conversation, user or item stays in it; a log with millions of conversations
 * neither keeps millions of strings here (a table of every id held 2 million on a
 * month-long log, 100 MB) nor pays a cache miss per lookup in a table that large. A new
 * id is copied out of the text (a slice of it could keep the whole decoded piece alive).
 *
 * Each slot also keeps a tag, a number the caller gives the id while it stays there:
 * the reading thread's number for it (src/io/event-batch.ts), so a busy id is hashed
 * and looked up once per line, not once to intern it and again to number it.
 */
export class Interner {
  private readonly keys: (string | undefined)[];
  private readonly hashes: Int32Array;
  private readonly tags: Int32Array;
  /** The slot of the id get() gave last. */
  slot = -1;

  /**
   * `slots`: a power of two. 4,096 by default: a replay's reading thread was about 6%
   * faster with this cache than with one of 65,536 slots, on the standard workload as on
   * those with 25,000 items and with a million conversations (BENCHMARKS.md). A larger
   * cache keeps more ids, but its slots and strings no longer fit the processor's caches,
   * and each line's lookups then wait on memory more than a miss here costs (a copy of
   * the id, and its number looked up in the batch encoder's table).
   */
  constructor(slots = 1 << 12) {
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.tags = new Int32Array(slots).fill(-1);
  }

  /** The tag kept with `id` in `slot`, or -1 (none given, or the slot holds another id now). */
  tagOf(slot: number, id: string): number {
    return this.keys[slot] === id ? this.tags[slot]! : -1;
  }

  /** fnv1a of `id`, kept in `slot` while the id stays there (another id of the line may have taken it). */
  hashOf(slot: number, id: string): number {
    return this.keys[slot] === id ? this.hashes[slot]! : fnv1a(id, 0, id.length);
  }

  /** Keeps `tag` with `id` while it stays in `slot`. */
  setTag(slot: number, id: string, tag: number): void {
    if (this.keys[slot] === id) this.tags[slot] = tag;
  }

  get(text: string, start: number, end: number): string {
    return this.hashed(text, start, end, fnv1a(text, start, end));
  }

  /** get(), with the text's fnv1a hash known. */
  hashed(text: string, start: number, end: number, h: number): string {
    const slot = h & (this.keys.length - 1);
    this.slot = slot;
    const key = this.keys[slot];
    const length = end - start;
    if (key !== undefined && this.hashes[slot] === h && key.length === length && text.startsWith(key, start)) return key;
    const id = text.slice(start, end);
    // A copy that owns its characters (see above). V8 slices strings of 13 characters
    // or more; slicing a concatenation flattens it into a new string first, so this is a
    // copy of 14 characters' worth, about 3 times as fast as a round trip through a Buffer.
    const own = length < 13 ? id : (' ' + id).slice(1);
    this.keys[slot] = own;
    this.hashes[slot] = h;
    this.tags[slot] = -1;
    return own;
  }
}

/**
 * The author, once the whole line is read: a user is interned, like the other ids that
 * recur; a customer or a bot (most authors of a helpdesk's log, each seldom seen again)
 * is cut out as it is, so as not to push the busy ids out of the cache (on the standard
 * workload the cache's hit rate goes from 56% to 68%). A slice may share the decoded
 * piece's characters; it lives as long as its event (the reading thread sends it on at
 * once; a replay keeps a message until its window closes).
 */
function finishAuthor(line: FlatLine, text: string, start: number, end: number, hash: number, ids: Interner): void {
  if (line.authorKind === 'user') {
    line.author = ids.hashed(text, start, end, hash);
    line.authorSlot = ids.slot;
  } else {
    line.author = text.slice(start, end);
  }
}

/**
 * The line text.slice(start, end) as a FlatLine, or undefined when it is not the plain
 * shape (the caller then uses JSON.parse, which accepts it or says what is wrong).
 * `into`, when given, is filled and returned instead of a new object: the reader reuses
 * one, as each line is done with before the next is read.
 */
export function parseFlatLine(text: string, start: number, end: number, ids: Interner, into?: FlatLine): FlatLine | undefined {
  let i = skipSpace(text, start, end);
  if (text.charCodeAt(i) !== OPEN) return undefined;
  const line = into ?? new FlatLine();
  line.type = undefined;
  line.id = undefined;
  line.at = undefined;
  line.conversation = undefined;
  line.author = undefined;
  line.authorKind = undefined;
  line.audience = undefined;
  line.item = undefined;
  line.user = undefined;
  line.conversationSlot = -1;
  line.authorSlot = -1;
  line.itemSlot = -1;
  line.userSlot = -1;
  let seen = 0;
  let authorStart = -1;
  let authorEnd = -1;
  let authorHash = 0;
  i = skipSpace(text, i + 1, end);
  if (text.charCodeAt(i) === CLOSE) return skipSpace(text, i + 1, end) === end ? line : undefined;
  for (;;) {
    // "key"
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    // A key the format knows is matched where it stands; any other is only scanned for
    // its end (a known key without an escape would have been matched).
    const key = knownKey(text, i + 1, end);
    let keyEnd = knownKeyEnd;
    if (key === OTHER) {
      keyEnd = stringEnd(text, i + 1, end);
      if (keyEnd === -1) return undefined;
    }
    if (key !== OTHER) {
      if ((seen & key) !== 0) return undefined; // a repeated key: JSON.parse decides
      seen |= key;
    }
    i = skipSpace(text, keyEnd + 1, end);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1, end);
    // value: a plain string, null, or a small integer
    let value: string | number | null;
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const interned = (key & INTERNED) !== 0;
      const at = key === AT ? canonicalAt(text, i + 1, end) : null;
      const valueEnd = at !== null ? canonicalEnd : interned ? hashedStringEnd(text, i + 1, end) : stringEnd(text, i + 1, end);
      if (valueEnd === -1) return undefined;
      if (at !== null) value = at;
      else if (key === OTHER) value = null;
      else if (key === AUTHOR) {
        // Read once the line's authorKind is known (see finishAuthor).
        authorStart = i + 1;
        authorEnd = valueEnd;
        authorHash = foundHash;
        value = null;
      } else if (interned) value = ids.hashed(text, i + 1, valueEnd, foundHash);
      else if (key === AT) value = parseUtcAt(text, i + 1, valueEnd) ?? text.slice(i + 1, valueEnd);
      else if (key === ID) value = text.slice(i + 1, valueEnd);
      else value = word(text, i + 1, valueEnd);
      i = valueEnd + 1;
    } else if (c === 110 /* n */ && text.startsWith('null', i)) {
      value = null;
      i += 4;
    } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      const numberStart = i;
      if (c === 45) i++;
      const digitsStart = i;
      while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const digits = i - digitsStart;
      // 0, or no leading zero; at most 15 digits so the value is exact; no fraction or exponent.
      if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(digitsStart) === 48)) return undefined;
      const next = text.charCodeAt(i);
      if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */) return undefined;
      value = Number(text.slice(numberStart, i));
    } else {
      return undefined;
    }
    switch (key) {
      case TYPE:
        line.type = value;
        break;
      case ID:
        line.id = value;
        break;
      case AT:
        line.at = value;
        break;
      case CONVERSATION:
        line.conversation = value;
        if (c === QUOTE) line.conversationSlot = ids.slot;
        break;
      case AUTHOR:
        if (c !== QUOTE) line.author = value;
        break;
      case AUTHOR_KIND:
        line.authorKind = value;
        break;
      case AUDIENCE:
        line.audience = value;
        break;
      case ITEM:
        line.item = value;
        if (c === QUOTE) line.itemSlot = ids.slot;
        break;
      case USER:
        line.user = value;
        if (c === QUOTE) line.userSlot = ids.slot;
        break;
    }
    i = skipSpace(text, i, end);
    const sep = text.charCodeAt(i);
    if (sep === COMMA) {
      i = skipSpace(text, i + 1, end);
      continue;
    }
    if (sep === CLOSE) {
      if (skipSpace(text, i + 1, end) !== end) return undefined;
      if (authorStart !== -1) finishAuthor(line, text, authorStart, authorEnd, authorHash, ids);
      return line;
    }
    return undefined;
  }
}
