import { describe, expect, it } from 'vitest';
import { LogLineError } from '../../src/domain/errors.js';
import { ask } from '../../src/engine/questions.js';
import { toEvent } from '../../src/io/log-events.js';
import { BASE, at, customerMessage, decisionFor, replay, userMessage, view, workspace } from '../helpers.js';

const ws = () => workspace(BASE);

describe('the seen window', () => {
  it('a view exactly 60 s later counts as seen', () => {
    const r = replay(ws(), [customerMessage('m1', 0), view(60, 'bob')]);
    expect(decisionFor(r, 'm1', 'bob')).toMatchObject({ reason: 'seen_within_window', alert: false, seenAt: Date.parse(at(60)), fireAt: null });
  });

  it('a view 61 s later does not', () => {
    const r = replay(ws(), [customerMessage('m1', 0), view(61, 'bob')]);
    expect(decisionFor(r, 'm1', 'bob')).toMatchObject({ reason: 'customer_message_mine', alert: true, seenAt: null, fireAt: Date.parse(at(60)) });
  });

  it('a view of another conversation, or by another user, does not count', () => {
    const r = replay(ws(), [customerMessage('m1', 0), view(10, 'bob', 'c-2'), view(20, 'alice')]);
    expect(decisionFor(r, 'm1', 'bob').reason).toBe('customer_message_mine');
  });

  it('a view on an earlier line at the same time does not count: the message was not there yet', () => {
    const r = replay(ws(), [view(0, 'bob'), customerMessage('m1', 0)]);
    expect(decisionFor(r, 'm1', 'bob').reason).toBe('customer_message_mine');
  });

  it('a view on a later line at the same time counts', () => {
    const r = replay(ws(), [customerMessage('m1', 0), view(0, 'bob')]);
    expect(decisionFor(r, 'm1', 'bob')).toMatchObject({ reason: 'seen_within_window', seenAt: Date.parse(at(0)) });
  });

  it('a reply by the user counts as seeing, and seenAt is the first such line', () => {
    const r = replay(ws(), [customerMessage('m1', 0), userMessage('m2', 20, 'bob', 'customers'), view(30, 'bob')]);
    expect(decisionFor(r, 'm1', 'bob')).toMatchObject({ reason: 'seen_within_window', seenAt: Date.parse(at(20)) });
  });

  it('one view sees every earlier message still in its window', () => {
    const r = replay(ws(), [customerMessage('m1', 0), customerMessage('m2', 30), customerMessage('m3', 50), view(70, 'bob')]);
    expect(decisionFor(r, 'm1', 'bob').reason).toBe('customer_message_mine');
    expect(decisionFor(r, 'm2', 'bob').reason).toBe('seen_within_window');
    expect(decisionFor(r, 'm3', 'bob').reason).toBe('seen_within_window');
  });

  it('emits the decisions of a message as soon as a later line passes its window, not at the end of the log', () => {
    // The replay keeps only the open window: the first line past it settles the message.
    const known = { isUser: (id: string) => ws().users.has(id), isItem: (id: string) => ws().items.has(id) };
    for (const selection of [{ kind: 'notified' as const }, { kind: 'all' as const }]) {
      const emitted: string[] = [];
      const r = ask.decisions(ws(), { window: 60_000, selection, onDecision: (d) => emitted.push(`${d.message}/${d.user}`) });
      const lines = [customerMessage('m1', 0), view(30, 'alice', 'c-2'), customerMessage('m2', 60), view(61, 'alice', 'c-2'), view(121, 'alice', 'c-2')];
      const after: number[] = [];
      lines.forEach((line, i) => {
        r.push(toEvent(line, i + 1, known));
        after.push(emitted.filter((e) => e.startsWith('m1/')).length, emitted.filter((e) => e.startsWith('m2/')).length);
      });
      // m1 (at 0 s) is settled by the view at 61 s, m2 (at 60 s) by the one at 121 s.
      expect(after.filter((_, i) => i % 2 === 0).map((n) => n > 0)).toEqual([false, false, false, true, true]);
      expect(after.filter((_, i) => i % 2 === 1).map((n) => n > 0)).toEqual([false, false, false, false, true]);
    }
  });

  it('--window changes the edge', () => {
    const log = [customerMessage('m1', 0), view(90, 'bob')];
    expect(decisionFor(replay(ws(), log, { window: 90_000 }), 'm1', 'bob')).toMatchObject({ reason: 'seen_within_window' });
    expect(decisionFor(replay(ws(), log, { window: 89_000 }), 'm1', 'bob')).toMatchObject({ reason: 'customer_message_mine', fireAt: Date.parse(at(89)) });
  });
});

describe('following', () => {
  it('follow and unfollow mid-log change later messages only', () => {
    const r = replay(ws(), [
      customerMessage('m1', 0),
      { type: 'follow', at: at(100), user: 'alice', conversation: 'c-1' },
      customerMessage('m2', 200),
      { type: 'unfollow', at: at(300), user: 'bob', item: 'T-1' },
      customerMessage('m3', 400),
    ]);
    expect(decisionFor(r, 'm1', 'alice')).toMatchObject({ reason: 'not_following', via: null });
    expect(decisionFor(r, 'm2', 'alice')).toMatchObject({ reason: 'customer_message_mine', via: 'conversation_follower' });
    expect(decisionFor(r, 'm2', 'bob')).toMatchObject({ reason: 'customer_message_mine', via: 'item_follower' });
    expect(decisionFor(r, 'm3', 'bob')).toMatchObject({ reason: 'not_following', via: null });
  });

  it('a user who posted earlier is a participant; the message they post is not yet', () => {
    const r = replay(ws(), [
      userMessage('m1', 0, 'alice', 'internal'),
      customerMessage('m2', 100),
    ]);
    expect(decisionFor(r, 'm1', 'alice').reason).toBe('own_message');
    expect(decisionFor(r, 'm1', 'alice').via).toBeNull();
    expect(decisionFor(r, 'm2', 'alice')).toMatchObject({ reason: 'customer_message_mine', via: 'participant' });
  });

  it('customers and bots do not become participants', () => {
    const r = replay(workspace({ ...BASE, users: [...BASE.users, { id: 'helper' }] }), [
      { type: 'message', id: 'm1', at: at(0), conversation: 'c-9', author: 'helper', authorKind: 'bot', audience: 'internal' },
      customerMessage('m2', 100, 'c-9'),
    ]);
    expect(decisionFor(r, 'm2', 'helper')).toMatchObject({ reason: 'not_following', via: null });
  });
});

describe('conversations and items', () => {
  it('an unattached conversation can be seen by everyone', () => {
    const r = replay(ws(), [customerMessage('m1', 0, 'chat-1'), { type: 'follow', at: at(1), user: 'carol', conversation: 'chat-1' }, customerMessage('m2', 100, 'chat-1')]);
    expect(decisionFor(r, 'm1', 'carol')).toMatchObject({ item: null, reason: 'not_following' });
    expect(decisionFor(r, 'm2', 'carol')).toMatchObject({ item: null, reason: 'customer_message_mine', via: 'conversation_follower' });
  });

  it('a conversation is attached at the first message that names an item, from that message on', () => {
    const r = replay(ws(), [
      customerMessage('m1', 0, 'chat-1'),
      customerMessage('m2', 100, 'chat-1', { item: 'T-1' }),
      customerMessage('m3', 200, 'chat-1'),
    ]);
    expect(decisionFor(r, 'm1', 'bob')).toMatchObject({ item: null, reason: 'not_following' });
    expect(decisionFor(r, 'm2', 'bob')).toMatchObject({ item: 'T-1', reason: 'customer_message_mine', via: 'item_follower' });
    expect(decisionFor(r, 'm3', 'bob')).toMatchObject({ item: 'T-1', via: 'item_follower' });
    // carol is not a member of billing: she could see the chat only while unattached.
    expect(decisionFor(r, 'm1', 'carol').reason).toBe('not_following');
    expect(decisionFor(r, 'm3', 'carol').reason).toBe('no_access');
  });

  it('a message naming another item than the conversation has is an error on its line', () => {
    const withT2 = workspace({ ...BASE, items: [...BASE.items, { id: 'T-2', project: 'billing' }] });
    expect(() => replay(withT2, [customerMessage('m1', 0), customerMessage('m2', 10, 'c-1', { item: 'T-2' })])).toThrow(
      new LogLineError(2, 'message "m2" names item "T-2", but conversation "c-1" belongs to item "T-1"'),
    );
  });
});

describe('what is reported', () => {
  it('--all: every user for every message, in log order then by user id', () => {
    const r = replay(ws(), [customerMessage('m1', 0), customerMessage('m2', 100)]);
    expect(r.decisions.map((d) => `${d.message}/${d.user}`)).toEqual(['m1/alice', 'm1/bob', 'm1/carol', 'm2/alice', 'm2/bob', 'm2/carol']);
  });

  it('emits in log order even when a later message settles first', () => {
    // m1 waits for its window; m2 (suppressed for everyone) must still come after it.
    const r = replay(ws(), [customerMessage('m1', 0), userMessage('m2', 10, 'bob', 'internal')]);
    expect(r.decisions.map((d) => d.message)).toEqual(['m1', 'm1', 'm1', 'm2', 'm2', 'm2']);
  });

  it('notified-only evaluates candidates yet agrees with --all filtered to notifications', () => {
    const doc = {
      ...BASE,
      users: [...BASE.users, { id: 'dave', email: 'd@example.com', preferences: { customerMessages: 'all', access: 'all-projects' } }],
    };
    const log = [
      customerMessage('m1', 0),
      userMessage('m2', 10, 'alice', 'internal'),
      customerMessage('m3', 20, 'chat-1'),
      view(30, 'bob'),
      userMessage('m4', 100, 'bob', 'customers'),
      customerMessage('m5', 200),
    ];
    const all = replay(workspace(doc), log).decisions.filter((d) => d.alert);
    const notified = replay(workspace(doc), log, { selection: { kind: 'notified' } }).decisions;
    expect(notified).toEqual(all);
    expect(notified.length).toBeGreaterThan(3);
  });

  it('--user reports only those users, suppressed decisions included', () => {
    const r = replay(ws(), [customerMessage('m1', 0)], { selection: { kind: 'users', users: new Set(['carol']) } });
    expect(r.decisions.map((d) => [d.user, d.reason])).toEqual([['carol', 'no_access']]);
  });
});
