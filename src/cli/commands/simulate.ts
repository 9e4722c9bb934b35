/** `simulate --log FILE|-`: replay a log and print who would be alerted or emailed. */
import type { Decision } from '../../domain/decision.js';
import { UsageError } from '../../domain/errors.js';
import type { Workspace } from '../../domain/workspace.js';
import { Replay, type Selection } from '../../engine/replay.js';
import { Tally, type Stats } from '../../engine/stats.js';
import { logDisplayName } from '../../io/log-reader.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext } from '../context.js';
import { DeferredOutput, Progress, colors } from '../output.js';
import { decisionWriter, type DecisionFormat, type RenderTarget } from '../render/decisions.js';
import { readWorkspace } from '../session.js';

export interface SimulateOptions {
  log: string;
  format: DecisionFormat;
  all?: boolean;
  user?: string[];
  window: number;
  sort?: boolean;
  stats?: boolean;
}

export function selectionFor(workspace: Workspace, options: Pick<SimulateOptions, 'all' | 'user'>): Selection {
  if (options.user !== undefined && options.user.length > 0) {
    const unknown = options.user.filter((u) => !workspace.users.has(u));
    if (unknown.length > 0) {
      throw new UsageError(`--user ${unknown.join(', ')}: not a user of the workspace; see the users with "notifyctl export"`);
    }
    return { kind: 'users', users: new Set(options.user) };
  }
  return options.all ? { kind: 'all' } : { kind: 'notified' };
}

export async function runSimulate(ctx: CliContext, options: SimulateOptions): Promise<void> {
  await simulateWorkspace(ctx, await readWorkspace(ctx), options);
}

/** Shared by `simulate` and `demo`. */
export async function simulateWorkspace(ctx: CliContext, workspace: Workspace, options: SimulateOptions): Promise<void> {
  const selection = selectionFor(workspace, options);
  const output = new DeferredOutput();
  const notes: string[] = [];
  const target = {
    out: (text: string) => output.write(text),
    note: (text: string) => notes.push(text),
    terminal: ctx.stdoutIsTty,
    color: colors(ctx.color),
    colorEnabled: ctx.color,
  };
  const tally = new Tally();
  const writer = options.stats ? null : await decisionWriter(options.format, target);
  const onDecision = writer === null ? (d: Decision) => tally.add(d) : (d: Decision) => {
    tally.add(d);
    writer.write(d);
  };
  const progress = new Progress(ctx.stderrIsTty && options.log !== '-', `replaying ${logDisplayName(options.log)}`);
  let messages: number;
  try {
    // The tally and the writers use each decision at once: one object can serve them all.
    const replay = new Replay(workspace, { window: options.window, selection, onDecision, reuseDecision: true });
    ({ messages } = await replayLogFile({
      path: options.log,
      workspace,
      sort: options.sort === true,
      sinks: [replay],
      onProgress: (done, total) => progress.update(done, total),
    }));
  } catch (error) {
    output.discard();
    throw error;
  } finally {
    progress.done();
  }
  const stats = tally.result(messages);
  if (writer !== null) writer.end(summaryLine(stats));
  else await renderStats(stats, options.format, target);
  await output.commit();
  // Summaries are for people: on stdout in a terminal, on stderr when piped.
  for (const note of notes) (ctx.stdoutIsTty ? process.stdout : process.stderr).write(note + '\n');
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Stats): string {
  return `${plural(s.messages, 'message')}, ${plural(s.decisions, 'decision')}: ${plural(s.alerts, 'alert')}, ${plural(s.emails, 'email')}.`;
}

async function renderStats(
  stats: Stats,
  format: DecisionFormat,
  target: RenderTarget,
): Promise<void> {
  if (format === 'json') {
    target.out(JSON.stringify(stats, null, 2) + '\n');
    return;
  }
  if (format === 'ndjson') {
    target.out(JSON.stringify(stats) + '\n');
    return;
  }
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    target.out(csvRows([['user', 'alerts', 'emails', 'decisions'], ...stats.users.map((u) => [u.user, u.alerts, u.emails, u.decisions])]));
    return;
  }
  const { renderTable } = await import('../render/table.js');
  const { REASON_SENTENCES } = await import('../../domain/reasons.js');
  target.out(
    renderTable(
      ['USER', 'ALERTS', 'EMAILS', 'DECISIONS'],
      stats.users.map((u) => [u.user, String(u.alerts), String(u.emails), String(u.decisions)]),
      target.terminal,
      target.colorEnabled,
    ),
  );
  target.out(
    (target.terminal ? '\n' : '') +
      renderTable(
        ['REASON', 'COUNT', 'MEANING'],
        stats.reasons.map((r) => [r.reason, String(r.count), REASON_SENTENCES[r.reason]]),
        target.terminal,
        target.colorEnabled,
      ),
  );
  if (target.terminal && stats.alerts > 0) {
    target.out('\nBusiest users (alerts)\n' + barChart(stats, target.color));
  }
  target.note(summaryLine(stats));
}

function barChart(stats: Stats, c: ReturnType<typeof colors>): string {
  const top = stats.users.filter((u) => u.alerts > 0).slice(0, 10);
  const max = Math.max(...top.map((u) => u.alerts));
  const width = Math.max(...top.map((u) => u.user.length));
  return (
    top
      .map((u) => `  ${u.user.padEnd(width)} ${c.green('█'.repeat(Math.max(1, Math.round((u.alerts / max) * 40))))} ${u.alerts}`)
      .join('\n') + '\n'
  );
}
