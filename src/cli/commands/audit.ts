/** `audit [--user U] [--since T]`: the history of changes. */
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../domain/errors.js';
import { parseDuration } from '../../domain/time.js';
import { parseTimeIn } from '../../domain/zone.js';
import { queryAudit } from '../../store/audit-query.js';
import type { CliContext, Factory } from '../context.js';
import { examples, listFormatOption } from '../options.js';
import { renderAudit } from '../render/audit.js';
import { readDatabase } from '../session.js';

export interface AuditOptions {
  user?: string;
  since?: string;
  limit?: number;
  format: 'table' | 'json' | 'csv';
}

/** The most rows a --limit may ask for: SQLite's integers, and far more than any trail. */
const MAX_LIMIT = 1_000_000_000;

export default function auditCommand(f: Factory) {
  const command = new Command('audit')
    .description('the history of changes: time, actor, command, user, key, old and new values')
    .addOption(new Option('--user <id>', 'only changes concerning this user'))
    .addOption(new Option('--since <time>', 'only changes since a date, a date-time, or a time ago (24h, 7d)'))
    .addOption(
      new Option('--limit <n>', 'at most this many rows').argParser((v: string): number => {
        if (!/^\d+$/.test(v) || +v > MAX_LIMIT) throw new InvalidArgumentError(`accepted: a whole number from 0 to ${MAX_LIMIT.toLocaleString('en-US')}.`);
        return +v;
      }),
    )
    .addOption(listFormatOption())
    .action((o, cmd) => auditRun(f.context(cmd), o));
  examples(command, ['notifyctl audit --user alice', 'notifyctl audit --since 24h', 'notifyctl audit --since 2026-03-01 --format csv > audit.csv']);
  return command;
}

/** The longest time ago --since takes: about 100 years. */
const MAX_AGO_MS = 100 * 366 * 86_400_000;

/** `--since` takes a date, a date-time with a zone, or a duration ago (24h, 7d). */
export function parseSince(text: string, zone: string, now = Date.now()): string {
  const accepted = 'accepted: a date (2026-03-02), a date-time with a zone (2026-03-02T09:00:00Z), or a time ago (90m, 24h, 7d)';
  const days = /^(\d+)d$/.exec(text);
  const ago = days ? +days[1]! * 86_400_000 : parseDuration(text);
  if (ago !== null && /[a-z]$/.test(text)) {
    if (ago > MAX_AGO_MS) throw new UsageError(`--since ${text}: too long ago: at most 100 years; ${accepted}`);
    return new Date(now - ago).toISOString();
  }
  // A date or date-time without a zone is read in --tz (UTC unless given).
  const at = parseTimeIn(text, zone);
  if (at === null) throw new UsageError(`--since ${text}: ${accepted}`);
  return new Date(at).toISOString();
}

export async function auditRun(ctx: CliContext, options: AuditOptions): Promise<void> {
  const rows = await readDatabase(ctx, (db) =>
    queryAudit(db, {
      ...(options.user !== undefined && { user: options.user }),
      ...(options.since !== undefined && { since: parseSince(options.since, ctx.zone) }),
      ...(options.limit !== undefined && { limit: options.limit }),
    }),
  );
  ctx.io.out.write(await renderAudit(rows, options.format, ctx.io.stdoutIsTTY, ctx.io.color, options.user !== undefined || options.since !== undefined, ctx.zone));
}
