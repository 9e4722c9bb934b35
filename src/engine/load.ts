/**
 * `load` (SPEC 10.5): who is told too much. Per user, the alerts and emails of a replay,
 * counted by the hour or day they fire in, and how many were about a message another
 * workspace user had already seen by then (a view, or their own message in the
 * conversation, on a later line at or before the alert's fireAt).
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent } from '../domain/events.js';
import { compareIds } from '../domain/workspace.js';
import { offsetMinutes } from '../domain/zone.js';
import type { DecisionFacts } from './decide.js';

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
  alerts: number;
  emails: number;
  alreadyHandled: number;
  periods: Map<number, PeriodLoad>;
  /** The period of the last alert (alerts come in the order they fire, so mostly the same one). */
  last: PeriodLoad | null;
}

/**
 * Who saw a conversation last: the two latest distinct workspace users, each with the
 * line they last saw it on. Enough to say whether someone other than a given user saw
 * it after a given line: if the latest did not (or is that user), the other is the only
 * one left who could have, every further one having seen it earlier still.
 */
interface Seen {
  first: string;
  firstLine: number;
  second: string | null;
  secondLine: number;
}

/**
 * Fed the notified-only replay's decisions (onDecision) and, after the replay, each event
 * (push): the replay settles a message when the first event past its window comes,
 * before that event reaches this sink, so when a message's alerts arrive this sink has
 * seen exactly the lines up to the alerts' fireAt. Nothing is kept per message: an alert
 * was already handled when another user saw the conversation on a line after the message.
 */
export class LoadCounter {
  /** By the replay's user index. */
  private readonly users: (Totals | undefined)[] = [];
  private readonly seen = new Map<string, Seen>();
  private lastConversation = '';
  private lastSeen: Seen | undefined = undefined;

  constructor(
    private readonly isUser: (id: string) => boolean,
    private readonly periodOf: (ms: number) => number,
  ) {}

  onDecision = (d: Decision, f: DecisionFacts, userIndex: number): void => {
    if (!d.alert) return;
    let t = this.users[userIndex];
    if (t === undefined) this.users[userIndex] = t = { user: d.user, alerts: 0, emails: 0, alreadyHandled: 0, periods: new Map(), last: null };
    t.alerts++;
    if (d.email) t.emails++;
    const at = this.periodOf(d.fireAt!);
    let p = t.last;
    if (p === null || p.at !== at) {
      p = t.periods.get(at) ?? null;
      if (p === null) t.periods.set(at, (p = { at, alerts: 0, emails: 0 }));
      t.last = p;
    }
    p.alerts++;
    if (d.email) p.emails++;
    if (d.conversation !== this.lastConversation) {
      this.lastConversation = d.conversation;
      this.lastSeen = this.seen.get(d.conversation);
    }
    const s = this.lastSeen;
    if (s === undefined) return;
    const line = f.message.line;
    if (s.first !== d.user ? s.firstLine > line : s.second !== null && s.secondLine > line) t.alreadyHandled++;
  };

  push(e: LogEvent): void {
    const seer = e.type === 'view' ? e.user : e.type === 'message' && e.authorKind === 'user' ? e.author : null;
    if (seer === null || !this.isUser(seer)) return;
    const c = e.conversation!;
    const s = this.seen.get(c);
    if (s === undefined) {
      const created = { first: seer, firstLine: e.line, second: null, secondLine: 0 };
      this.seen.set(c, created);
      if (c === this.lastConversation) this.lastSeen = created;
    } else if (s.first === seer) s.firstLine = e.line;
    else {
      s.second = s.first;
      s.secondLine = s.firstLine;
      s.first = seer;
      s.firstLine = e.line;
    }
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
