/** `audit changes`: one line per change (number, time, actor, command, rows), newest first. */
import { Command, Option } from '@commander-js/extra-typings';
import { listChanges } from '../../../store/audit-query.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption, wholeNumber } from '../../shell/options.js';
import { renderChangeList } from '../../render/audit.js';
import { readDatabase } from '../../shell/session.js';
import { outputOf } from '../../output/iostreams.js';

export interface AuditChangesOptions {
  limit?: number;
  format: 'table' | 'json' | 'csv';
}

export default function auditChangesCommand(f: Factory) {
  const command = new Command('changes')
    .description('one line per change: number, time, actor, command, rows; newest first')
    .addOption(new Option('--limit <n>', 'the newest this many changes').argParser(wholeNumber))
    .addOption(listFormatOption())
    .action((o, cmd) => auditChangesRun(f.context(cmd), o));
  examples(command, ['notifyctl audit changes --limit 10', 'notifyctl audit changes --format json']);
  return command;
}

export async function auditChangesRun(ctx: CliContext, options: AuditChangesOptions): Promise<void> {
  const changes = await readDatabase(ctx, (db) => listChanges(db, options.limit));
  await renderChangeList(changes, options.format, outputOf(ctx.io, ctx.zone));
}
