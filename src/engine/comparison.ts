/**
 * One log replayed under two workspaces side by side, in one pass (SPEC 9.3): what a
 * change does to notifications. Shared by `plan` and every `--impact`. Both replays see
 * each event in turn, and since the window and the messages are the same, both have
 * emitted the same messages' decisions after every event: the comparison sink that
 * follows them settles those messages then, so it holds only the open window.
 */
import type { Decision } from '../domain/decision.js';
import type { LogEvent } from '../domain/events.js';
import type { Reason } from '../domain/reasons.js';
import { compareIds, type Workspace } from '../domain/workspace.js';
import type { DecisionFacts } from './decide.js';
import { GapFinder } from './gaps.js';
import { Replay } from './replay.js';

export interface ImpactRow {
  user: string;
  alertsBefore: number;
  alertsAfter: number;
  emailsBefore: number;
  emailsAfter: number;
}

export interface Outcome {
  alert: boolean;
  email: boolean;
  reason: Reason;
}

export interface ChangedDecision {
  message: string;
  user: string;
  before: Outcome | null;
  after: Outcome | null;
}

export interface GapComparison {
  unreachableBefore: number;
  unreachableAfter: number;
  unnoticedBefore: number;
  unnoticedAfter: number;
  newlyUnnoticed: string[];
  noLongerUnnoticed: string[];
}

export interface ComparisonResult {
  /** Per user of either workspace (or only those asked about). */
  users: ImpactRow[];
  decisions: ChangedDecision[];
  gaps: GapComparison | null;
}

export interface ComparisonOptions {
  window: number;
  /** Only these users' decisions (an --impact of a preference change); every user when absent. */
  users?: readonly string[];
  /** Also compare gaps (needs every user's decisions). */
  gaps?: boolean;
  /** Keep the (message, user) pairs whose outcome changed. */
  decisions?: boolean;
}

export class Comparison {
  readonly sinks: { push(e: LogEvent): void; end(): void }[];
  private readonly rows = new Map<string, ImpactRow>();
  private readonly changed: ChangedDecision[] = [];
  /** Decisions of messages not settled yet: message -> user -> [before, after]. */
  private readonly open = new Map<string, Map<string, [Outcome | null, Outcome | null]>>();
  private readonly unnoticed: [Set<string>, Set<string>] = [new Set(), new Set()];
  private readonly finders: [GapFinder, GapFinder] | null;

  constructor(before: Workspace, after: Workspace, private readonly options: ComparisonOptions) {
    const users = options.users ?? [...new Set([...before.users.keys(), ...after.users.keys()])].sort(compareIds);
    for (const user of users) this.rows.set(user, { user, alertsBefore: 0, alertsAfter: 0, emailsBefore: 0, emailsAfter: 0 });
    this.finders = options.gaps
      ? [new GapFinder((g) => g.seenBy === null && this.unnoticed[0].add(g.message)), new GapFinder((g) => g.seenBy === null && this.unnoticed[1].add(g.message))]
      : null;
    const selection = options.users === undefined ? ({ kind: 'all' } as const) : ({ kind: 'users', users: new Set(options.users) } as const);
    const replay = (ws: Workspace, side: 0 | 1) =>
      new Replay(ws, { window: options.window, selection, reuseDecision: true, seenForEveryDecision: options.gaps === true, onDecision: (d, f) => this.add(side, d, f) });
    const settle = { push: () => this.settle(), end: () => this.settle() };
    this.sinks = [replay(before, 0), replay(after, 1), settle];
  }

  private add(side: 0 | 1, d: Decision, f: DecisionFacts): void {
    this.finders?.[side].add(d, f);
    const row = this.rows.get(d.user);
    if (row !== undefined) {
      if (d.alert) side === 0 ? row.alertsBefore++ : row.alertsAfter++;
      if (d.email) side === 0 ? row.emailsBefore++ : row.emailsAfter++;
    }
    if (!this.options.decisions) return;
    let message = this.open.get(d.message);
    if (message === undefined) {
      message = new Map();
      this.open.set(d.message, message);
    }
    const pair = message.get(d.user) ?? [null, null];
    pair[side] = { alert: d.alert, email: d.email, reason: d.reason };
    message.set(d.user, pair);
  }

  /** Both replays have emitted the same messages: compare them, and let them go. */
  private settle(): void {
    for (const [message, users] of this.open) {
      for (const user of [...users.keys()].sort(compareIds)) {
        const [before, after] = users.get(user)!;
        if (before === null || after === null || before.alert !== after.alert || before.email !== after.email || before.reason !== after.reason) {
          this.changed.push({ message, user, before, after });
        }
      }
    }
    this.open.clear();
  }

  result(): ComparisonResult {
    let gaps: GapComparison | null = null;
    if (this.finders !== null) {
      for (const f of this.finders) f.end();
      const [b, a] = this.finders.map((f) => f.counts) as [GapFinder['counts'], GapFinder['counts']];
      gaps = {
        unreachableBefore: b.unreachable,
        unreachableAfter: a.unreachable,
        unnoticedBefore: b.unnoticed,
        unnoticedAfter: a.unnoticed,
        newlyUnnoticed: [...this.unnoticed[1]].filter((m) => !this.unnoticed[0].has(m)),
        noLongerUnnoticed: [...this.unnoticed[0]].filter((m) => !this.unnoticed[1].has(m)),
      };
    }
    return { users: [...this.rows.values()], decisions: this.changed, gaps };
  }
}
