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
  /**
   * By the replay's user index: the user's id, their number among those who see
   * conversations (0: no alert yet; see seerOf()), how many alerts were about a message
   * someone else had already seen, and their periods (counted into at each change of period).
   */
  private readonly ids: string[] = [];
  private me: Int32Array = new Int32Array(0);
  private handled: Int32Array = new Int32Array(0);
  private readonly periods: (PeriodLoad[] | undefined)[] = [];
  /** A user's periods by their start, made once the log comes back to an earlier period. */
  private readonly periodIndex: (Map<number, PeriodLoad> | undefined)[] = [];
  /** The current period: when it starts, each user's alerts and emails in it, and who has any. */
  private periodAt = NaN;
  private periodAlerts: Int32Array = new Int32Array(0);
  private periodEmails: Int32Array = new Int32Array(0);
  private readonly inPeriod: number[] = [];
  /** Users by their number (from 1); -1 for an id that is not a workspace user. */
  private readonly seers = new Map<string, number>();
  /** Conversations by a number given here, for events the reading thread did not number. */
  private readonly conversations = new Map<string, number>();
  private first = new Int32Array(1024);
  private firstLine = new Float64Array(1024);
  private second = new Int32Array(1024);
  private secondLine = new Float64Array(1024);
  /** The message whose alerts are coming (by its line), and who saw its conversation last. */
  private messageLine = -1;
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

  onAlert = (d: AlertOutcome, u: number, m: MessageEvent): void => {
    if (m.line !== this.messageLine) this.startMessage(m);
    if (u >= this.me.length) this.growUsers(u);
    let me = this.me[u]!;
    if (me === 0) {
      this.ids[u] = d.user;
      this.me[u] = me = this.seerOf(d.user);
    }
    const alerts = this.periodAlerts[u]!;
    if (alerts === 0) this.inPeriod.push(u);
    this.periodAlerts[u] = alerts + 1;
    if (d.email) this.periodEmails[u] = this.periodEmails[u]! + 1;
    const first = this.seenFirst;
    if (first === NOBODY) return;
    const line = this.messageLine;
    if (first !== me ? this.seenFirstLine > line : this.seenSecond !== NOBODY && this.seenSecondLine > line) this.handled[u] = this.handled[u]! + 1;
  };

  /** The first alert of a message: its period, and who saw its conversation last. */
  private startMessage(m: MessageEvent): void {
    this.messageLine = m.line;
    const at = this.periodOf(m.at + this.window);
    if (at !== this.periodAt) {
      this.endPeriod();
      this.periodAt = at;
    }
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

  /**
   * Adds the current period's counts to the users' periods (one the log came back to adds
   * up). A user's periods are a list in time order while the log goes forward (the new
   * period is the last one, or after it); when it comes back, an index by start is made.
   */
  private endPeriod(): void {
    const at = this.periodAt;
    for (const u of this.inPeriod) {
      let periods = this.periods[u];
      if (periods === undefined) this.periods[u] = periods = [];
      const index = this.periodIndex[u];
      const last = periods[periods.length - 1];
      let p: PeriodLoad | undefined;
      if (index !== undefined) p = index.get(at);
      else if (last !== undefined && last.at >= at) p = last.at === at ? last : this.indexOf(u, periods).get(at);
      if (p === undefined) {
        periods.push((p = { at, alerts: 0, emails: 0 }));
        this.periodIndex[u]?.set(at, p);
      }
      p.alerts += this.periodAlerts[u]!;
      p.emails += this.periodEmails[u]!;
      this.periodAlerts[u] = 0;
      this.periodEmails[u] = 0;
    }
    this.inPeriod.length = 0;
  }

  private indexOf(u: number, periods: PeriodLoad[]): Map<number, PeriodLoad> {
    const index = new Map(periods.map((p) => [p.at, p]));
    this.periodIndex[u] = index;
    return index;
  }

  private growUsers(u: number): void {
    const size = Math.max(64, 2 * (u + 1));
    const grown = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.me = grown(this.me);
    this.handled = grown(this.handled);
    this.periodAlerts = grown(this.periodAlerts);
    this.periodEmails = grown(this.periodEmails);
    // Filled up to the size (no holes): a read past the end or of a hole of an array is a
    // slow path of the engine, and endPeriod reads these for every user of every period.
    while (this.periods.length < size) {
      this.periods.push(undefined);
      this.periodIndex.push(undefined);
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
    this.endPeriod();
    const rows: UserLoad[] = [];
    this.ids.forEach((user, u) => {
      const periods = this.periods[u]!.sort((a, b) => a.at - b.at);
      let busiest = periods[0]!;
      let alerts = 0;
      let emails = 0;
      for (const p of periods) {
        if (p.alerts > busiest.alerts) busiest = p;
        alerts += p.alerts;
        emails += p.emails;
      }
      rows.push({ user, alerts, emails, alreadyHandled: this.handled[u]!, busiest: { at: busiest.at, alerts: busiest.alerts }, periods });
    });
    return rows.sort((a, b) => b.alerts - a.alerts || compareIds(a.user, b.user));
  }
}
