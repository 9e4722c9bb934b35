/** `simulate --log FILE|-`: replays a log and prints who would be alerted or emailed, and why. */
import { Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Decision } from '../../domain/decision.js';
import type { LogEvent, MessageEvent } from '../../domain/events.js';
import type { Workspace } from '../../domain/workspace.js';
import type { DecisionFacts } from '../../engine/decide.js';
import type { AlertOutcome, Selection } from '../../engine/replay.js';
import { ask } from '../../engine/questions.js';
import { GapCounter } from '../../engine/gaps.js';
import { Tally, type Stats } from '../../engine/stats.js';
import { inputName } from '../../io/read-input.js';
import { openLog, type EventSink, type LogFile } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, collect, examples, timeRange, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { DeferredOutput, Progress } from '../output/output.js';
import { decisionWriter, type DecisionFormat, type RenderTarget } from '../render/decisions.js';
import { renderStats, summaryLine } from '../render/stats.js';
import { resolveUsers, usersOfPast } from '../shell/resolve-user.js';
import { readPast, type PastWorkspace } from '../shell/session.js';
import { outputOf, summaryStream } from '../output/iostreams.js';
import { didYouMean } from '../../domain/text.js';

export interface DisplayOptions {
  format: DecisionFormat;
  all?: boolean;
  user?: string[];
  window: number;
  sort?: boolean;
  stats?: boolean;
}

export interface SimulateOptions extends DisplayOptions {
  log: string;
  asOf?: string;
  /** Which messages' decisions are printed and counted (SPEC 10.3); the whole log is still read. */
  since?: string;
  until?: string;
  conversation?: string[];
}

/** The options simulate and demo share: what to print and how. */
export function addDisplayOptions<Opts extends OptionValues>(command: Command<[], Opts, OptionValues>) {
  return command
    .addOption(formatOption(['table', 'json', 'ndjson', 'csv'], 'table'))
    .addOption(new Option('--all', "every user's decision for every message, not only notifications"))
    .addOption(new Option('--user <id>', "only this user's decisions, suppressed ones included (repeatable)").argParser(collect))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(new Option('--stats', 'per-user and per-reason totals instead of decisions'));
}

export default function simulateCommand(f: Factory) {
  const command = addDisplayOptions(
    new Command('simulate').description('replay a message log and print who would be alerted or emailed, and why').addOption(logOption()).addOption(asOfOption()),
  )
    .addOption(new Option('--since <time>', "only the decisions on messages at or after this time (the whole log is still read; a date alone: its start; without a zone: read in --tz)"))
    .addOption(new Option('--until <time>', 'only the decisions on messages at or before this time (a date alone: to its end)'))
    .addOption(new Option('--conversation <id>', 'only the decisions on messages of this conversation (repeatable)').argParser(collect))
    .action((o, cmd) => simulateRun(f.context(cmd), o));
  examples(command, [
    'notifyctl simulate --log day.ndjson',
    'notifyctl simulate --log day.ndjson --user dana --format json',
    'notifyctl --tz Europe/Rome simulate --log day.ndjson --since "2026-03-02 01:30" --until "2026-03-02 02:30"',
    'zcat week.ndjson.gz | notifyctl simulate --log - --stats',
  ]);
  return command;
}

export function selectionFor(users: Parameters<typeof resolveUsers>[0], options: Pick<SimulateOptions, 'all' | 'user'>): Selection {
  if (options.user !== undefined && options.user.length > 0) {
    return { kind: 'users', users: new Set(resolveUsers(users, options.user, { flag: '--user' })) };
  }
  return options.all ? { kind: 'all' } : { kind: 'notified' };
}

/** The messages --since, --until and --conversation choose, or null when none is given (every message: the fast path). */
export function messageFilter(options: Pick<SimulateOptions, 'since' | 'until' | 'conversation'>, zone: string): ((m: { at: number; conversation: string }) => boolean) | null {
  const { since, until } = timeRange(options, zone);
  const conversations = options.conversation === undefined || options.conversation.length === 0 ? null : new Set(options.conversation);
  if (since === null && until === null && conversations === null) return null;
  const from = since ?? -Infinity;
  const to = until ?? Infinity;
  return (m) => m.at >= from && m.at <= to && (conversations === null || conversations.has(m.conversation));
}

/** Counts the messages the filter chooses: the summary's "messages" (a sink before the replay). */
class ChosenMessages implements EventSink {
  count = 0;
  /** With --conversation: every conversation the log's messages are in, to name one asked for that has none. */
  readonly conversations = new Set<string>();
  constructor(
    private readonly chosen: (m: { at: number; conversation: string }) => boolean,
    private readonly asked: readonly string[],
  ) {}
  push(e: LogEvent): void {
    if (e.type !== 'message') return;
    if (this.asked.length > 0) this.conversations.add(e.conversation);
    if (this.chosen(e)) this.count++;
  }
  end(): void {}
  /** "--conversation c-nope: no message of the log is in it; did you mean …" for each such one. */
  notes(): string[] {
    return this.asked.filter((c) => !this.conversations.has(c)).map((c) => `note: --conversation ${c}: no message of the log is in this conversation${didYouMean(c, this.conversations)}`);
  }
}

export async function simulateRun(ctx: CliContext, options: SimulateOptions): Promise<void> {
  messageFilter(options, ctx.zone); // bad times are usage errors before anything is read
  // A long log's reading thread starts while the workspace is read (see LogFile).
  const log = openLog(options.log, { sort: options.sort === true, env: ctx.io.env, stdin: ctx.io.stdin });
  await log.start();
  try {
    const past = await readPast(ctx, options.asOf, asOfTime(options.asOf, ctx.zone));
    await simulateWorkspace(ctx, past.start, options, log, past);
  } finally {
    log.close();
  }
}

/**
 * Shared by `simulate` and `demo`. `log`: options.log, opened (see openLog).
 * `past`: the recorded history, for the workspace of each line's time (SPEC 10.1).
 */
export async function simulateWorkspace(ctx: CliContext, workspace: Workspace, options: SimulateOptions, log: LogFile, past?: PastWorkspace): Promise<void> {
  const io = ctx.io;
  // --user names someone of the history's start or of today.
  const selection = selectionFor(past === undefined ? workspace.users : usersOfPast(past), options);
  const history = past === undefined ? {} : { history: past.replayHistory };
  const output = new DeferredOutput(io);
  const notes: string[] = [];
  // Standard output as the renderers take it, through the deferred output.
  const target: RenderTarget = {
    ...outputOf(io, ctx.zone),
    out: { write: (data) => output.write(typeof data === 'string' ? data : Buffer.from(data).toString()) },
    bytes: output,
    note: (text) => notes.push(text),
  };
  const tally = new Tally();
  /** SPEC 10.1: lines before the recorded history, said once on stderr. */
  let historyNote: string | null = null;
  const chosen = messageFilter(options, ctx.zone);
  const writer = options.stats ? null : await decisionWriter(options.format, target);
  let onDecision = writer === null ? (d: Decision, _f: DecisionFacts, userIndex: number) => tally.add(d, userIndex) : (d: Decision, _f: DecisionFacts, userIndex: number) => {
    tally.add(d, userIndex);
    writer.write(d);
  };
  const chosenMessages = chosen === null ? null : new ChosenMessages(chosen, options.conversation ?? []);
  if (chosen !== null) {
    // Only with a filter: the default path keeps its one call per decision.
    const all = onDecision;
    onDecision = (d, f, userIndex) => {
      if (chosen(d)) all(d, f, userIndex);
    };
  }
  const gaps = options.stats ? new GapCounter(options.window) : null;
  const progress = new Progress(io, options.log !== '-' && io.stderrIsTTY(), `replaying ${inputName(options.log)}`);
  try {
    let messages: number;
    try {
      // The tally and the writers use each decision at once: one object can serve them all.
      // --stats of notifications only counts: the totals question, whose alerts come as
      // their outcomes, with no decision made for each. A filter needs each alert's
      // message: it counts decisions instead; so do --all and --user.
      const counting = writer === null && chosen === null && selection.kind === 'notified';
      const onCustomerMessage = gaps === null ? undefined : chosen === null ? gaps.onCustomerMessage : (m: MessageEvent, reachable: boolean) => {
        if (chosen(m)) gaps.onCustomerMessage(m, reachable);
      };
      // The gap counts need a notified-only replay: this one, or for --all and --user one beside it.
      const reachability = selection.kind === 'notified' ? onCustomerMessage : undefined;
      const over = { ...history, window: options.window };
      const replay = counting
        ? ask.totals(workspace, { ...over, onAlert: (outcome: AlertOutcome, userIndex: number) => tally.add(outcome, userIndex), onCustomerMessage: reachability })
        : ask.decisions(workspace, { ...over, selection, onDecision, onCustomerMessage: reachability });
      const sinks: EventSink[] = chosenMessages === null ? [replay] : [chosenMessages, replay];
      if (gaps !== null) {
        if (selection.kind !== 'notified') sinks.push(ask.reachability(workspace, { ...over, onCustomerMessage: onCustomerMessage! }));
        sinks.push(gaps);
      }
      ({ messages } = await log.replay({
        workspace,
        sinks,
        onProgress: (done, total) => progress.update(done, total),
        ...(past !== undefined && { known: past }),
      }));
      historyNote = past?.beforeNote(replay.linesBeforeHistory) ?? null;
    } finally {
      progress.done();
    }
    const stats: Stats = { ...tally.result(chosenMessages?.count ?? messages), ...(gaps !== null && { unreachable: gaps.counts.unreachable, unnoticed: gaps.counts.unnoticed }) };
    if (writer !== null) writer.end(summaryLine(stats));
    else await renderStats(stats, options.format, target);
    output.commit();
  } catch (error) {
    output.discard();
    throw error;
  }
  for (const note of notes) summaryStream(io).write(note + '\n');
  for (const note of chosenMessages?.notes() ?? []) io.err.write(note + '\n');
  if (historyNote !== null) io.err.write(historyNote + '\n');
}
