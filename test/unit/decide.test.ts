/**
 * decide() as a table, like Mattermost's notification tests: each row names the
 * situation and the exact reason, via and emailSkipped expected.
 */
import { describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/domain/events.js';
import { messageKind } from '../../src/domain/events.js';
import { effectivePreferences, type PreferenceKey } from '../../src/domain/preferences.js';
import { checks, decide, type DecisionFacts } from '../../src/engine/decide.js';

const AT = Date.parse('2026-03-02T09:00:00Z');

function message(kind: 'customer' | 'internal' | 'reply', author = kind === 'customer' ? 'cust-1' : 'zoe'): MessageEvent {
  return {
    type: 'message',
    id: 'm1',
    at: AT,
    conversation: 'c-1',
    author,
    authorKind: kind === 'customer' ? 'customer' : 'user',
    audience: kind === 'internal' ? 'internal' : 'customers',
    item: null,
    line: 1,
  };
}

interface Row {
  name: string;
  kind?: 'customer' | 'internal' | 'reply';
  prefs?: Partial<Record<PreferenceKey, string>>;
  facts?: Partial<DecisionFacts>;
  author?: string;
  expect: { reason: string; alert: boolean; email?: boolean; via?: string | null; emailSkipped?: string | null };
}

function facts(row: Row): DecisionFacts {
  const kind = row.kind ?? 'customer';
  const m = message(kind, row.author);
  return {
    message: m,
    kind: messageKind(m),
    item: 'T-1',
    project: 'billing',
    user: 'alice',
    active: true,
    hasEmail: true,
    prefs: effectivePreferences(new Map(Object.entries(row.prefs ?? {}) as [PreferenceKey, string][]), new Map()),
    member: true,
    followsItem: true,
    followsConversation: false,
    participant: false,
    seenAt: null,
    window: 60_000,
    ...row.facts,
  };
}

const ROWS: Row[] = [
  // Notifications, one per reason.
  { name: 'item follower, customer message, mine', expect: { reason: 'customer_message_mine', alert: true, email: true, via: 'item_follower', emailSkipped: null } },
  { name: 'all customer messages, not following', prefs: { customerMessages: 'all' }, facts: { followsItem: false }, expect: { reason: 'customer_message_all', alert: true, email: true, via: null } },
  { name: 'all customer messages, following: reason is still all', prefs: { customerMessages: 'all' }, expect: { reason: 'customer_message_all', alert: true, via: 'item_follower' } },
  { name: 'internal message, followed', kind: 'internal', expect: { reason: 'internal_message_followed', alert: true, email: true } },
  { name: 'reply to customers, followed', kind: 'reply', expect: { reason: 'customer_reply_followed', alert: true, email: true } },
  // Each check failing.
  { name: 'inactive user', facts: { active: false }, expect: { reason: 'inactive_user', alert: false, email: false, via: 'item_follower', emailSkipped: null } },
  { name: 'own internal message', kind: 'internal', author: 'alice', expect: { reason: 'own_message', alert: false } },
  { name: 'own reply', kind: 'reply', author: 'alice', expect: { reason: 'own_message', alert: false } },
  { name: 'a customer whose id equals a user id is not that user', author: 'alice', expect: { reason: 'customer_message_mine', alert: true } },
  { name: 'own projects, not a member', facts: { member: false }, expect: { reason: 'no_access', alert: false, via: 'item_follower' } },
  { name: 'all projects, not a member', prefs: { access: 'all-projects' }, facts: { member: false }, expect: { reason: 'customer_message_mine', alert: true } },
  { name: 'unattached conversation, not a member', facts: { member: false, item: null, project: null, followsItem: false, followsConversation: true }, expect: { reason: 'customer_message_mine', alert: true, via: 'conversation_follower' } },
  { name: 'customer messages none', prefs: { customerMessages: 'none' }, expect: { reason: 'customer_messages_none', alert: false } },
  { name: 'customer messages none does not affect internal messages', kind: 'internal', prefs: { customerMessages: 'none' }, expect: { reason: 'internal_message_followed', alert: true } },
  { name: 'internal messages off', kind: 'internal', prefs: { internalMessages: 'off' }, expect: { reason: 'internal_messages_off', alert: false } },
  { name: 'internal messages off does not affect replies', kind: 'reply', prefs: { internalMessages: 'off' }, expect: { reason: 'customer_reply_followed', alert: true } },
  { name: 'customer replies off', kind: 'reply', prefs: { customerReplies: 'off' }, expect: { reason: 'customer_replies_off', alert: false } },
  { name: 'customer replies off does not affect customer messages', prefs: { customerReplies: 'off' }, expect: { reason: 'customer_message_mine', alert: true } },
  { name: 'not following (mine)', facts: { followsItem: false }, expect: { reason: 'not_following', alert: false, via: null } },
  { name: 'not following (internal)', kind: 'internal', facts: { followsItem: false }, expect: { reason: 'not_following', alert: false } },
  { name: 'not following (reply)', kind: 'reply', facts: { followsItem: false }, expect: { reason: 'not_following', alert: false } },
  { name: 'all customer messages does not skip following for internal messages', kind: 'internal', prefs: { customerMessages: 'all' }, facts: { followsItem: false }, expect: { reason: 'not_following', alert: false } },
  { name: 'seen within the window', facts: { seenAt: AT + 30_000 }, expect: { reason: 'seen_within_window', alert: false } },
  // Order: the first failing check wins.
  { name: 'inactive before own message', kind: 'internal', author: 'alice', facts: { active: false }, expect: { reason: 'inactive_user', alert: false } },
  { name: 'own message before no access', kind: 'internal', author: 'alice', facts: { member: false }, expect: { reason: 'own_message', alert: false } },
  { name: 'no access before customer messages none', prefs: { customerMessages: 'none' }, facts: { member: false }, expect: { reason: 'no_access', alert: false } },
  { name: 'customer messages none before not following', prefs: { customerMessages: 'none' }, facts: { followsItem: false }, expect: { reason: 'customer_messages_none', alert: false } },
  { name: 'not following before seen', facts: { followsItem: false, seenAt: AT }, expect: { reason: 'not_following', alert: false } },
  // via: the first that holds.
  { name: 'via conversation follower', facts: { followsItem: false, followsConversation: true, participant: true }, expect: { reason: 'customer_message_mine', alert: true, via: 'conversation_follower' } },
  { name: 'via participant', facts: { followsItem: false, participant: true }, expect: { reason: 'customer_message_mine', alert: true, via: 'participant' } },
  { name: 'via item follower first', facts: { followsConversation: true, participant: true }, expect: { reason: 'customer_message_mine', alert: true, via: 'item_follower' } },
  // Email.
  { name: 'no email address', facts: { hasEmail: false }, expect: { reason: 'customer_message_mine', alert: true, email: false, emailSkipped: 'no_email_address' } },
  { name: 'email off', prefs: { email: 'off' }, expect: { reason: 'customer_message_mine', alert: true, email: false, emailSkipped: 'email_off' } },
  { name: 'no address and email off: the address is named', prefs: { email: 'off' }, facts: { hasEmail: false }, expect: { reason: 'customer_message_mine', alert: true, email: false, emailSkipped: 'no_email_address' } },
  { name: 'email off on a suppressed decision skips nothing', prefs: { email: 'off' }, facts: { followsItem: false }, expect: { reason: 'not_following', alert: false, email: false, emailSkipped: null } },
  // Display only.
  { name: '"From customers" hidden changes nothing', prefs: { showFromCustomers: 'off' }, expect: { reason: 'customer_message_mine', alert: true, email: true } },
];

describe('decide()', () => {
  it.each(ROWS)('$name', (row) => {
    const d = decide(facts(row));
    expect(d.reason).toBe(row.expect.reason);
    expect(d.alert).toBe(row.expect.alert);
    if (row.expect.email !== undefined) expect(d.email).toBe(row.expect.email);
    if (row.expect.via !== undefined) expect(d.via).toBe(row.expect.via);
    if (row.expect.emailSkipped !== undefined) expect(d.emailSkipped).toBe(row.expect.emailSkipped);
  });

  it('sets fireAt to the end of the window only when notified, and seenAt only when seen', () => {
    const notified = decide(facts({ name: '', expect: { reason: '', alert: true } }));
    expect(notified.fireAt).toBe(AT + 60_000);
    expect(notified.seenAt).toBeNull();
    const seen = decide(facts({ name: '', facts: { seenAt: AT + 5_000 }, expect: { reason: '', alert: false } }));
    expect(seen).toMatchObject({ fireAt: null, seenAt: AT + 5_000, reason: 'seen_within_window' });
    const other = decide(facts({ name: '', facts: { seenAt: AT + 5_000, active: false }, expect: { reason: '', alert: false } }));
    expect(other).toMatchObject({ fireAt: null, seenAt: null, reason: 'inactive_user' });
  });
});

describe('checks()', () => {
  it('reports every applicable check with its values, in order', () => {
    const result = checks(facts({ name: '', prefs: { customerMessages: 'none' }, facts: { member: false, followsItem: false }, expect: { reason: '', alert: false } }));
    expect(result.map((c) => [c.check, c.passed])).toEqual([
      ['active', true],
      ['not_author', true],
      ['can_see', false],
      ['customer_messages', false],
      ['follows', false],
      ['not_seen', true],
    ]);
    expect(result[2]!.detail).toBe('access: own-projects (default), and alice is not a member of billing, the project of T-1');
    expect(result[3]!.detail).toBe('customer messages: none (explicit)');
    expect(result[4]!.detail).toBe('follows c-1: no — not a follower of T-1, not a follower of the conversation, never posted in it');
  });

  it('marks following as not needed for users who take every customer message', () => {
    const result = checks(facts({ name: '', prefs: { customerMessages: 'all' }, facts: { followsItem: false }, expect: { reason: '', alert: true } }));
    const follows = result.find((c) => c.check === 'follows')!;
    expect(follows.passed).toBe(true);
    expect(follows.detail).toMatch(/^not needed: alice takes every customer message/);
  });

  it('names only the preference check that applies to the kind of message', () => {
    expect(checks(facts({ name: '', kind: 'internal', expect: { reason: '', alert: true } })).map((c) => c.check)).toContain('internal_messages');
    expect(checks(facts({ name: '', kind: 'internal', expect: { reason: '', alert: true } })).map((c) => c.check)).not.toContain('customer_messages');
    expect(checks(facts({ name: '', kind: 'reply', expect: { reason: '', alert: true } })).map((c) => c.check)).toContain('customer_replies');
  });

  it('agrees with decide(): the first failing check gives the reason', () => {
    for (const row of ROWS) {
      const f = facts(row);
      const firstFailed = checks(f).find((c) => !c.passed);
      const d = decide(f);
      expect(d.alert).toBe(firstFailed === undefined);
    }
  });
});
