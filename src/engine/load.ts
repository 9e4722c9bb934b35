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
import { ClosingQueue } from './gaps.js';

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
  return (ms) => {
    const quarter = Math.floor(ms / QUARTER);
    let start = cache.get(quarter);
    if (start === undefined) {
      const local = ms + offsetMinutes(ms, zone) * 60_000;
      const localStart = Math.floor(local / size) * size;
      // The offset at the start, which a change of clocks within the day makes another.
      start = localStart - offsetMinutes(localStart - offsetMinutes(ms, zone) * 60_000, zone) * 60_000;
      if (start > ms) start = localStart - offsetMinutes(ms, zone) * 60_000;
      cache.set(quarter, start);
    }
    return start;
  };
}

/** A message whose window is open, and the first two workspace users who saw it after it. */
interface Open {
  id: string;
  conversation: string;
  closesAt: number;
  seers: string[];
}

interface Totals {
  user: string;
  alerts: number;
  emails: number;
  alreadyHandled: number;
  periods: Map<number, PeriodLoad>;
}

/**
 * Fed the notified-only replay's decisions (onDecision) and, after the replay, each event
 * (push): the replay settles a message when an event past its window comes, before that
 * event reaches this sink, so a message is still held here when its alerts arrive.
 */
export class LoadCounter {
  private readonly users = new Map<string, Totals>();
  private readonly open = new Map<string, Open>();
  private readonly byConversation = new Map<string, Open[]>();
  private readonly queue = new ClosingQueue<Open>();

  constructor(
    private readonly window: number,
    private readonly isUser: (id: string) => boolean,
    private readonly periodOf: (ms: number) => number,
  ) {}

  onDecision = (d: Decision): void => {
    if (!d.alert) return;
    let t = this.users.get(d.user);
    if (t === undefined) this.users.set(d.user, (t = { user: d.user, alerts: 0, emails: 0, alreadyHandled: 0, periods: new Map() }));
    t.alerts++;
    if (d.email) t.emails++;
    const at = this.periodOf(d.fireAt!);
    let p = t.periods.get(at);
    if (p === undefined) t.periods.set(at, (p = { at, alerts: 0, emails: 0 }));
    p.alerts++;
    if (d.email) p.emails++;
    const o = this.open.get(d.message);
    if (o !== undefined && o.seers.some((s) => s !== d.user)) t.alreadyHandled++;
  };

  push(e: LogEvent): void {
    if (this.queue.open) this.closeBefore(e.at);
    const seer = e.type === 'view' ? e.user : e.type === 'message' && e.authorKind === 'user' ? e.author : null;
    if (seer !== null && this.isUser(seer)) {
      for (const o of this.byConversation.get(e.conversation!) ?? []) {
        if (o.seers.length < 2 && !o.seers.includes(seer)) o.seers.push(seer);
      }
    }
    if (e.type === 'message') {
      const o: Open = { id: e.id, conversation: e.conversation, closesAt: e.at + this.window, seers: [] };
      this.open.set(e.id, o);
      this.queue.push(o);
      const list = this.byConversation.get(e.conversation);
      if (list === undefined) this.byConversation.set(e.conversation, [o]);
      else list.push(o);
    }
  }

  end(): void {
    this.closeBefore(Infinity);
  }

  private closeBefore(at: number): void {
    this.queue.closeBefore(at, this.close);
  }

  private readonly close = (o: Open): void => {
    this.open.delete(o.id);
    const list = this.byConversation.get(o.conversation)!;
    list.shift();
    if (list.length === 0) this.byConversation.delete(o.conversation);
  };

  /** Users with at least one alert: most alerts first, then by id. */
  result(): UserLoad[] {
    return [...this.users.values()]
      .sort((a, b) => b.alerts - a.alerts || compareIds(a.user, b.user))
      .map((t) => {
        const periods = [...t.periods.values()].sort((a, b) => a.at - b.at);
        let busiest = periods[0]!;
        for (const p of periods) if (p.alerts > busiest.alerts) busiest = p;
        return { user: t.user, alerts: t.alerts, emails: t.emails, alreadyHandled: t.alreadyHandled, busiest: { at: busiest.at, alerts: busiest.alerts }, periods };
      });
  }
}
