/** timeline (SPEC 9.1): one conversation's lines, with the rules' outcome under each message. */
import { describe, expect, it } from 'vitest';
import { workspaceDatabase } from '../fixtures/databases.js';
import { cli } from './run.js';

const WORKSPACE = {
  version: 1,
  users: [{ id: 'ann', email: 'ann@x.io' }, { id: 'bob' }, { id: 'cy', active: false }],
  projects: [{ id: 'p', members: ['ann', 'bob', 'cy'] }],
  items: [{ id: 'T', project: 'p', followers: [] }],
  conversations: [],
};
const at = (s: number) => new Date(Date.parse('2026-03-02T14:00:00Z') + s * 1000).toISOString();
const LOG = [
  { type: 'follow', at: at(0), user: 'ann', item: 'T' }, // 1: before the log attaches chat to T: not shown
  { type: 'message', id: 'm1', at: at(10), conversation: 'chat', author: 'x', authorKind: 'customer' }, // 2
  { type: 'message', id: 'o1', at: at(20), conversation: 'other', author: 'x', authorKind: 'customer' }, // 3: another conversation
  { type: 'message', id: 'm2', at: at(30), conversation: 'chat', author: 'x', authorKind: 'customer', item: 'T' }, // 4: attaches
  { type: 'unfollow', at: at(40), user: 'ann', item: 'T' }, // 5: shown
  { type: 'follow', at: at(50), user: 'bob', conversation: 'chat' }, // 6
  { type: 'message', id: 'm3', at: at(60), conversation: 'chat', author: 'bob', authorKind: 'user', audience: 'customers' }, // 7
  { type: 'view', at: at(70), user: 'ann', conversation: 'chat' }, // 8
];

const setup = () => workspaceDatabase(WORKSPACE, LOG);

describe('timeline', () => {
  it('shows the conversation\'s lines and its item\'s follows from the attaching message on, with outcomes (JSON)', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'timeline', 'chat', '--log', log, '--user', 'ann', '--format', 'json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { conversation: string; item: string; events: Record<string, unknown>[] };
    expect(t.conversation).toBe('chat');
    expect(t.item).toBe('T');
    expect(t.events.map((e) => [e.line, e.type])).toEqual([[2, 'message'], [4, 'message'], [5, 'unfollow'], [6, 'follow'], [7, 'message'], [8, 'view']]);
    // m1: chat not attached, ann follows nothing in it: nobody alerted.
    expect(t.events[0]).toMatchObject({ id: 'm1', alerted: [], emailed: [], suppressed: { inactive_user: 1, not_following: 2 } });
    // m2 attaches chat to T, which ann follows (line 1); she would be alerted, but views it 40 s later.
    expect(t.events[1]).toMatchObject({ id: 'm2', item: 'T', alerted: [], emailed: [], suppressed: { inactive_user: 1, not_following: 1, seen_within_window: 1 } });
    expect((t.events[1]!.decisions as { user: string; reason: string }[]).map((d) => [d.user, d.reason])).toEqual([['ann', 'seen_within_window']]);
    // m3 by bob: ann has unfollowed T and views it 10 s later.
    expect(t.events[4]).toMatchObject({ id: 'm3', alerted: [], suppressed: { inactive_user: 1, own_message: 1, not_following: 1 } });
    expect(t.events[2]).toEqual({ line: 5, at: at(40), type: 'unfollow', user: 'ann', item: 'T' });
    expect(t.events[5]).toEqual({ line: 8, at: at(70), type: 'view', user: 'ann', conversation: 'chat' });
  });

  it('in a table: the user\'s decision, their own lines marked, times in --tz, --since/--until read in it', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, '--tz', 'Europe/Rome', 'timeline', 'chat', '--log', log, '--user', 'bob', '--since', '2026-03-02 15:00:30', '--until', '2026-03-02 15:01:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '\tTIME\tLINE\tWHAT\tOUTCOME\tBOB',
        '\t2026-03-02 15:00:30+01:00\t4\tcustomer message m2 by customer x (attaches it to T)\tnot alerted: inactive_user 1, not_following 1, seen_within_window 1; seen by: bob 15:01:00+01:00, ann 15:01:10+01:00\tnot_following',
        '\t2026-03-02 15:00:40+01:00\t5\tann unfollowed item T\t\t',
        '*\t2026-03-02 15:00:50+01:00\t6\tbob followed the conversation\t\t',
        '*\t2026-03-02 15:01:00+01:00\t7\treply to customers m3 by bob\tnot alerted: inactive_user 1, own_message 1, not_following 1; seen by: ann 15:01:10+01:00\town_message',
        '',
      ].join('\n'),
    );
  });

  it('names an unknown conversation, a bad zone and --since after --until', async () => {
    const { db, log } = await setup();
    const unknown = await cli(['--db', db, 'timeline', 'nope', '--log', log]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`error: conversation "nope" is not in the workspace, and no line of ${log} names it\n`);
    expect((await cli(['--db', db, '--tz', 'Nowhere/Land', 'timeline', 'chat', '--log', log])).code).toBe(2);
    const backwards = await cli(['--db', db, 'timeline', 'chat', '--log', log, '--since', '2026-03-02T16:00:00Z', '--until', '2026-03-02T15:00:00Z']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toBe('error: --since 2026-03-02T16:00:00Z is after --until 2026-03-02T15:00:00Z; nothing could be shown\n');
  });

  it('reads the log from standard input', async () => {
    const { db } = await setup();
    const r = await cli(['--db', db, 'timeline', 'chat', '--log', '-', '--format', 'json'], { input: LOG.map((e) => JSON.stringify(e)).join('\n') + '\n' });
    expect((JSON.parse(r.stdout) as { events: unknown[] }).events).toHaveLength(6);
  });
});
