/**
 * The impact of a preference change: the log replayed before and after, in one pass,
 * with alerts and emails counted per affected user.
 */
import type { Decision } from '../domain/decision.js';
import type { Workspace } from '../domain/workspace.js';
import { Replay } from '../engine/replay.js';
import { replayLogFile } from '../io/replay-log.js';

export interface ImpactRow {
  user: string;
  alertsBefore: number;
  alertsAfter: number;
  emailsBefore: number;
  emailsAfter: number;
}

export interface ImpactOptions {
  log: string;
  window: number;
  sort?: boolean;
}

export async function impactOf(before: Workspace, after: Workspace, users: readonly string[], options: ImpactOptions, stdin: () => NodeJS.ReadableStream): Promise<ImpactRow[]> {
  const rows = new Map<string, ImpactRow>(users.map((user) => [user, { user, alertsBefore: 0, alertsAfter: 0, emailsBefore: 0, emailsAfter: 0 }]));
  const selection = { kind: 'users' as const, users: new Set(users) };
  const counter = (phase: 'Before' | 'After') => (d: Decision) => {
    const row = rows.get(d.user)!;
    if (d.alert) row[`alerts${phase}`]++;
    if (d.email) row[`emails${phase}`]++;
  };
  const sinks = [
    new Replay(before, { window: options.window, selection, reuseDecision: true, onDecision: counter('Before') }),
    new Replay(after, { window: options.window, selection, reuseDecision: true, onDecision: counter('After') }),
  ];
  const { withLogPath } = await import('../io/spool.js');
  await withLogPath(options.log, stdin, (path) => replayLogFile({ path, workspace: before, sort: options.sort === true, sinks }));
  return [...rows.values()];
}
