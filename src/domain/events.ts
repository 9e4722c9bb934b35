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

export interface MessageEvent {
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

export interface ViewEvent {
  type: 'view';
  at: number;
  user: string;
  conversation: string;
  line: number;
}

export interface FollowEvent {
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
