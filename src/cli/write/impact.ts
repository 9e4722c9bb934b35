/**
 * The impact of a change (--impact): the log replayed under the workspace before and
 * after, in one pass (engine/comparison.ts, as `plan` does), with alerts and emails
 * counted per affected user.
 */
import type { Workspace } from '../../domain/workspace.js';
import { Comparison, type ImpactRow } from '../../engine/comparison.js';
import { replayLogFile } from '../../io/replay-log.js';

export type { ImpactRow };

export interface ImpactOptions {
  log: string;
  window: number;
  sort?: boolean;
}

/** `users`: whose rows to count (those a preference change reaches); null for every user of either workspace. */
export async function impactOf(before: Workspace, after: Workspace, users: readonly string[] | null, options: ImpactOptions, stdin: () => NodeJS.ReadableStream): Promise<ImpactRow[]> {
  const comparison = new Comparison(before, after, { window: options.window, ...(users !== null && { users }) });
  await replayLogFile({ path: options.log, workspace: before, sort: options.sort === true, sinks: comparison.sinks, stdin });
  return comparison.result().users;
}
