/** `db check`: integrity, schema version and counts; exit 1 if damaged. */
import { Command } from '@commander-js/extra-typings';
import { statSync } from 'node:fs';
import { DataError } from '../../../domain/errors.js';
import { OWN_TABLES } from '../../../store/schema.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { editFormatOption, examples } from '../../shell/options.js';
import { renderDbCheck, type DbReport } from '../../render/details.js';
import { readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface DbCheckOptions {
  format: 'table' | 'json';
}

export default function dbCheckCommand(f: Factory) {
  const command = new Command('check')
    .description('integrity, schema version and counts; exit 1 if damaged')
    .addOption(editFormatOption())
    .action((o, cmd) => dbCheckRun(f.context(cmd), o));
  examples(command, ['notifyctl db check', 'notifyctl db check --format json']);
  return command;
}

export async function dbCheckRun(ctx: CliContext, options: DbCheckOptions): Promise<void> {
  const report: DbReport = await readDatabase(ctx, (db) => {
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const counts: Record<string, number> = {};
    for (const table of OWN_TABLES) counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const messages = integrity.map((r) => r.integrity_check);
    return {
      path: ctx.dbPath,
      ok: messages.length === 1 && messages[0] === 'ok' && foreignKeys.length === 0,
      integrity: messages,
      foreignKeyProblems: foreignKeys.length,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      bytes: statSync(ctx.dbPath).size,
      counts,
    };
  });
  if (options.format === 'json') {
    ctx.io.out.write(jsonText(report));
  } else {
    renderDbCheck(report, outputOf(ctx.io, ctx.zone));
  }
  if (!report.ok) throw new DataError(`${report.path} failed its integrity check; restore a backup (notifyctl db backup makes one)`);
}
