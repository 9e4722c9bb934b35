/** `db check`: integrity, schema version and counts; exit 1 if damaged. */
import { Command } from '@commander-js/extra-typings';
import { statSync } from 'node:fs';
import { DataError } from '../../../domain/errors.js';
import { OWN_TABLES, SCHEMA_VERSION } from '../../../store/schema.js';
import type { CliContext, Factory } from '../../context.js';
import { editFormatOption, examples } from '../../options.js';
import { withDatabase } from '../../session.js';

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
  const report = await withDatabase(ctx, (db) => {
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
    ctx.io.out.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const lines = [
      `database        ${report.path} (${report.bytes.toLocaleString('en-US')} bytes, ${report.journalMode} journal)`,
      `schema version  ${report.schemaVersion} (this notifyctl: ${SCHEMA_VERSION})`,
      `integrity       ${report.integrity.join('; ')}`,
      `foreign keys    ${report.foreignKeyProblems === 0 ? 'ok' : `${report.foreignKeyProblems} broken references`}`,
      ...Object.entries(report.counts).map(([table, n]) => `${table.padEnd(24)}${n.toLocaleString('en-US')}`),
    ];
    ctx.io.out.write(lines.join('\n') + '\n');
  }
  if (!report.ok) throw new DataError(`${report.path} failed its integrity check; restore a backup (notifyctl db backup makes one)`);
}
