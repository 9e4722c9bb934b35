/** Totals over decisions: per user (alerts, emails) and per reason. */
import type { Decision } from '../domain/decision.js';
import { REASONS, type Reason } from '../domain/reasons.js';
import { compareIds } from '../domain/workspace.js';

export interface UserTotals {
  user: string;
  alerts: number;
  emails: number;
  decisions: number;
}

export interface Stats {
  messages: number;
  decisions: number;
  alerts: number;
  emails: number;
  /** Busiest first (most alerts, then most emails, then by id). */
  users: UserTotals[];
  /** In the order of the reason vocabulary; only reasons that occurred. */
  reasons: { reason: Reason; count: number }[];
  /** Customer messages no active user would be alerted about, and those nobody saw either (SPEC 9.2). */
  unreachable?: number;
  unnoticed?: number;
}

export class Tally {
  private readonly users = new Map<string, UserTotals>();
  /** The same totals by the replay's user index, when add() is given it: an array, not a map. */
  private readonly byIndex: (UserTotals | undefined)[] = [];
  /** A counter object per reason: one lookup per decision, not a get and a set. */
  private readonly reasons = new Map<Reason, { count: number }>();
  private decisions = 0;

  /**
   * `userIndex`: the replay's number for the user (see ReplaySettings.onDecision), or -1.
   * Only the user, alert, email and reason are counted (an alert's outcome, from
   * the totals question, ask.totals, is enough).
   */
  add(d: Pick<Decision, 'user' | 'alert' | 'email' | 'reason'>, userIndex = -1): void {
    this.decisions++;
    let totals = userIndex === -1 ? this.users.get(d.user) : this.byIndex[userIndex];
    if (totals === undefined) {
      totals = this.users.get(d.user) ?? { user: d.user, alerts: 0, emails: 0, decisions: 0 };
      this.users.set(d.user, totals);
      if (userIndex !== -1) this.byIndex[userIndex] = totals;
    }
    totals.decisions++;
    if (d.alert) totals.alerts++;
    if (d.email) totals.emails++;
    const counter = this.reasons.get(d.reason);
    if (counter === undefined) this.reasons.set(d.reason, { count: 1 });
    else counter.count++;
  }

  result(messages: number): Stats {
    const users = [...this.users.values()].sort(
      (a, b) => b.alerts - a.alerts || b.emails - a.emails || compareIds(a.user, b.user),
    );
    return {
      messages,
      decisions: this.decisions,
      alerts: users.reduce((n, u) => n + u.alerts, 0),
      emails: users.reduce((n, u) => n + u.emails, 0),
      users,
      reasons: REASONS.filter((r) => this.reasons.has(r)).map((reason) => ({ reason, count: this.reasons.get(reason)!.count })),
    };
  }
}
