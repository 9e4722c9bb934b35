/**
 * Validation of one log event (SPEC section 4) from its parsed JSON. Hand-written rather
 * than schema-driven because it runs once per line of logs with millions of lines; every
 * problem is a sentence naming the field and what is accepted.
 */
import { LogLineError } from '../domain/errors.js';
import { AUDIENCES, AUTHOR_KINDS, EVENT_TYPES, type Audience, type AuthorKind, type FollowEvent, type LogEvent, type MessageEvent, type ViewEvent } from '../domain/events.js';
import { describe, didYouMean } from '../domain/text.js';
import { parseTime } from '../domain/time.js';
import { FlatLine } from './flat-json.js';
import { MessageIdSet } from './id-set.js';

export interface KnownIds {
  isUser(id: string): boolean;
  isItem(id: string): boolean;
}

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The fields toEvent reads, of a line JSON.parse read (the rare path: escapes, nesting),
 * as a FlatLine: only its own properties, so `__proto__` and the like are not fields.
 */
function fieldsOf(raw: Record<string, unknown>): FlatLine {
  const line = new FlatLine();
  for (const name of FIELDS) if (hasOwn.call(raw, name)) line[name] = raw[name];
  return line;
}
const FIELDS = ['type', 'id', 'at', 'conversation', 'author', 'authorKind', 'audience', 'item', 'user'] as const;

function fail(line: number, problem: string): never {
  throw new LogLineError(line, problem);
}

/** A required, non-empty string field, whose value is `v`. */
function text(v: unknown, name: string, type: string, line: number): string {
  if (v === undefined || v === null) fail(line, `${type} event is missing "${name}"`);
  if (typeof v !== 'string' || v.length === 0) fail(line, `"${name}" must be a non-empty string, got ${describe(v)}`);
  return v;
}

function optionalText(v: unknown, name: string, type: string, line: number): string | null {
  return v === undefined || v === null ? null : text(v, name, type, line);
}

function userField(v: unknown, name: string, type: string, line: number, known: KnownIds): string {
  const id = text(v, name, type, line);
  if (!known.isUser(id)) fail(line, `"${name}" names ${describe(id)}, which is not a user of the workspace`);
  return id;
}

function itemField(v: unknown, name: string, type: string, line: number, known: KnownIds): string | null {
  const id = optionalText(v, name, type, line);
  if (id !== null && !known.isItem(id)) fail(line, `"${name}" names ${describe(id)}, which is not an item of the workspace`);
  return id;
}

/** A checked FlatLine as its event (toEvent's `inPlace`): the time as a number, and the line. */
function asEvent<T extends LogEvent>(raw: FlatLine, at: number, line: number): T {
  raw.at = at;
  raw.line = line;
  return raw as unknown as T;
}

/**
 * One parsed line as a log event. Written without per-call closures: it runs for every
 * line of logs with millions of lines. `inPlace`: a FlatLine given as `raw` becomes the
 * event itself (its fields checked and set as the event's: the time as a number, the
 * audience, item and conversation as null when absent), and is returned, instead of an
 * object made for it. For a reader that hands each event on at once and reuses the line
 * (the reading thread: an object less per line). Its other fields stay as they were read.
 */
export function toEvent(raw: unknown, line: number, known: KnownIds, inPlace = false): LogEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(line, `expected a JSON object, got ${describe(raw)}`);
  }
  // Fields are read as properties of one shape, not looked up by name (that was about 4%
  // of the reading thread): the parsed line itself, or a copy of a JSON.parse object's.
  const flat = raw instanceof FlatLine ? raw : null;
  const f = flat ?? fieldsOf(raw as Record<string, unknown>);
  const type = f.type;
  if (type === undefined) fail(line, `missing "type"; accepted: ${EVENT_TYPES.join(', ')}`);
  if (typeof type !== 'string' || !isOneOf(EVENT_TYPES, type)) {
    fail(line, `"type" is ${describe(type)}; accepted: ${EVENT_TYPES.join(', ')}${typeof type === 'string' ? didYouMean(type, EVENT_TYPES) : ''}`);
  }
  const atRaw = f.at;
  if (atRaw === undefined) fail(line, `${type} event is missing "at"`);
  const at = parseTime(atRaw);
  if (at === null) {
    fail(line, `"at" is ${describe(atRaw)}; accepted: an ISO 8601 date-time with a zone (2026-03-02T09:00:00Z) or an integer of epoch milliseconds, in the years 0000 to 9999`);
  }

  if (type === 'message') {
    const id = text(f.id, 'id', type, line);
    const conversation = text(f.conversation, 'conversation', type, line);
    const authorKind = text(f.authorKind, 'authorKind', type, line);
    if (!isOneOf(AUTHOR_KINDS, authorKind)) {
      fail(line, `"authorKind" is ${describe(authorKind)}; accepted: ${AUTHOR_KINDS.join(', ')}`);
    }
    const author = authorKind === 'user' ? userField(f.author, 'author', type, line, known) : text(f.author, 'author', type, line);
    let audience = optionalText(f.audience, 'audience', type, line);
    if (audience !== null && !isOneOf(AUDIENCES, audience)) {
      fail(line, `"audience" is ${describe(audience)}; accepted: ${AUDIENCES.join(', ')}`);
    }
    if (authorKind === 'customer') {
      if (audience === 'internal') fail(line, 'a customer message cannot have audience "internal"; use "customers" or leave it out');
      audience = 'customers';
    } else if (audience === null) {
      fail(line, `a ${authorKind} message must state "audience": internal (an internal message) or customers (a reply to the customer)`);
    }
    const item = itemField(f.item, 'item', type, line, known);
    if (inPlace && flat !== null) {
      flat.audience = audience;
      flat.item = item;
      return asEvent<MessageEvent>(flat, at, line);
    }
    return {
      type: 'message',
      id,
      at,
      conversation,
      author,
      authorKind: authorKind as AuthorKind,
      audience: audience as Audience,
      item,
      line,
    };
  }
  if (type === 'view') {
    const user = userField(f.user, 'user', type, line, known);
    const conversation = text(f.conversation, 'conversation', type, line);
    if (inPlace && flat !== null) return asEvent<ViewEvent>(flat, at, line);
    return { type: 'view', at, user, conversation, line };
  }
  const user = userField(f.user, 'user', type, line, known);
  const item = itemField(f.item, 'item', type, line, known);
  const conversation = optionalText(f.conversation, 'conversation', type, line);
  if ((item === null) === (conversation === null)) {
    fail(line, `a ${type} event names exactly one of "item" or "conversation"`);
  }
  if (inPlace && flat !== null) {
    flat.item = item;
    flat.conversation = conversation;
    return asEvent<FollowEvent>(flat, at, line);
  }
  return { type: type as 'follow' | 'unfollow', at, user, item, conversation, line };
}

/** That message ids are unique, over the messages given in the order of the log. */
export class UniqueMessageIds {
  private readonly seen = new MessageIdSet();

  check(event: LogEvent): void {
    if (event.type === 'message' && !this.seen.add(event.id)) this.repeated(event);
  }

  /** check() of a message whose id's hashes (hashMessageId) are at hashes[at] and hashes[at + 1]. */
  checkHashed(message: MessageEvent, hashes: Uint32Array, at: number): void {
    if (!this.seen.addHashed(message.id, hashes[at]!, hashes[at + 1]!)) this.repeated(message);
  }

  private repeated(message: MessageEvent): never {
    throw new LogLineError(message.line, `message id ${JSON.stringify(message.id)} appears earlier in the log; message ids must be unique`);
  }
}

/**
 * The checks that span lines: non-decreasing times and unique message ids. `idsChecked`
 * false leaves the ids to the caller (the main thread checks them for a log read in a
 * thread, where the reading thread is the busier of the two).
 */
export class LogSequence {
  private lastAt = -Infinity;
  private readonly messageIds: UniqueMessageIds | null;

  constructor(
    private readonly sorted: boolean,
    idsChecked = true,
  ) {
    this.messageIds = idsChecked ? new UniqueMessageIds() : null;
  }

  accept(event: LogEvent): void {
    if (!this.sorted && event.at < this.lastAt) {
      throw new LogLineError(
        event.line,
        `time ${new Date(event.at).toISOString()} is earlier than the line before (${new Date(this.lastAt).toISOString()}); events must be in time order, or pass --sort`,
      );
    }
    this.lastAt = event.at;
    this.messageIds?.check(event);
  }
}
