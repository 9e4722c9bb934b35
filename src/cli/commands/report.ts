/**
 * `report --log FILE [--out PATH]` (SPEC 10.6): one HTML file a person can open, print
 * or mail — the totals, alerts per user per hour, decisions by reason, the unreachable
 * and unnoticed customer messages over time, the load table and, with a plan, each
 * user's alerts before and after.
 *
 * Its numbers are the commands' own: `simulate --stats --all`, `gaps`, `load` and `plan`
 * are run here as they run on the command line, into memory with `--format json`, and
 * the report is drawn from what they print. So every number in it equals what those
 * commands print for the same input (the same history rules, the same window), by
 * construction rather than by a second copy of their logic. They all read one workspace:
 * the database is opened once, in one read transaction, and each is run with it held.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { accessSync, constants, statSync } from 'node:fs';
import { UsageError } from '../../domain/errors.js';
import { plural } from '../../domain/text.js';
import type { LoadPeriod } from '../../engine/load.js';
import { cannotRead, inputName } from '../../io/read-input.js';
import { checkReportPath, writeReportFile } from '../../io/report-file.js';
import { memoryIO, type IOStreams } from '../output/iostreams.js';
import type { CliContext, Factory } from '../shell/context.js';
import { readOnce } from '../shell/session.js';
import type { Db } from '../../store/database.js';
import { asOfOption, examples, logOption, sortOption, windowOption } from '../shell/options.js';
import type { GapJson, LoadJson, PlanJson, ReportInput, StatsJson } from '../render/report.js';
import { gapsRun } from './gaps.js';
import { loadRun } from './load.js';
import { planRun } from './plan.js';
import { simulateRun } from './simulate.js';

export interface ReportOptions {
  log: string;
  out: string;
  plan?: string;
  planFrom?: string;
  planTo?: string;
  asOf?: string;
  window: number;
  sort?: boolean;
}

export const DEFAULT_REPORT = 'notifyctl-report.html';

/** Above this many hours between the first and the last, the pictures count by the day. */
const MOST_HOURS = 14 * 24;

export default function reportCommand(f: Factory) {
  const command = new Command('report')
    .description('write one HTML file with charts and tables: totals, alerts per user per hour, reasons, gaps, load, and a plan before and after')
    .addOption(logOption())
    .addOption(new Option('--out <path>', 'the HTML file to write, or - for standard output').default(DEFAULT_REPORT))
    .addOption(new Option('--plan <file>', "add each user's alerts before and after importing this workspace document into the database"))
    .addOption(new Option('--plan-from <base>', "with --plan-to: add each user's alerts before and after, comparing two workspace documents"))
    .addOption(new Option('--plan-to <file>', 'with --plan-from: the workspace as it would be'))
    .addOption(asOfOption())
    .addOption(windowOption())
    .addOption(sortOption())
    .action((o, cmd) => reportRun(f.context(cmd), o));
  examples(command, [
    'notifyctl report --log day.ndjson',
    'notifyctl report --log week.ndjson --out week.html --plan team-next.yaml',
    'notifyctl report --log week.ndjson --plan-from base.yaml --plan-to team.yaml --out - > plan.html',
  ]);
  return command;
}

/** Flag combinations that cannot work, before anything is read. */
function checkOptions(options: ReportOptions): void {
  if (options.plan !== undefined && (options.planFrom !== undefined || options.planTo !== undefined)) {
    throw new UsageError('--plan FILE (against the database) and --plan-from/--plan-to (two documents) do not go together: give one of them');
  }
  if ((options.planFrom === undefined) !== (options.planTo === undefined)) throw new UsageError('--plan-from and --plan-to go together: --plan-from BASE --plan-to FILE');
  if ([options.log, options.plan, options.planFrom, options.planTo].filter((p) => p === '-').length > 1) {
    throw new UsageError('standard input can be read only once; give the other files as paths');
  }
  if (options.out === '') throw new UsageError('--out needs a file name, or - for standard output');
}

export async function reportRun(ctx: CliContext, options: ReportOptions): Promise<void> {
  checkOptions(options);
  // Before the replays, which may take a while: a folder that is not there, or a folder given as the file.
  if (options.out !== '-') checkReportPath(options.out, '--out');
  // And a plan's documents that cannot be read (plan reads them after the log's three replays).
  for (const document of [options.plan, options.planFrom, options.planTo]) if (document !== undefined && document !== '-') checkReadable(document);
  // The log is read once per command: standard input is kept in a private file. The workspace is read once for all.
  const { withLogPath } = await import('../../io/spool.js');
  const input = await withLogPath(options.log, ctx.io.stdin, (path) => readOnce(ctx, (held) => gather(ctx, held, options, path)));
  const { renderReport } = await import('../render/report.js');
  const html = await renderReport(input);
  if (options.out === '-') ctx.io.out.write(html);
  else writeReportFile(options.out, html, '--out');
  if (input.historyNote !== null) ctx.io.err.write(input.historyNote + '\n');
  const s = input.stats;
  const where = options.out === '-' ? 'the report' : `${options.out} (${Math.ceil(Buffer.byteLength(html) / 1024).toLocaleString('en-US')} KB)`;
  ctx.io.err.write(`Wrote ${where}: ${plural(s.messages, 'message')}, ${plural(s.alerts, 'alert')}, ${plural(s.emails, 'email')}, ${plural(s.unreachable, 'unreachable customer message')}.\n`);
}

/** A file that can be opened for reading, or the error plan would give for it. */
function checkReadable(path: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

/** A command's run with its output kept in memory (what it prints on stdout, and on stderr), reading the database held. */
async function captured(ctx: CliContext, held: Db, run: (ctx: CliContext) => Promise<void>): Promise<{ out: string; err: string }> {
  const memory = memoryIO({ env: ctx.io.env });
  // Standard input stays the real one (a --plan document may come from it).
  const io: IOStreams = { ...memory, stdin: ctx.io.stdin, readStdin: ctx.io.readStdin };
  const inner: CliContext = {
    io,
    dbPath: ctx.dbPath,
    zone: ctx.zone,
    commandLine: ctx.commandLine,
    commandName: ctx.commandName,
    held,
    get actor() {
      return ctx.actor;
    },
  };
  await run(inner);
  return { out: memory.stdout(), err: memory.stderr() };
}

/** What each command prints as JSON for this log. */
async function gather(ctx: CliContext, held: Db, options: ReportOptions, log: string): Promise<ReportInput> {
  const common = { log, window: options.window, ...(options.sort && { sort: true }), ...(options.asOf !== undefined && { asOf: options.asOf }) };
  const json = async <T>(run: (ctx: CliContext) => Promise<void>): Promise<T> => JSON.parse((await captured(ctx, held, run)).out) as T;
  // simulate --stats --all: every decision by reason (suppressed ones too), the totals and the gap counts.
  const simulate = await captured(ctx, held, (c) => simulateRun(c, { ...common, stats: true, all: true, format: 'json' }));
  const stats = JSON.parse(simulate.out) as StatsJson;
  const gaps = await json<GapJson[]>((c) => gapsRun(c, { ...common, format: 'json' }));
  const load = await json<LoadJson[]>((c) => loadRun(c, { ...common, by: 'hour', format: 'json' }));
  // A log of many weeks is drawn by the day (the numbers of `load --by day`): the weeks of its alerts and of its gaps,
  // both drawn over time (a helpdesk that alerted nobody for seven weeks had its gaps drawn by the hour, 4,000 pixels wide).
  const { spanOf } = await import('../render/report.js');
  const span = spanOf([...load.flatMap((u) => u.periods.map((p) => Date.parse(p.at))), ...gaps.map((g) => Date.parse(g.at))]);
  const by: LoadPeriod = span !== null && (span.last - span.first) / 3_600_000 > MOST_HOURS ? 'day' : 'hour';
  const pictured = by === 'hour' ? load : await json<LoadJson[]>((c) => loadRun(c, { ...common, by: 'day', format: 'json' }));
  let plan: PlanJson | null = null;
  let planName: string | null = null;
  if (options.plan !== undefined || options.planFrom !== undefined) {
    const documents = options.plan !== undefined ? { file: options.plan } : { from: options.planFrom!, to: options.planTo! };
    // plan --from/--to compares documents: --as-of is the database's, for plan FILE only.
    const asOf = options.plan !== undefined && options.asOf !== undefined ? { asOf: options.asOf } : {};
    plan = await json<PlanJson>((c) => planRun(c, { log, window: options.window, ...(options.sort && { sort: true }), ...asOf, ...documents, format: 'json' }));
    planName = options.plan !== undefined ? inputName(options.plan) : `${inputName(options.planFrom!)} → ${inputName(options.planTo!)}`;
  }
  // What simulate says on stderr with --stats --format json: only that lines came before the recorded history (the others say the same).
  const historyNote = simulate.err.trim() === '' ? null : simulate.err.trim();
  return { log: inputName(options.log), db: ctx.dbPath, zone: ctx.zone, window: options.window, asOf: options.asOf ?? null, historyNote, stats, gaps, load, pictured: { by, rows: pictured }, plan, planName };
}
