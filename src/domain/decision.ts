/** A decision as data (SPEC section 6). Times are epoch milliseconds in memory. */
import type { EmailSkipped, Reason, Via } from './reasons.js';

export interface Decision {
  message: string;
  at: number;
  conversation: string;
  item: string | null;
  user: string;
  alert: boolean;
  email: boolean;
  reason: Reason;
  via: Via | null;
  emailSkipped: EmailSkipped | null;
  fireAt: number | null;
  seenAt: number | null;
}

/** The fields of a decision, in the order every format writes them. */
export const DECISION_FIELDS = [
  'message',
  'at',
  'conversation',
  'item',
  'user',
  'alert',
  'email',
  'reason',
  'via',
  'emailSkipped',
  'fireAt',
  'seenAt',
] as const;

export type DecisionField = (typeof DECISION_FIELDS)[number];

export const DEFAULT_WINDOW_MS = 60_000;
