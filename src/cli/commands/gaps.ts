/**
 * `gaps --log FILE|-`: the customer messages that reached nobody (SPEC 9.2), with what
 * stood in the way each time and who, if anyone, saw them in time.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { ReportedFailure, UsageError } from '../../domain/errors.js';
import type { Workspace } from '../../domain/workspace.js';
import type { MessageEvent } from '../../domain/events.js';
import { GapWatcher, type GapRow } from '../../engine/gaps.js';
import { ask } from '../../engine/questions.js';
import { suggestChanges, suggestChangesBy, type ReplayRunner, type Suggestion } from '../../engine/suggest.js';
import { SuggestCounter } from '../../engine/suggest-counts.js';
import { openLog, type LogFile } from '../../io/replay-log.js';
import { shellQuote, type CliContext, type Factory } from '../shell/context.js';
import { preferenceSpec } from '../../domain/preferences.js';
import type { FixChange } from '../../engine/fixes.js';
import { asOfOption, asOfTime, examples, formatOption, logOption, sortOption, wholeNumber, windowOption } from '../shell/options.js';
import { gapSummary, renderGaps, renderSuggestions } from '../render/gaps.js';
import { readPast, type PastWorkspace } from '../shell/session.js';
import { outputOf, summaryStream } from '../output/iostreams.js';

export interface GapsOptions {
  asOf?: string;
  log: string;
  unnoticed?: boolean;
  fail?: boolean;
  window: number;
  sort?: boolean;
  format: 'table' | 'json' | 'ndjson' | 'csv';
  suggest?: boolean;
  suggestMax?: number;
}

/** What --suggest found (SPEC 10.5). */
export interface SuggestResult {
  suggestions: Suggestion[];
  /** The listed messages still unreachable with every suggestion made, as the checking replay found them. */
  stillUnreachable: string[];
}

/** The ready command of a suggestion (SPEC 10.5): the ids first, as in the SPEC's examples; after \`--\` when one could pass for an option. */
export function suggestionCommand(fix: FixChange): string {
  const [words, ids, flags]: [string[], string[], string[]] =
    fix.kind === 'preference'
      ? [['prefs', 'set'], [fix.user], [`--${preferenceSpec(fix.key).flag}`, fix.value]]
      : fix.kind === 'member'
        ? [['projects', 'members', 'add'], [fix.project, fix.user], []]
        : fix.kind === 'follow-item'
          ? [['items', 'follow'], [fix.item, fix.user], []]
          : [[fix.kind], [fix.user], []];
  const args = ids.some((id) => id.startsWith('-')) ? [...flags, '--', ...ids] : [...ids, ...flags];
  return ['notifyctl', ...words, ...args].map(shellQuote).join(' ');
}

export default function gapsCommand(f: Factory) {
  const command = new Command('gaps')
    .description('the customer messages no active user would be alerted about, and what stood in the way')
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--unnoticed', 'only those that nobody saw within the window either'))
    .addOption(new Option('--fail', 'exit 1 when any message is listed (for CI)'))
    .addOption(new Option('--suggest', 'also suggest single changes (a preference, a membership, a follow) that would reach the listed messages, checked by a replay'))
    .addOption(new Option('--suggest-max <n>', 'at most this many suggestions (default 5)').argParser(wholeNumber))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['table', 'json', 'ndjson', 'csv'], 'table'))
    .action((o, cmd) => gapsRun(f.context(cmd), o));
  examples(command, [
    'notifyctl gaps --log day.ndjson',
    'notifyctl gaps --log week.ndjson --unnoticed --fail',
    'notifyctl gaps --log day.ndjson --format csv > gaps.csv',
    'notifyctl gaps --log day.ndjson --suggest',
  ]);
  return command;
}

export async function gapsRun(ctx: CliContext, options: GapsOptions): Promise<void> {
  if (options.suggestMax !== undefined && !options.suggest) throw new UsageError('--suggest-max goes with --suggest');
  if (options.suggestMax === 0) throw new UsageError('--suggest-max 0: accepted: a whole number from 1 (the most suggestions to list)');
  if (options.suggest && options.format === 'ndjson') throw new UsageError('--suggest --format ndjson: accepted with --suggest: table, json or csv');
  // Each line is decided with the workspace of its time (SPEC 10.1).
  const past = await readPast(ctx, options.asOf, asOfTime(options.asOf, ctx.zone));
  if (!options.suggest) {
    const { rows, counts, note } = await findGaps(past, options, openLog(options.log, { sort: options.sort === true, env: ctx.io.env, stdin: ctx.io.stdin }));
    await renderGaps(rows, options.format, outputOf(ctx.io, ctx.zone));
    summaryStream(ctx.io).write(gapSummary(counts) + '\n');
    if (note !== null) ctx.io.err.write(note + '\n');
    if (options.fail && rows.length > 0) throw new ReportedFailure(`${rows.length} messages listed`);
    return;
  }
  // The log is read more than once: standard input is kept in a private file.
  const { withLogPath } = await import('../../io/spool.js');
  await withLogPath(options.log, ctx.io.stdin, async (path) => {
    const log = openLog(path, { sort: options.sort === true, env: ctx.io.env });
    // The scoring's counts are kept during the gaps pass (engine/suggest-counts.ts); they hold unless a recorded change applied to a line of the log.
    const counter = new SuggestCounter(past.start, options.window);
    const { rows, counts, note } = await findGaps(past, options, log, counter);
    const result = await suggestFor(past, rows, options, log, counter.holdsFor(past.replayHistory.changes) ? counter : null);
    const suggestions = result.suggestions.map((s) => ({ ...s, command: suggestionCommand(s.fix) }));
    await renderSuggestions(rows, suggestions, result.stillUnreachable, options.format as 'table' | 'json' | 'csv', outputOf(ctx.io, ctx.zone));
    summaryStream(ctx.io).write(gapSummary(counts) + '\n');
    if (note !== null) ctx.io.err.write(note + '\n');
    if (options.fail && rows.length > 0) throw new ReportedFailure(`${rows.length} messages listed`);
  });
}

/**
 * The listed rows, each line with the workspace of its time, in one pass: a notified-only
 * replay (whose lists answer "reachable" at no cost, as for simulate --stats) names the
 * customer messages that reach nobody, and GapWatcher works out their blockers and who
 * saw them, instead of every user's decision of every message.
 */
async function findGaps(past: PastWorkspace, options: GapsOptions, log: LogFile, counter: SuggestCounter | null = null) {
  const rows: GapRow[] = [];
  const workspace = past.start;
  const watcher = new GapWatcher(workspace, past.replayHistory.changes, options.window, (row) => {
    if (!options.unnoticed || row.seenBy === null) rows.push(row);
  });
  const onCustomerMessage = counter === null ? watcher.onCustomerMessage : (m: MessageEvent, reachable: boolean, project: string | null, item: string | null) => {
    watcher.onCustomerMessage(m, reachable, project, item);
    counter.onCustomerMessage(m, reachable);
  };
  const replay = ask.reachability(workspace, { history: past.replayHistory, window: options.window, onCustomerMessage });
  // The watcher (and the counter) after the replay: see GapWatcher.
  await log.replay({ workspace, sinks: counter === null ? [replay, watcher] : [replay, watcher, counter], known: past });
  return { rows, counts: watcher.counts, note: past.beforeNote(replay.linesBeforeHistory) };
}

/** The greedy suggestions for the listed rows, and the listed messages a replay with all of them made still finds unreachable. */
export async function suggestFor(past: PastWorkspace, rows: readonly GapRow[], options: GapsOptions, log: LogFile, counter: SuggestCounter | null = null): Promise<SuggestResult> {
  // Every replay follows the recorded history, the suggested changes made to the workspace it starts from.
  const history = past.replayHistory;
  const workspace = past.start;
  const run: ReplayRunner = async (ws, users, onDecision, follows) => {
    const replay = ask.gaps(ws, { history, window: options.window, users, onDecision });
    await log.replay({ workspace: ws, sinks: [follows, replay], known: past });
  };
  const max = options.suggestMax ?? 5;
  const { suggestions, after } = counter === null ? await suggestChanges(workspace, rows, max, run) : await suggestChangesBy(workspace, rows, max, counter.scorer(rows));
  if (suggestions.length === 0) return { suggestions, stillUnreachable: rows.map((r) => r.message) };
  // The check: a notified-only replay says of each customer message whether anyone is reached (as gaps does in simulate --stats).
  const listed = new Set(rows.map((r) => r.message));
  const stillUnreachable: string[] = [];
  const check = ask.reachability(after, {
    history,
    window: options.window,
    onCustomerMessage: (m, reachable) => {
      if (!reachable && listed.has(m.id)) stillUnreachable.push(m.id);
    },
  });
  await log.replay({ workspace: after, sinks: [check], known: past });
  return { suggestions, stillUnreachable };
}
