/**
 * `plan FILE --log LOG` / `plan --from BASE --to FILE --log LOG`: what a change to the
 * workspace does to notifications (SPEC 9.3), like `terraform plan`. One pass over the
 * log replays both workspaces side by side; nothing is written, and --from/--to needs
 * no database at all.
 */
import { StringDecoder } from 'node:string_decoder';
import { Command, Option } from '@commander-js/extra-typings';
import { DataError, ReportedFailure, UsageError } from '../../domain/errors.js';
import type { Change } from '../../domain/changes.js';
import { diffWorkspaces, effectiveChanges, usersAddedRemoved } from '../../domain/workspace-diff.js';
import { emptyWorkspace, type Workspace } from '../../domain/workspace.js';
import { changedDecision, Comparison, type ComparisonResult, type ImpactRow } from '../../engine/comparison.js';
import { blockersOf } from '../../engine/gaps.js';
import { DecisionSpool } from '../../io/decision-spool.js';
import { readInput } from '../../io/read-input.js';
import { checkReportPath, writeReportFileInPieces } from '../../io/report-file.js';
import { openLog } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, collect, examples, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { changedDecisionJson, planObject, renderPlanMarkdown, renderPlanText, TEXT_DECISIONS, writePlanJson, type GapGroup, type MoreDecisions, type Plan } from '../render/plan.js';
import { readWorkspace } from '../shell/session.js';
import { outputOf } from '../output/iostreams.js';

export interface PlanOptions {
  asOf?: string;
  file?: string;
  from?: string;
  to?: string;
  replace?: boolean;
  log: string;
  failOn?: string[];
  detailedExitcode?: boolean;
  allDecisions?: boolean;
  save?: string;
  window: number;
  sort?: boolean;
  format: 'text' | 'json' | 'markdown';
}

const FAIL_ON = ['gaps', 'unreachable', 'changes'];

export default function planCommand(f: Factory) {
  const command = new Command('plan')
    .description('what importing a workspace document would do to notifications; nothing is written')
    .argument('[file]', 'the document to import into the database (or use --from and --to)')
    .addOption(new Option('--from <base>', 'compare two documents, no database: the workspace as it is'))
    .addOption(new Option('--to <file>', 'with --from: the workspace as it would be'))
    .addOption(new Option('--replace', 'FILE replaces the whole workspace instead of merging into it'))
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--fail-on <what>', 'exit 1 (4 with --detailed-exitcode) on newly unnoticed messages (gaps), newly unreachable ones (unreachable) or any changed decision (changes); repeatable').argParser(collect))
    .addOption(new Option('--detailed-exitcode', 'exit 0 when no decision changes, 3 when some change, 4 when a --fail-on gate trips (1: could not run, 2: usage)'))
    .addOption(new Option('--all-decisions', 'list every changed decision in the JSON, not the first 1,000'))
    .addOption(new Option('--save <file>', 'also write the JSON document to FILE'))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
    .action((file, o, cmd) => planRun(f.context(cmd), { ...o, ...(file !== undefined && { file }) }));
  examples(command, [
    'notifyctl plan team.yaml --log week.ndjson',
    'git show origin/main:team.yaml > base.yaml && notifyctl plan --from base.yaml --to team.yaml --log week.ndjson --format markdown --fail-on unreachable',
    'notifyctl plan --from base.yaml --to team.yaml --log week.ndjson --format markdown --save plan.json --detailed-exitcode > plan.md',
  ]);
  return command;
}

async function documentWorkspace(path: string, base: Workspace, mode: 'merge' | 'replace', ctx: CliContext): Promise<Workspace> {
  try {
    const { name, text } = readInput(path, ctx.io);
    const { workspaceFromText } = await import('../../io/workspace-doc.js');
    return await workspaceFromText(base, name, text, mode);
  } catch (error) {
    throw forReader(error);
  }
}

/**
 * A document's error as plan says it. The readers of documents (io/read-input.ts,
 * io/workspace-doc.ts) word their errors for import, which writes: "…; nothing was
 * changed". plan never writes, and saying so would have its reader wonder what might have.
 */
function forReader(error: unknown): unknown {
  if (!(error instanceof DataError)) return error;
  const message = error.message.replace(/; nothing was changed(:?)$/, '$1');
  return message === error.message ? error : new DataError(message, error.details);
}

export async function planRun(ctx: CliContext, options: PlanOptions): Promise<void> {
  for (const what of options.failOn ?? []) if (!FAIL_ON.includes(what)) throw new UsageError(`--fail-on ${what}: accepted: ${FAIL_ON.join(', ')}`);
  const compare = options.from !== undefined || options.to !== undefined;
  if (compare && (options.from === undefined || options.to === undefined)) throw new UsageError('--from and --to go together: plan --from BASE --to FILE --log LOG');
  if (compare && options.file !== undefined) throw new UsageError('plan takes a FILE to import into the database, or --from BASE --to FILE, not both');
  if (compare && options.asOf !== undefined) throw new UsageError('--as-of goes with plan FILE (the database as it was); --from and --to are documents');
  if (!compare && options.file === undefined) throw new UsageError('plan needs a FILE (what importing it would do to the database), or --from BASE --to FILE');
  if ([options.file, options.from, options.to].filter((p) => p === '-').length + (options.log === '-' ? 1 : 0) > 1) {
    throw new UsageError('standard input can be read only once; give the other files as paths');
  }
  if (options.allDecisions && options.format !== 'json' && options.save === undefined) throw new UsageError('--all-decisions lists every changed decision in the JSON: give --format json or --save FILE');
  if (options.save === '-') throw new UsageError('--save needs a file name; for the JSON on standard output use --format json');
  // Before the replay, which may take a while: a folder that is not there, or a folder given as the file.
  if (options.save !== undefined) checkReportPath(options.save, '--save');
  const before = compare ? await documentWorkspace(options.from!, emptyWorkspace(), 'replace', ctx) : await readWorkspace(ctx, asOfTime(options.asOf, ctx.zone));
  const after = await documentWorkspace(compare ? options.to! : options.file!, before, compare || options.replace ? 'replace' : 'merge', ctx);
  const changes = diffWorkspaces(before, after);
  // Past the first 1,000 the changed decisions are only counted, or with --all-decisions written to a file as they come.
  const spool = options.allDecisions ? new DecisionSpool(changedDecisionJson) : null;
  try {
    const comparison = new Comparison(before, after, {
      window: options.window,
      gaps: true,
      decisions: true,
      decisionLimit: TEXT_DECISIONS,
      leaveOutOneSidedItems: true,
      ...(spool !== null && { onMoreDecisions: spool.add }),
    });
    // The log may name users and items of either workspace.
    const known = { ...after, users: new Map([...before.users, ...after.users]), items: new Map([...before.items, ...after.items]) };
    await openLog(options.log, { sort: options.sort === true, env: ctx.io.env, stdin: ctx.io.stdin }).replay({ workspace: known, sinks: comparison.sinks });
    const plan = planOf(changes, comparison.result(), before, after);
    const more: MoreDecisions | undefined = spool === null ? undefined : () => spool.pieces();
    // The file first: when it cannot be written, nothing is printed (a pipeline posts no half-run plan).
    if (options.save !== undefined) writeReportFileInPieces(options.save, '--save', (write) => writePlanJson(planObject(plan, before, after), write, more));
    if (options.format === 'json') writePlanJson(planObject(plan, before, after), toStdout(ctx), more);
    else if (options.format === 'markdown') renderPlanMarkdown(plan, outputOf(ctx.io, ctx.zone));
    else renderPlanText(plan, outputOf(ctx.io, ctx.zone));
    exitFor(plan, options);
  } finally {
    spool?.close();
  }
}

/**
 * plan's JSON to standard output: the spooled decisions' bytes as they are, but on a
 * terminal, where text is made safe to show (iostreams' terminalSafe), decoded first.
 */
function toStdout(ctx: CliContext): (text: string | Uint8Array) => void {
  if (!ctx.io.stdoutIsTTY) return (text) => ctx.io.out.write(text);
  const decoder = new StringDecoder('utf8');
  return (text) => ctx.io.out.write(typeof text === 'string' ? text : decoder.write(text));
}

/** SPEC 10.2: without --detailed-exitcode 0, or 1 for a tripped gate; with it 0 (nothing changes), 3 (changes) or 4 (a gate). */
function exitFor(plan: Plan, options: PlanOptions): void {
  const failOn = new Set(options.failOn ?? []);
  const tripped = [
    failOn.has('gaps') && plan.gaps.newlyUnnoticed.length > 0 && 'customer messages newly unnoticed',
    failOn.has('unreachable') && plan.gaps.newlyUnreachable.length > 0 && 'customer messages newly unreachable',
    failOn.has('changes') && plan.decisionsTotal > 0 && 'decisions change',
  ].filter((t) => t !== false);
  if (tripped.length > 0) throw new ReportedFailure(tripped.join(', '), options.detailedExitcode ? 4 : 1);
  if (options.detailedExitcode && plan.decisionsTotal > 0) throw new ReportedFailure('decisions change', 3);
}

/** The result of the comparison as a plan: the lists SPEC 10.2 adds, and the gaps by project for people. */
function planOf(changes: Change[], result: ComparisonResult, before: Workspace, after: Workspace): Plan {
  const sum = (k: keyof Omit<ImpactRow, 'user'>) => result.users.reduce((n, r) => n + r[k], 0);
  const gaps = result.gaps!;
  const blockers = new Map<string | null, GapGroup['blockers']>();
  const unnoticed = new Set(gaps.newlyUnnoticed);
  const newlyUnreachable = new Set(gaps.newlyUnreachable);
  const byProject = (messages: readonly string[]): GapGroup[] => {
    const groups = new Map<string | null, GapGroup>();
    for (const message of messages) {
      const project = result.unreachableProject.get(message) ?? null;
      let group = groups.get(project);
      if (group === undefined) {
        if (!blockers.has(project)) blockers.set(project, blockersOf(after, project));
        groups.set(project, (group = { project, messages: [], unnoticed: new Set(), blockers: blockers.get(project)! }));
      }
      group.messages.push(message);
      if (unnoticed.has(message)) (group.unnoticed as Set<string>).add(message);
    }
    return [...groups.values()];
  };
  return {
    changes,
    users: usersAddedRemoved(before, after),
    effective: effectiveChanges(before, after),
    impact: result.users.filter((r) => r.alertsBefore !== r.alertsAfter || r.emailsBefore !== r.emailsAfter),
    totals: { alertsBefore: sum('alertsBefore'), alertsAfter: sum('alertsAfter'), emailsBefore: sum('emailsBefore'), emailsAfter: sum('emailsAfter') },
    transitions: result.transitions,
    decisions: result.decisions.slice(),
    decisionsTotal: result.decisions.total,
    gaps,
    leftOut: result.leftOut,
    gapGroups: { newlyUnreachable: byProject(gaps.newlyUnreachable), newlyUnnoticed: byProject(gaps.newlyUnnoticed.filter((m) => !newlyUnreachable.has(m))) },
  };
}
