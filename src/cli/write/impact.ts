/**
 * The impact of a change (--impact): the log replayed under the workspace before and
 * after, in one pass (engine/comparison.ts, as `plan` does), with alerts and emails
 * counted per affected user.
 */
import type { Workspace } from '../../domain/workspace.js';
import { Comparison, type ImpactRow } from '../../engine/comparison.js';
import { openLog } from '../../io/replay-log.js';
import type { IOStreams } from '../output/iostreams.js';

export type { ImpactRow };

export interface ImpactOptions {
  log: string;
  window: number;
  sort?: boolean;
}

/** `users`: whose rows to count (those a preference change reaches); null for every user of either workspace. */
/** `io`: standard input (for "-") and the environment (the log's reading thread). */
export async function impactOf(before: Workspace, after: Workspace, users: readonly string[] | null, options: ImpactOptions, io: Pick<IOStreams, 'stdin' | 'env'>): Promise<ImpactRow[]> {
  const comparison = new Comparison(before, after, { window: options.window, ...(users !== null && { users }) });
  await openLog(options.log, { sort: options.sort === true, env: io.env, stdin: io.stdin }).replay({ workspace: before, sinks: comparison.sinks });
  return comparison.result().users;
}
