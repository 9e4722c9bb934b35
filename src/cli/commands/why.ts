/** `why USER MESSAGE --log FILE`: one decision explained, with the changes that would have notified the user. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../context.js';
import { explain, type ExplainOptions } from '../explain.js';
import { examples, formatOption, logOption, sortOption, windowOption } from '../options.js';
import { colors } from '../output.js';
import { decisionObject } from '../render/decisions.js';
import { renderExplanation } from '../render/explanation.js';
import { readWorkspace } from '../session.js';

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
  const result = await explain(await readWorkspace(ctx), options.user, options.message, options, ctx.io.stdin);
  if (options.format === 'json') {
    ctx.io.out.write(JSON.stringify({ decision: decisionObject(result.decision), checks: result.checks, fixes: result.fixes, notes: result.notes }, null, 2) + '\n');
    return;
  }
  ctx.io.out.write(renderExplanation(result, colors(ctx.io.color)));
}
