/**
 * The one vocabulary of decision reasons (SPEC section 5), with the sentence that
 * explains each. The engine, the renderers, the explanations and the tests share it.
 */

export const SUPPRESSION_REASONS = [
  'inactive_user',
  'own_message',
  'no_access',
  'customer_messages_none',
  'internal_messages_off',
  'customer_replies_off',
  'not_following',
  'seen_within_window',
] as const;

export const NOTIFICATION_REASONS = [
  'customer_message_all',
  'customer_message_mine',
  'internal_message_followed',
  'customer_reply_followed',
] as const;

export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];
export type Reason = SuppressionReason | NotificationReason;

export const REASONS: readonly Reason[] = [...NOTIFICATION_REASONS, ...SUPPRESSION_REASONS];

export const REASON_SENTENCES: Record<Reason, string> = {
  customer_message_all: 'takes every customer message',
  customer_message_mine: 'customer message in a conversation they follow',
  internal_message_followed: 'internal message in a conversation they follow',
  customer_reply_followed: 'reply to a customer in a conversation they follow',
  inactive_user: 'the user is inactive',
  own_message: 'they wrote the message',
  no_access: 'they cannot see the conversation',
  customer_messages_none: 'customer messages are set to none',
  internal_messages_off: 'followed internal messages are off',
  customer_replies_off: 'followed replies to customers are off',
  not_following: 'they do not follow the conversation',
  seen_within_window: 'they saw it within the window',
};

export const VIA_VALUES = ['item_follower', 'conversation_follower', 'participant'] as const;
export type Via = (typeof VIA_VALUES)[number];

export const EMAIL_SKIPPED_VALUES = ['no_email_address', 'email_off'] as const;
export type EmailSkipped = (typeof EMAIL_SKIPPED_VALUES)[number];
