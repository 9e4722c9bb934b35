/**
 * `plan FILE --log LOG` / `plan --from BASE --to FILE --log LOG`: what a change to the
 * workspace does to notifications (SPEC 9.3), like `terraform plan`. One pass over the
 * log replays both workspaces side by side; nothing is written, and --from/--to needs
 * no database at all.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { ReportedFailure, UsageError } from '../../domain/errors.js';
import { diffWorkspaces } from '../../domain/workspace-diff.js';
import { emptyWorkspace, type Workspace } from '../../domain/workspace.js';
import { Comparison } from '../../engine/comparison.js';
import { readInput } from '../../io/read-input.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../context.js';
import { asOfOption, asOfTime, collect, examples, formatOption, logOption, sortOption, windowOption } from '../options.js';
import { changeObjects } from '../render/changes.js';
import { planOf, renderPlanMarkdown, renderPlanText, writePlanJson } from '../render/plan.js';
import { readWorkspace } from '../session.js';

export interface PlanOptions {
  asOf?: string;
  file?: string;
  from?: string;
  to?: string;
  replace?: boolean;
  log: string;
  failOn?: string[];
  window: number;
  sort?: boolean;
  format: 'text' | 'json' | 'markdown';
}

const FAIL_ON = ['gaps', 'changes'];

export default function planCommand(f: Factory) {
  const command = new Command('plan')
    .description('what importing a workspace document would do to notifications; nothing is written')
    .argument('[file]', 'the document to import into the database (or use --from and --to)')
    .addOption(new Option('--from <base>', 'compare two documents, no database: the workspace as it is'))
    .addOption(new Option('--to <file>', 'with --from: the workspace as it would be'))
    .addOption(new Option('--replace', 'FILE replaces the whole workspace instead of merging into it'))
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--fail-on <what>', 'exit 1 on new gaps (gaps) or on any changed decision (changes); repeatable').argParser(collect))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
    .action((file, o, cmd) => planRun(f.context(cmd), { ...o, ...(file !== undefined && { file }) }));
  examples(command, [
    'notifyctl plan team.yaml --log week.ndjson',
    'git show origin/main:team.yaml > base.yaml && notifyctl plan --from base.yaml --to team.yaml --log week.ndjson --format markdown --fail-on gaps',
  ]);
  return command;
}

async function documentWorkspace(path: string, base: Workspace, mode: 'merge' | 'replace', ctx: CliContext): Promise<Workspace> {
  const { name, text } = readInput(path, ctx.io);
  const { workspaceFromText } = await import('../../io/workspace-doc.js');
  return workspaceFromText(base, name, text, mode);
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
  const before = compare ? await documentWorkspace(options.from!, emptyWorkspace(), 'replace', ctx) : await readWorkspace(ctx, asOfTime(options.asOf, ctx.zone));
  const after = await documentWorkspace(compare ? options.to! : options.file!, before, compare || options.replace ? 'replace' : 'merge', ctx);
  const changes = diffWorkspaces(before, after);
  const comparison = new Comparison(before, after, { window: options.window, gaps: true, decisions: true });
  // The log may name users and items of either workspace.
  const known = { ...after, users: new Map([...before.users, ...after.users]), items: new Map([...before.items, ...after.items]) };
  await replayLogFile({ path: options.log, workspace: known, sort: options.sort === true, sinks: comparison.sinks, stdin: ctx.io.stdin });
  const plan = planOf(changes, comparison.result());
  if (options.format === 'json') writePlanJson({ ...plan, changes: changeObjects(plan.changes, before, after) }, (text) => ctx.io.out.write(text));
  else ctx.io.out.write(options.format === 'markdown' ? renderPlanMarkdown(plan) : renderPlanText(plan, ctx.io.stdoutIsTTY, ctx.io.color));
  const failOn = new Set(options.failOn ?? []);
  if (failOn.has('gaps') && plan.gaps.newlyUnnoticed.length > 0) throw new ReportedFailure('new gaps');
  if (failOn.has('changes') && plan.decisions.length > 0) throw new ReportedFailure('decisions change');
}
