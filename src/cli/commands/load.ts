/**
 * `load --log FILE|-` (SPEC 10.5): per user, the alerts and emails a log brings, the
 * busiest hour or day, the count per period, and how many were about a message a
 * teammate had already seen.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { LoadCounter, periodStarts, type LoadPeriod } from '../../engine/load.js';
import { Replay } from '../../engine/replay.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, examples, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { loadSummary, renderLoad } from '../render/load.js';
import { readWorkspace } from '../shell/session.js';

export interface LoadOptions {
  asOf?: string;
  log: string;
  by: LoadPeriod;
  window: number;
  sort?: boolean;
  format: 'table' | 'json' | 'csv';
}

export default function loadCommand(f: Factory) {
  const command = new Command('load')
    .description('per user: alerts and emails, the busiest hour or day, and alerts about messages a teammate had already seen')
    .addOption(logOption())
    .addOption(new Option('--by <period>', 'count by the hour or the day (in --tz)').choices(['hour', 'day'] as const).default('hour' as const))
    .addOption(asOfOption())
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['table', 'json', 'csv'], 'table'))
    .action((o, cmd) => loadRun(f.context(cmd), o));
  examples(command, ['notifyctl load --log day.ndjson', 'notifyctl --tz Europe/Rome load --log week.ndjson --by day --format json']);
  return command;
}

export async function loadRun(ctx: CliContext, options: LoadOptions): Promise<void> {
  const workspace = await readWorkspace(ctx, asOfTime(options.asOf, ctx.zone));
  const counter = new LoadCounter(options.window, (id) => workspace.users.has(id), periodStarts(options.by, ctx.zone));
  const replay = new Replay(workspace, { window: options.window, selection: { kind: 'notified' }, reuseDecision: true, onDecision: counter.onDecision });
  // The counter after the replay: see LoadCounter.
  await replayLogFile({ path: options.log, workspace, sort: options.sort === true, sinks: [replay, counter], stdin: ctx.io.stdin });
  const rows = counter.result();
  ctx.io.out.write(await renderLoad(rows, options.format, { terminal: ctx.io.stdoutIsTTY, color: ctx.io.color, zone: ctx.zone }));
  (ctx.io.stdoutIsTTY ? ctx.io.out : ctx.io.err).write(loadSummary(rows, options.by) + '\n');
}
