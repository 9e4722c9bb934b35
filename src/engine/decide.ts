/**
 * decide(): one message x one user -> a decision (SPEC section 5). A pure function of
 * plain facts, like Zulip's notification_data: no database, no files. The checks are one
 * ordered table; decide() stops at the first that fails, checks() reports every one with
 * the values behind it, so the decision and its explanation cannot disagree.
 */
import type { Decision } from '../domain/decision.js';
import type { MessageEvent, MessageKind } from '../domain/events.js';
import type { EffectivePreferences, PreferenceKey } from '../domain/preferences.js';
import type { EmailSkipped, NotificationReason, SuppressionReason, Via } from '../domain/reasons.js';
import { UTC, formatHuman } from '../domain/zone.js';

/** Everything the rules need about one user at the moment of one message. */
export interface DecisionFacts {
  message: MessageEvent;
  kind: MessageKind;
  /** The conversation's item at the message, or null when unattached. */
  item: string | null;
  /** The project of that item. */
  project: string | null;
  user: string;
  active: boolean;
  hasEmail: boolean;
  prefs: EffectivePreferences;
  member: boolean;
  followsItem: boolean;
  followsConversation: boolean;
  participant: boolean;
  /** When the user saw the message within the window (a later view or own message), else null. */
  seenAt: number | null;
  /** The line of the log that saw it (set by the replay; gaps breaks ties of seenAt by it). */
  seenLine?: number | null;
  window: number;
}

export type CheckId =
  | 'active'
  | 'not_author'
  | 'can_see'
  | 'customer_messages'
  | 'internal_messages'
  | 'customer_replies'
  | 'follows'
  | 'not_seen';

export interface CheckResult {
  check: CheckId;
  passed: boolean;
  detail: string;
}

export interface CheckSpec {
  id: CheckId;
  reason: SuppressionReason;
  /** The check applies only to this kind of message (rows 4a, 4b, 4c). */
  onlyFor?: MessageKind;
  passes(f: DecisionFacts): boolean;
  /** A check that does not apply to this user and message passes without being made. */
  skipped?(f: DecisionFacts): boolean;
  /** Times in the words are in `zone`, the zone of the reader (SPEC 9.7). */
  detail(f: DecisionFacts, passed: boolean, zone: string): string;
}

export function viaOf(f: Pick<DecisionFacts, 'followsItem' | 'followsConversation' | 'participant'>): Via | null {
  if (f.followsItem) return 'item_follower';
  if (f.followsConversation) return 'conversation_follower';
  if (f.participant) return 'participant';
  return null;
}

export function isAuthor(f: Pick<DecisionFacts, 'message' | 'user'>): boolean {
  // Customer and bot ids are free strings in their own namespaces: only a user-kind
  // author is a workspace user.
  return f.message.authorKind === 'user' && f.message.author === f.user;
}

function pref(f: DecisionFacts, key: PreferenceKey): string {
  return `${f.prefs[key]} (${f.prefs.source[key]})`;
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

const CHECKS: readonly CheckSpec[] = [
  {
    id: 'active',
    reason: 'inactive_user',
    passes: (f) => f.active,
    detail: (f, ok) => (ok ? `${f.user} is active` : `${f.user} is deactivated`),
  },
  {
    id: 'not_author',
    reason: 'own_message',
    passes: (f) => !isAuthor(f),
    detail: (f, ok) =>
      ok
        ? `the message was written by ${f.message.authorKind} ${f.message.author}`
        : `${f.user} wrote this message; nobody is notified of their own messages`,
  },
  {
    id: 'can_see',
    reason: 'no_access',
    passes: (f) => f.item === null || f.prefs.access === 'all-projects' || f.member,
    detail: (f, ok) => {
      if (f.item === null) return `${f.message.conversation} is not attached to an item, so every user can see it`;
      if (f.prefs.access === 'all-projects') return `access: ${pref(f, 'access')}`;
      if (ok) return `access: ${pref(f, 'access')}, and ${f.user} is a member of ${f.project}, the project of ${f.item}`;
      return `access: ${pref(f, 'access')}, and ${f.user} is not a member of ${f.project}, the project of ${f.item}`;
    },
  },
  {
    id: 'customer_messages',
    reason: 'customer_messages_none',
    onlyFor: 'customer',
    passes: (f) => f.prefs.customerMessages !== 'none',
    detail: (f) => `customer messages: ${pref(f, 'customerMessages')}`,
  },
  {
    id: 'internal_messages',
    reason: 'internal_messages_off',
    onlyFor: 'internal',
    passes: (f) => f.prefs.internalMessages === 'on',
    detail: (f) => `followed internal messages: ${pref(f, 'internalMessages')}`,
  },
  {
    id: 'customer_replies',
    reason: 'customer_replies_off',
    onlyFor: 'reply',
    passes: (f) => f.prefs.customerReplies === 'on',
    detail: (f) => `followed replies to customers: ${pref(f, 'customerReplies')}`,
  },
  {
    id: 'follows',
    reason: 'not_following',
    passes: (f) => f.followsItem || f.followsConversation || f.participant,
    skipped: (f) => f.kind === 'customer' && f.prefs.customerMessages === 'all',
    detail: (f) => followDetail(f),
  },
  {
    id: 'not_seen',
    reason: 'seen_within_window',
    passes: (f) => f.seenAt === null,
    detail: (f, ok, zone) =>
      ok
        ? `not seen within ${seconds(f.window)}: no view of ${f.message.conversation} by ${f.user} and no message from them by ${formatHuman(f.message.at + f.window, zone)}`
        : `seen at ${formatHuman(f.seenAt!, zone)}, ${seconds(f.seenAt! - f.message.at)} after the message (window ${seconds(f.window)})`,
  },
];

function followDetail(f: DecisionFacts): string {
  const c = f.message.conversation;
  const why: string[] = [];
  if (f.item !== null) why.push(`${f.followsItem ? 'a' : 'not a'} follower of ${f.item}`);
  why.push(`${f.followsConversation ? 'a' : 'not a'} follower of the conversation`);
  why.push(f.participant ? 'posted in it before' : 'never posted in it');
  const follows = f.followsItem || f.followsConversation || f.participant;
  const head = `follows ${c}: ${follows ? 'yes' : 'no'} — ${why.join(', ')}`;
  if (f.kind === 'customer' && f.prefs.customerMessages === 'all') {
    return `not needed: ${f.user} takes every customer message (${head})`;
  }
  return head;
}

function notificationReason(f: DecisionFacts): NotificationReason {
  if (f.kind === 'customer') {
    return f.prefs.customerMessages === 'all' ? 'customer_message_all' : 'customer_message_mine';
  }
  return f.kind === 'internal' ? 'internal_message_followed' : 'customer_reply_followed';
}

function emailSkippedOf(f: DecisionFacts): EmailSkipped | null {
  if (!f.hasEmail) return 'no_email_address';
  if (f.prefs.email === 'off') return 'email_off';
  return null;
}

/**
 * The check that stops the notification, or null when every check passes. `except`
 * names one check to leave out (the replay asks "would this user be notified of a
 * message here by someone else?" once per conversation instead of once per message).
 */
export function firstFailingCheck(f: DecisionFacts, except?: CheckId): CheckSpec | null {
  for (const check of CHECKS) {
    if (check.onlyFor !== undefined && check.onlyFor !== f.kind) continue;
    if (check.id === except) continue;
    if (check.skipped?.(f)) continue;
    if (!check.passes(f)) return check;
  }
  return null;
}

/** The checks in order, for callers that keep which one failed as a number (the replay). */
export const CHECK_ORDER: readonly CheckSpec[] = CHECKS;
export const ACTIVE_CHECK: CheckSpec = CHECKS.find((c) => c.id === 'active')!;
export const NOT_AUTHOR_CHECK: CheckSpec = CHECKS.find((c) => c.id === 'not_author')!;
/** The "seen" check: the only one that can fail once every other has passed. */
export const NOT_SEEN_CHECK: CheckSpec = CHECKS.find((c) => c.id === 'not_seen')!;

export function decide(f: DecisionFacts): Decision {
  return decideInto(f, blankDecision());
}

/** A decision object with every field, to be filled by decideInto(). */
export function blankDecision(): Decision {
  return {
    message: '',
    at: 0,
    conversation: '',
    item: null,
    user: '',
    alert: false,
    email: false,
    reason: 'inactive_user',
    via: null,
    emailSkipped: null,
    fireAt: null,
    seenAt: null,
  };
}

/** decide(), writing into `out` (for callers that consume each decision at once). */
/**
 * `failing`: the first failing check when the caller knows it already (the replay knows
 * when every check but "seen" has passed); worked out here otherwise.
 */
export function decideInto(f: DecisionFacts, out: Decision, failing: CheckSpec | null = firstFailingCheck(f)): Decision {
  out.message = f.message.id;
  out.at = f.message.at;
  out.conversation = f.message.conversation;
  out.item = f.item;
  out.user = f.user;
  out.via = viaOf(f);
  if (failing !== null) {
    out.alert = false;
    out.email = false;
    out.reason = failing.reason;
    out.emailSkipped = null;
    out.fireAt = null;
    out.seenAt = failing.reason === 'seen_within_window' ? f.seenAt : null;
    return out;
  }
  const emailSkipped = emailSkippedOf(f);
  out.alert = true;
  out.email = emailSkipped === null;
  out.reason = notificationReason(f);
  out.emailSkipped = emailSkipped;
  out.fireAt = f.message.at + f.window;
  out.seenAt = null;
  return out;
}

/**
 * Every check that applies to this message, in order, with its outcome and the values
 * behind it — including those after the first failure, so an explanation shows all
 * that would have to change.
 */
export function checks(f: DecisionFacts, zone = UTC): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (check.onlyFor !== undefined && check.onlyFor !== f.kind) continue;
    const passed = check.skipped?.(f) === true || check.passes(f);
    results.push({ check: check.id, passed, detail: check.detail(f, passed, zone) });
  }
  return results;
}
