/**
 * `load` (SPEC 10.5): who is told too much. Per user, the alerts and emails of a replay,
 * counted by the hour or day they fire in, and how many were about a message another
 * workspace user had already seen by then (a view, or their own message in the
 * conversation, on a later line at or before the alert's fireAt).
 */
import type { LogEvent, MessageEvent } from '../domain/events.js';
import { compareIds } from '../domain/workspace.js';
import { offsetMinutes } from '../domain/zone.js';
import type { AlertOutcome } from './replay.js';

export type LoadPeriod = 'hour' | 'day';

export interface PeriodLoad {
  /** When the period starts (in the zone asked for), as a UTC instant. */
  at: number;
  alerts: number;
  emails: number;
}

export interface UserLoad {
  user: string;
  alerts: number;
  emails: number;
  alreadyHandled: number;
  /** The earliest of the periods with the most alerts. */
  busiest: { at: number; alerts: number };
  /** In time order; only those with an alert or an email. */
  periods: PeriodLoad[];
}

const QUARTER = 15 * 60_000;

/**
 * The start of the hour or day that `ms` falls in, in `zone`, as a UTC instant. Every
 * zone's offset is a whole number of quarter hours and changes on one, so the answer is
 * the same for a whole quarter hour of UTC: it is worked out once for each.
 */
export function periodStarts(by: LoadPeriod, zone: string): (ms: number) => number {
  const cache = new Map<number, number>();
  const size = by === 'hour' ? 3_600_000 : 86_400_000;
  // Alerts come in the order they fire: mostly the quarter of the one before.
  let lastQuarter = NaN;
  let lastStart = 0;
  return (ms) => {
    const quarter = Math.floor(ms / QUARTER);
    if (quarter === lastQuarter) return lastStart;
    let start = cache.get(quarter);
    if (start === undefined) {
      const local = ms + offsetMinutes(ms, zone) * 60_000;
      const localStart = Math.floor(local / size) * size;
      // The offset at the start, which a change of clocks within the day makes another.
      start = localStart - offsetMinutes(localStart - offsetMinutes(ms, zone) * 60_000, zone) * 60_000;
      if (start > ms) start = localStart - offsetMinutes(ms, zone) * 60_000;
      cache.set(quarter, start);
    }
    lastQuarter = quarter;
    lastStart = start;
    return start;
  };
}

interface Totals {
  user: string;
  /** The user's number among those who see conversations (see LoadCounter.seerOf). */
  me: number;
  alerts: number;
  emails: number;
  alreadyHandled: number;
  periods: Map<number, PeriodLoad>;
  /** The period of the last alert (alerts come in the order they fire, so mostly the same one). */
  last: PeriodLoad | null;
}

/** No one (a conversation nobody has seen yet, or no second one who did). */
const NOBODY = 0;

/**
 * Fed the alerts of a totals replay (ask.totals: each as its outcome, with its message,
 * no decision made for it) and, after the replay, each event (push): the replay settles
 * a message when the first event past its window comes, before that event reaches this
 * sink, so when a message's alerts arrive this sink has seen exactly the lines up to the
 * alerts' fireAt (the message's time plus the window). Nothing is kept per message: an
 * alert was already handled when another user saw the conversation on a line after the
 * message.
 *
 * Per conversation, who saw it last: the two latest distinct workspace users, each with
 * the line they last saw it on. Enough to say whether someone other than a given user saw
 * it after a given line: if the latest did not (or is that user), the other is the only
 * one left who could have, every further one having seen it earlier still. Kept in
 * arrays by the conversation's number (the reading thread's, or one given here), users
 * by a number of their own: no object per conversation. A message's alerts come one
 * after another, so what they share (the period, who saw the conversation) is looked up
 * once per message.
 */
export class LoadCounter {
  /** By the replay's user index. */
  private readonly users: (Totals | undefined)[] = [];
  /** Users by their number (from 1); -1 for an id that is not a workspace user. */
  private readonly seers = new Map<string, number>();
  /** Conversations by a number given here, for events the reading thread did not number. */
  private readonly conversations = new Map<string, number>();
  private first = new Int32Array(1024);
  private firstLine = new Float64Array(1024);
  private second = new Int32Array(1024);
  private secondLine = new Float64Array(1024);
  /** The message whose alerts are coming (by its line), and what they share. */
  private messageLine = -1;
  private at = 0;
  private seenFirst = NOBODY;
  private seenFirstLine = 0;
  private seenSecond = NOBODY;
  private seenSecondLine = 0;

  constructor(
    private readonly isUser: (id: string) => boolean,
    private readonly periodOf: (ms: number) => number,
    private readonly window: number,
  ) {}

  /** A user's number, or -1 for an id that is not a workspace user. */
  private seerOf(id: string): number {
    let n = this.seers.get(id);
    if (n === undefined) {
      n = this.isUser(id) ? this.seers.size + 1 : -1;
      this.seers.set(id, n);
    }
    return n;
  }

  private keyOf(e: LogEvent): number {
    const key = e.conversationKey;
    if (key !== undefined) return key;
    let n = this.conversations.get(e.conversation!);
    if (n === undefined) this.conversations.set(e.conversation!, (n = this.conversations.size));
    return n;
  }

  onAlert = (d: AlertOutcome, userIndex: number, m: MessageEvent): void => {
    let t = this.users[userIndex];
    if (t === undefined) this.users[userIndex] = t = { user: d.user, me: this.seerOf(d.user), alerts: 0, emails: 0, alreadyHandled: 0, periods: new Map(), last: null };
    if (m.line !== this.messageLine) this.startMessage(m);
    t.alerts++;
    if (d.email) t.emails++;
    const at = this.at;
    let p = t.last;
    if (p === null || p.at !== at) {
      p = t.periods.get(at) ?? null;
      if (p === null) t.periods.set(at, (p = { at, alerts: 0, emails: 0 }));
      t.last = p;
    }
    p.alerts++;
    if (d.email) p.emails++;
    const first = this.seenFirst;
    if (first === NOBODY) return;
    const line = this.messageLine;
    if (first !== t.me ? this.seenFirstLine > line : this.seenSecond !== NOBODY && this.seenSecondLine > line) t.alreadyHandled++;
  };

  /** The first alert of a message: its period, and who saw its conversation last. */
  private startMessage(m: MessageEvent): void {
    this.messageLine = m.line;
    this.at = this.periodOf(m.at + this.window);
    const key = this.keyOf(m);
    if (key < this.first.length) {
      this.seenFirst = this.first[key]!;
      this.seenFirstLine = this.firstLine[key]!;
      this.seenSecond = this.second[key]!;
      this.seenSecondLine = this.secondLine[key]!;
    } else {
      this.seenFirst = this.seenSecond = NOBODY;
    }
  }

  push(e: LogEvent): void {
    const seerId = e.type === 'view' ? e.user : e.type === 'message' && e.authorKind === 'user' ? e.author : null;
    if (seerId === null) return;
    const seer = this.seerOf(seerId);
    if (seer === -1) return;
    const key = this.keyOf(e);
    if (key >= this.first.length) this.grow(key);
    const first = this.first[key]!;
    if (first === seer) {
      this.firstLine[key] = e.line;
      return;
    }
    if (first !== NOBODY) {
      this.second[key] = first;
      this.secondLine[key] = this.firstLine[key]!;
    }
    this.first[key] = seer;
    this.firstLine[key] = e.line;
  }

  private grow(key: number): void {
    let size = this.first.length;
    while (size <= key) size *= 2;
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.first = grown(this.first, (n) => new Int32Array(n));
    this.second = grown(this.second, (n) => new Int32Array(n));
    this.firstLine = grown(this.firstLine, (n) => new Float64Array(n));
    this.secondLine = grown(this.secondLine, (n) => new Float64Array(n));
  }

  end(): void {}

  /** Users with at least one alert: most alerts first, then by id. */
  result(): UserLoad[] {
    return this.users
      .filter((t): t is Totals => t !== undefined)
      .sort((a, b) => b.alerts - a.alerts || compareIds(a.user, b.user))
      .map((t) => {
        const periods = [...t.periods.values()].sort((a, b) => a.at - b.at);
        let busiest = periods[0]!;
        for (const p of periods) if (p.alerts > busiest.alerts) busiest = p;
        return { user: t.user, alerts: t.alerts, emails: t.emails, alreadyHandled: t.alreadyHandled, busiest: { at: busiest.at, alerts: busiest.alerts }, periods };
      });
  }
}
