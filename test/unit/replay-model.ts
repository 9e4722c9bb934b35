/**
 * The brute-force reference model of SPEC section 5, written from the SPEC without using
 * the engine (for every (message, user) pair it rescans the log), and the fast-check
 * generators of workspaces and logs it is tried on. Shared by the replay's property tests
 * and those of what is built on the replay (gaps --suggest, load).
 */
import fc from 'fast-check';
import type { LogEvent, MessageEvent } from '../../src/domain/events.js';


export const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
export const ITEMS = ['i1', 'i2', 'i3'];
export const CONVERSATIONS = ['c1', 'c2', 'c3'];
export const BUILT_IN: Record<string, string | boolean> = {
  access: 'own-projects', showFromCustomers: true, customerMessages: 'mine', internalMessages: true, customerReplies: true, email: true,
};

export interface Doc {
  defaults: Record<string, string | boolean>;
  users: { id: string; email?: string; active: boolean; preferences: Record<string, string | boolean> }[];
  projects: { id: string; members: string[] }[];
  items: { id: string; project: string; followers: string[] }[];
  conversations: { id: string; item?: string; followers: string[] }[];
}

export const prefs = fc.record(
  {
    access: fc.constantFrom('all-projects', 'own-projects'),
    showFromCustomers: fc.boolean(),
    customerMessages: fc.constantFrom('all', 'mine', 'none'),
    internalMessages: fc.boolean(),
    customerReplies: fc.boolean(),
    email: fc.boolean(),
  },
  { requiredKeys: [] },
);
export const someUsers = fc.subarray(USERS);

export const docArb: fc.Arbitrary<Doc> = fc.record({
  defaults: prefs,
  users: fc.tuple(...USERS.map((id) => fc.record({ email: fc.option(fc.constant(`${id}@x.io`), { nil: undefined }), active: fc.boolean(), preferences: prefs }).map((u) => ({ id, ...u })))).map((us) =>
    us.map((u) => (u.email === undefined ? { id: u.id, active: u.active, preferences: u.preferences } : u)),
  ),
  projects: fc.tuple(someUsers, someUsers).map(([a, b]) => [{ id: 'p1', members: a }, { id: 'p2', members: b }]),
  items: fc.tuple(...ITEMS.map((id) => fc.record({ project: fc.constantFrom('p1', 'p2'), followers: someUsers }).map((i) => ({ id, ...i })))),
  conversations: fc.tuple(
    fc.record({ item: fc.option(fc.constantFrom(...ITEMS), { nil: undefined }), followers: someUsers }),
    fc.record({ item: fc.option(fc.constantFrom(...ITEMS), { nil: undefined }), followers: someUsers }),
  ).map(([a, b]) => [
    { id: 'c1', followers: a.followers, ...(a.item && { item: a.item }) },
    { id: 'c2', followers: b.followers, ...(b.item && { item: b.item }) },
  ]),
});

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const step = fc.constantFrom(0, 0, 1_000, 10_000, 30_000, 59_000, 60_000, 61_000, 120_000);
export const rawEvent = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('message'), conversation: fc.constantFrom(...CONVERSATIONS), who: fc.constantFrom('customer', 'bot', ...USERS), audience: fc.constantFrom('internal', 'customers'), item: fc.option(fc.constantFrom(...ITEMS), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('view'), conversation: fc.constantFrom(...CONVERSATIONS), user: fc.constantFrom(...USERS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('follow', 'unfollow'), user: fc.constantFrom(...USERS), target: fc.constantFrom(...ITEMS, ...CONVERSATIONS) }) },
);

export type RawEvent = typeof rawEvent extends fc.Arbitrary<infer T> ? T : never;

/** Raw log objects, valid by construction (times in order, items consistent per conversation). */
export function buildLog(doc: Doc, steps: number[], raws: RawEvent[]): object[] {
  const convItem = new Map<string, string>();
  for (const c of doc.conversations) if (c.item) convItem.set(c.id, c.item);
  let t = T0;
  return raws.map((raw, i) => {
    t += steps[i] ?? 0;
    const at = i % 2 === 0 ? new Date(t).toISOString() : t;
    if (raw.type === 'message') {
      const r = raw as { conversation: string; who: string; audience: string; item?: string };
      const kind = r.who === 'customer' ? 'customer' : r.who === 'bot' ? 'bot' : 'user';
      let item = r.item;
      if (item !== undefined) {
        const existing = convItem.get(r.conversation);
        if (existing !== undefined) item = existing;
        else convItem.set(r.conversation, item);
      }
      return {
        type: 'message', id: `m${i}`, at, conversation: r.conversation,
        author: kind === 'customer' ? 'cust-1' : kind === 'bot' ? 'bot-1' : r.who, authorKind: kind,
        ...(kind === 'customer' ? {} : { audience: r.audience }),
        ...(item !== undefined && { item }),
      };
    }
    if (raw.type === 'view') return { type: 'view', at, user: (raw as { user: string }).user, conversation: raw.conversation };
    const f = raw as { type: string; user: string; target: string };
    return { type: f.type, at, user: f.user, ...(f.target.startsWith('i') ? { item: f.target } : { conversation: f.target }) };
  });
}

/** SPEC section 5, literally, one pair at a time. */
/** Each check's own truth for one (message, user), whatever failed before it. */
export interface CheckTruth {
  message: string;
  user: string;
  checks: [string, boolean][];
}

/**
 * SPEC 10.1's history, for the model: the workspace as a document from each time on
 * (the first from the start), and the follows and unfollows those changes make.
 */
export interface ModelHistory {
  docs: { at: number; doc: Doc }[];
}

export const pick = (u: Doc['users'][number]) => ({ active: u.active, preferences: u.preferences });

/** The follow and unfollow a change between two documents makes, as log-like records. */
export function followChanges(history: ModelHistory): { at: number; user: string; item: string | null; conversation: string | null; follows: boolean }[] {
  const out: ReturnType<typeof followChanges> = [];
  for (let k = 1; k < history.docs.length; k++) {
    const { at, doc } = history.docs[k]!;
    const before = history.docs[k - 1]!.doc;
    const diff = (kind: 'item' | 'conversation', id: string, was: string[], now: string[]) => {
      for (const u of USERS) {
        if (was.includes(u) !== now.includes(u)) out.push({ at, user: u, item: kind === 'item' ? id : null, conversation: kind === 'conversation' ? id : null, follows: now.includes(u) });
      }
    };
    for (const i of doc.items) diff('item', i.id, before.items.find((x) => x.id === i.id)?.followers ?? [], i.followers);
    for (const c of doc.conversations) diff('conversation', c.id, before.conversations.find((x) => x.id === c.id)?.followers ?? [], c.followers);
  }
  return out;
}

export function reference(doc: Doc, log: LogEvent[], window: number, truths?: CheckTruth[], history?: ModelHistory): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const start = doc;
  const changedFollows = history === undefined ? [] : followChanges(history);
  log.forEach((event, i) => {
    if (event.type !== 'message') return;
    const m = event as MessageEvent;
    // The workspace of the message's time: the last document from at or before it.
    const doc = history === undefined ? start : history.docs.filter((d) => d.at <= m.at).at(-1)!.doc;
    const pref = (u: Doc['users'][number], key: string) => {
      const v = u.preferences[key] ?? doc.defaults[key] ?? BUILT_IN[key];
      return v === true ? 'on' : v === false ? 'off' : v;
    };
    const listed = doc.conversations.find((c) => c.id === m.conversation);
    let item: string | null = listed?.item ?? null;
    if (item === null) item = (log.slice(0, i + 1).find((e) => e.type === 'message' && e.conversation === m.conversation && e.item !== null) as MessageEvent | undefined)?.item ?? null;
    const project = item === null ? null : doc.items.find((x) => x.id === item)!.project;
    for (const u of [...doc.users].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const followsAt = (initial: string[], key: 'item' | 'conversation', id: string | null) => {
        if (id === null) return false;
        // The log's lines before the message and the recorded changes up to its time, in
        // time order (a change at T before the lines at T): the later wins.
        const steps: { at: number; order: number; follows: boolean }[] = [];
        log.slice(0, i).forEach((e, j) => {
          if ((e.type === 'follow' || e.type === 'unfollow') && e.user === u.id && e[key] === id) steps.push({ at: e.at, order: 1 + j, follows: e.type === 'follow' });
        });
        for (const c of changedFollows) if (c.at <= m.at && c.user === u.id && c[key] === id) steps.push({ at: c.at, order: 0, follows: c.follows });
        steps.sort((a, b) => a.at - b.at || a.order - b.order);
        let f = initial.includes(u.id);
        for (const s of steps) f = s.follows;
        return f;
      };
      const startListed = start.conversations.find((c) => c.id === m.conversation);
      const itemFollower = followsAt(item === null ? [] : (start.items.find((x) => x.id === item)?.followers ?? []), 'item', item);
      const convFollower = followsAt(startListed?.followers ?? [], 'conversation', m.conversation);
      const participant = log.slice(0, i).some((e) => e.type === 'message' && e.conversation === m.conversation && e.authorKind === 'user' && e.author === u.id);
      const via = itemFollower ? 'item_follower' : convFollower ? 'conversation_follower' : participant ? 'participant' : null;
      const seenLine = log.slice(i + 1).find((e) => e.at <= m.at + window && ((e.type === 'view' && e.user === u.id && e.conversation === m.conversation) || (e.type === 'message' && e.conversation === m.conversation && e.authorKind === 'user' && e.author === u.id)));
      const kind = m.authorKind === 'customer' ? 'customer' : m.audience === 'internal' ? 'internal' : 'reply';
      const member = project !== null && doc.projects.find((p) => p.id === project)!.members.includes(u.id);
      let reason: string | null = null;
      if (!u.active) reason = 'inactive_user';
      else if (m.authorKind === 'user' && m.author === u.id) reason = 'own_message';
      else if (!(item === null || pref(u, 'access') === 'all-projects' || member)) reason = 'no_access';
      else if (kind === 'customer' && pref(u, 'customerMessages') === 'none') reason = 'customer_messages_none';
      else if (kind === 'internal' && pref(u, 'internalMessages') !== 'on') reason = 'internal_messages_off';
      else if (kind === 'reply' && pref(u, 'customerReplies') !== 'on') reason = 'customer_replies_off';
      else if (!(kind === 'customer' && pref(u, 'customerMessages') === 'all') && via === null) reason = 'not_following';
      else if (seenLine !== undefined) reason = 'seen_within_window';
      truths?.push({
        message: m.id,
        user: u.id,
        checks: [
          ['active', u.active],
          ['not_author', !(m.authorKind === 'user' && m.author === u.id)],
          ['can_see', item === null || pref(u, 'access') === 'all-projects' || member],
          ...(kind === 'customer' ? [['customer_messages', pref(u, 'customerMessages') !== 'none'] as [string, boolean]] : []),
          ...(kind === 'internal' ? [['internal_messages', pref(u, 'internalMessages') === 'on'] as [string, boolean]] : []),
          ...(kind === 'reply' ? [['customer_replies', pref(u, 'customerReplies') === 'on'] as [string, boolean]] : []),
          ['follows', (kind === 'customer' && pref(u, 'customerMessages') === 'all') || via !== null],
          ['not_seen', seenLine === undefined],
        ],
      });
      const notified = reason === null;
      if (notified) {
        reason = kind === 'customer' ? (pref(u, 'customerMessages') === 'all' ? 'customer_message_all' : 'customer_message_mine') : kind === 'internal' ? 'internal_message_followed' : 'customer_reply_followed';
      }
      const emailSkipped = !notified ? null : u.email === undefined ? 'no_email_address' : pref(u, 'email') === 'off' ? 'email_off' : null;
      out.push({
        message: m.id, at: iso(m.at), conversation: m.conversation, item, user: u.id, alert: notified, email: notified && emailSkipped === null,
        reason, via, emailSkipped, fireAt: notified ? iso(m.at + window) : null, seenAt: reason === 'seen_within_window' ? iso(seenLine!.at) : null,
      });
    }
  });
  return out;
}

/** The model reads events as the reader produces them: times in ms, optional fields null. */
export function toEvents(raws: unknown[]): LogEvent[] {
  return raws.map((r) => {
    const e = r as Record<string, unknown>;
    const at = typeof e.at === 'number' ? e.at : Date.parse(e.at as string);
    if (e.type === 'message') {
      return { ...e, at, item: (e.item as string | undefined) ?? null, audience: (e.audience as string | undefined) ?? 'customers' } as unknown as LogEvent;
    }
    if (e.type === 'follow' || e.type === 'unfollow') {
      return { ...e, at, item: (e.item as string | undefined) ?? null, conversation: (e.conversation as string | undefined) ?? null } as unknown as LogEvent;
    }
    return { ...e, at } as unknown as LogEvent;
  });
}
