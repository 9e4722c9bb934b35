/**
 * Validation of one log event (SPEC section 4) from its parsed JSON. Hand-written rather
 * than schema-driven because it runs once per line of logs with millions of lines; every
 * problem is a sentence naming the field and what is accepted.
 */
import { LogLineError } from '../domain/errors.js';
import type { Audience, AuthorKind, LogEvent } from '../domain/events.js';
import { parseTime } from '../domain/time.js';
import { MessageIdSet } from './id-set.js';

export interface KnownIds {
  isUser(id: string): boolean;
  isItem(id: string): boolean;
}

const EVENT_TYPES = ['message', 'view', 'follow', 'unfollow'];
const AUTHOR_KINDS = ['user', 'customer', 'bot'];
const AUDIENCES = ['internal', 'customers'];
const hasOwn = Object.prototype.hasOwnProperty;

function field(raw: Record<string, unknown>, name: string): unknown {
  return hasOwn.call(raw, name) ? raw[name] : undefined;
}

function describe(value: unknown): string {
  // JSON.parse turns 1e309 into Infinity, which JSON.stringify would show as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    // A value nested too deeply to print (JSON.parse accepts more depth than stringify).
    return Array.isArray(value) ? 'a deeply nested list' : 'a deeply nested object';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function toEvent(raw: unknown, line: number, known: KnownIds): LogEvent {
  const fail = (problem: string): never => {
    throw new LogLineError(line, problem);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(`expected a JSON object, got ${describe(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  const type = field(obj, 'type');
  if (type === undefined) fail(`missing "type"; accepted: ${EVENT_TYPES.join(', ')}`);
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type)) {
    fail(`"type" is ${describe(type)}; accepted: ${EVENT_TYPES.join(', ')}`);
  }

  const text = (name: string): string => {
    const v = field(obj, name);
    if (v === undefined || v === null) fail(`${type} event is missing "${name}"`);
    if (typeof v !== 'string' || v.length === 0) fail(`"${name}" must be a non-empty string, got ${describe(v)}`);
    return v as string;
  };
  const optionalText = (name: string): string | null => {
    const v = field(obj, name);
    return v === undefined || v === null ? null : text(name);
  };
  const user = (name: string): string => {
    const id = text(name);
    if (!known.isUser(id)) fail(`"${name}" names ${describe(id)}, which is not a user of the workspace`);
    return id;
  };
  const item = (name: string): string | null => {
    const id = optionalText(name);
    if (id !== null && !known.isItem(id)) fail(`"${name}" names ${describe(id)}, which is not an item of the workspace`);
    return id;
  };

  const atRaw = field(obj, 'at');
  if (atRaw === undefined) fail(`${type} event is missing "at"`);
  const at = parseTime(atRaw);
  if (at === null) {
    fail(`"at" is ${describe(atRaw)}; accepted: an ISO 8601 date-time with a zone (2026-03-02T09:00:00Z) or an integer of epoch milliseconds`);
  }

  switch (type) {
    case 'message': {
      const id = text('id');
      const conversation = text('conversation');
      const authorKind = text('authorKind');
      if (!AUTHOR_KINDS.includes(authorKind)) {
        fail(`"authorKind" is ${describe(authorKind)}; accepted: ${AUTHOR_KINDS.join(', ')}`);
      }
      const author = authorKind === 'user' ? user('author') : text('author');
      let audience = optionalText('audience');
      if (audience !== null && !AUDIENCES.includes(audience)) {
        fail(`"audience" is ${describe(audience)}; accepted: ${AUDIENCES.join(', ')}`);
      }
      if (authorKind === 'customer') {
        if (audience === 'internal') fail('a customer message cannot have audience "internal"; use "customers" or leave it out');
        audience = 'customers';
      } else if (audience === null) {
        fail(`a ${authorKind} message must state "audience": internal (an internal message) or customers (a reply to the customer)`);
      }
      return {
        type: 'message',
        id,
        at: at!,
        conversation,
        author,
        authorKind: authorKind as AuthorKind,
        audience: audience as Audience,
        item: item('item'),
        line,
      };
    }
    case 'view':
      return { type: 'view', at: at!, user: user('user'), conversation: text('conversation'), line };
    default: {
      const u = user('user');
      const itemId = item('item');
      const conversation = optionalText('conversation');
      if ((itemId === null) === (conversation === null)) {
        fail(`a ${type} event names exactly one of "item" or "conversation"`);
      }
      return { type: type as 'follow' | 'unfollow', at: at!, user: u, item: itemId, conversation, line };
    }
  }
}

/** The checks that span lines: non-decreasing times and unique message ids. */
export class LogSequence {
  private lastAt = -Infinity;
  private readonly messageIds = new MessageIdSet();

  constructor(private readonly sorted: boolean) {}

  accept(event: LogEvent): void {
    if (!this.sorted && event.at < this.lastAt) {
      throw new LogLineError(
        event.line,
        `time ${new Date(event.at).toISOString()} is earlier than the line before (${new Date(this.lastAt).toISOString()}); events must be in time order, or pass --sort`,
      );
    }
    this.lastAt = event.at;
    if (event.type === 'message') {
      if (!this.messageIds.add(event.id)) {
        throw new LogLineError(event.line, `message id ${JSON.stringify(event.id)} appears earlier in the log; message ids must be unique`);
      }
    }
  }
}
