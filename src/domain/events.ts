/** Log events (SPEC section 4), after validation. Times are epoch milliseconds. */

/** The vocabularies of a log line, in one place for the readers, the codec and the help. */
export const EVENT_TYPES = ['message', 'view', 'follow', 'unfollow'] as const;
export const AUTHOR_KINDS = ['user', 'customer', 'bot'] as const;
export const AUDIENCES = ['internal', 'customers'] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export type Audience = (typeof AUDIENCES)[number];
/** What a message is for the rules: the three rows 4a, 4b, 4c of SPEC section 5. */
export const MESSAGE_KINDS = ['customer', 'internal', 'reply'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * What every event may carry besides its fields: `conversationKey`, the number the reading
 * thread gave the event's conversation (src/io/event-batch.ts), the same for all its
 * events. Only events decoded from a reading thread's batches have it, and then all of
 * them that name a conversation; the replay finds conversations by it in an array
 * instead of by id in a map (Replay.push()). Never written out.
 */
export interface EventBase {
  conversationKey?: number | undefined;
}

export interface MessageEvent extends EventBase {
  type: 'message';
  id: string;
  at: number;
  conversation: string;
  author: string;
  authorKind: AuthorKind;
  audience: Audience;
  item: string | null;
  line: number;
}

export interface ViewEvent extends EventBase {
  type: 'view';
  at: number;
  user: string;
  conversation: string;
  line: number;
}

export interface FollowEvent extends EventBase {
  type: 'follow' | 'unfollow';
  at: number;
  user: string;
  item: string | null;
  conversation: string | null;
  line: number;
}

export type LogEvent = MessageEvent | ViewEvent | FollowEvent;

export function messageKind(m: Pick<MessageEvent, 'authorKind' | 'audience'>): MessageKind {
  if (m.authorKind === 'customer') return 'customer';
  return m.audience === 'internal' ? 'internal' : 'reply';
}
