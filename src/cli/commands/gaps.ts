/**
 * `gaps --log FILE|-`: the customer messages that reached nobody (SPEC 9.2), with what
 * stood in the way each time and who, if anyone, saw them in time.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { ReportedFailure } from '../../domain/errors.js';
import { GapFinder, type GapRow } from '../../engine/gaps.js';
import { Replay } from '../../engine/replay.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, examples, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { gapSummary, renderGaps } from '../render/gaps.js';
import { readPast } from '../shell/session.js';

export interface GapsOptions {
  asOf?: string;
  log: string;
  unnoticed?: boolean;
  fail?: boolean;
  window: number;
  sort?: boolean;
  format: 'table' | 'json' | 'ndjson' | 'csv';
}

export default function gapsCommand(f: Factory) {
  const command = new Command('gaps')
    .description('the customer messages no active user would be alerted about, and what stood in the way')
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--unnoticed', 'only those that nobody saw within the window either'))
    .addOption(new Option('--fail', 'exit 1 when any message is listed (for CI)'))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['table', 'json', 'ndjson', 'csv'], 'table'))
    .action((o, cmd) => gapsRun(f.context(cmd), o));
  examples(command, ['notifyctl gaps --log day.ndjson', 'notifyctl gaps --log week.ndjson --unnoticed --fail', 'notifyctl gaps --log day.ndjson --format csv > gaps.csv']);
  return command;
}

export async function gapsRun(ctx: CliContext, options: GapsOptions): Promise<void> {
  const past = await readPast(ctx, options.asOf, asOfTime(options.asOf, ctx.zone));
  const workspace = past.start;
  const rows: GapRow[] = [];
  const finder = new GapFinder((row) => {
    if (!options.unnoticed || row.seenBy === null) rows.push(row);
  });
  const replay = new Replay(workspace, { history: past.replayHistory, window: options.window, selection: { kind: 'all' }, seenForEveryDecision: true, reuseDecision: true, onDecision: (d, facts) => finder.add(d, facts) });
  await replayLogFile({ path: options.log, workspace, sort: options.sort === true, sinks: [replay], stdin: ctx.io.stdin, known: past });
  const note = past.beforeNote(replay.linesBeforeHistory);
  finder.end();
  ctx.io.out.write(await renderGaps(rows, options.format, { terminal: ctx.io.stdoutIsTTY, color: ctx.io.color, zone: ctx.zone }));
  (ctx.io.stdoutIsTTY ? ctx.io.out : ctx.io.err).write(gapSummary(finder.counts) + '\n');
  if (note !== null) ctx.io.err.write(note + '\n');
  if (options.fail && rows.length > 0) throw new ReportedFailure(`${rows.length} messages listed`);
}
