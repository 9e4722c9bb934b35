/**
 * `load --log FILE|-` (SPEC 10.5): per user, the alerts and emails a log brings, the
 * busiest hour or day, the count per period, and how many were about a message a
 * teammate had already seen.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { LoadCounter, periodStarts, type LoadPeriod } from '../../engine/load.js';
import { ask } from '../../engine/questions.js';
import { openLog } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, examples, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { loadSummary, renderLoad } from '../render/load.js';
import { readPast } from '../shell/session.js';
import { outputOf, summaryStream } from '../output/iostreams.js';

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
  // Each line is decided with the workspace of its time, as every replay (SPEC 10.1).
  const past = await readPast(ctx, options.asOf, asOfTime(options.asOf, ctx.zone));
  const workspace = past.start;
  // "Another workspace user" already handled it: anyone the recorded history held.
  const counter = new LoadCounter((id) => past.users.has(id), periodStarts(options.by, ctx.zone), options.window);
  const replay = ask.totals(workspace, { history: past.replayHistory, window: options.window, onAlert: counter.onAlert });
  // The counter after the replay: see LoadCounter.
  await openLog(options.log, { sort: options.sort === true, env: ctx.io.env, stdin: ctx.io.stdin }).replay({ workspace, sinks: [replay, counter], known: past });
  const rows = counter.result();
  await renderLoad(rows, options.format, outputOf(ctx.io, ctx.zone));
  summaryStream(ctx.io).write(loadSummary(rows, options.by) + '\n');
  const note = past.beforeNote(replay.linesBeforeHistory);
  if (note !== null) ctx.io.err.write(note + '\n');
}
