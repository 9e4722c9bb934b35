/** `why USER MESSAGE --log FILE`: one decision explained, with the changes that would have notified the user. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../context.js';
import { explain, type ExplainOptions } from '../explain.js';
import { examples, formatOption, logOption, sortOption, windowOption } from '../options.js';
import { colors } from '../output.js';
import { decisionObject } from '../render/decisions.js';
import { renderExplanation } from '../render/explanation.js';
import { readWorkspace, withDatabase } from '../session.js';
import { auditAfter } from '../../store/audit-query.js';
import { UTC } from '../../domain/zone.js';
import { changedSinceNotes } from '../changed-since.js';
import { formatTime } from '../../domain/time.js';

export interface WhyOptions extends ExplainOptions {
  user: string;
  message: string;
  format: 'text' | 'json';
}

export default function whyCommand(f: Factory) {
  const command = new Command('why')
    .description('explain one decision: every check, and the changes that would have notified the user')
    .argument('<user>', 'the user id')
    .argument('<message>', 'the message id')
    .addOption(logOption())
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((user, message, o, cmd) => whyRun(f.context(cmd), { ...o, user, message }));
  examples(command, ['notifyctl why dana m-003 --log day.ndjson', 'notifyctl why dana m-003 --log day.ndjson --format json | jq .checks']);
  return command;
}

export async function whyRun(ctx: CliContext, options: WhyOptions): Promise<void> {
  const zone = options.format === 'text' ? ctx.zone : UTC;
  const result = await explain(await readWorkspace(ctx), options.user, options.message, { ...options, zone }, ctx.io.stdin);
  const since = await withDatabase(ctx, (db) => auditAfter(db, new Date(result.decision.at).toISOString()));
  result.notes.push(...changedSinceNotes(since, result.facts, zone));
  if (options.format === 'json') {
    const checks = result.checks.map((c) => ({ ...c, evidence: c.evidence.map((e) => ({ line: e.line, at: e.at === null ? null : formatTime(e.at), type: e.type, text: e.text })) }));
    ctx.io.out.write(JSON.stringify({ decision: decisionObject(result.decision), checks, fixes: result.fixes, notes: result.notes }, null, 2) + '\n');
    return;
  }
  ctx.io.out.write(renderExplanation(result, colors(ctx.io.color), ctx.zone));
}
