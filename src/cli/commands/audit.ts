/** `audit [--user U] [--since T]`: the history of changes. */
import { UsageError } from '../../domain/errors.js';
import { parseDuration, parseTime } from '../../domain/time.js';
import { queryAudit } from '../../store/audit-query.js';
import type { CliContext } from '../context.js';
import { writeStdout } from '../output.js';
import { renderTable } from '../render/table.js';
import { withDatabase } from '../session.js';

/** `--since` takes a date, a date-time with a zone, or a duration ago (24h, 7d). */
export function parseSince(text: string, now = Date.now()): string {
  const days = /^(\d+)d$/.exec(text);
  const ago = days ? +days[1]! * 86_400_000 : parseDuration(text);
  if (ago !== null && /[a-z]$/.test(text)) return new Date(now - ago).toISOString();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseTime(`${text}T00:00:00Z`) : parseTime(text);
  if (at === null) throw new UsageError(`--since ${text}: accepted: a date (2026-03-02), a date-time with a zone (2026-03-02T09:00:00Z), or a time ago (90m, 24h, 7d)`);
  return new Date(at).toISOString();
}

export async function runAudit(ctx: CliContext, options: { user?: string; since?: string; limit?: number; format: 'table' | 'json' | 'csv' }): Promise<void> {
  const rows = await withDatabase(ctx, (db) =>
    queryAudit(db, {
      ...(options.user !== undefined && { user: options.user }),
      ...(options.since !== undefined && { since: parseSince(options.since) }),
      ...(options.limit !== undefined && { limit: options.limit }),
    }),
  );
  if (options.format === 'json') {
    await writeStdout(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const head = ['at', 'actor', 'command', 'entity', 'target', 'user', 'key', 'old', 'new'] as const;
  if (options.format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    await writeStdout(csvRows([[...head], ...rows.map((r) => head.map((k) => r[k]))]));
    return;
  }
  if (rows.length === 0) {
    await writeStdout('No changes recorded' + (options.user || options.since ? ' that match.' : '.') + '\n');
    return;
  }
  const show = (v: string | null) => (v === null ? '—' : v);
  await writeStdout(
    renderTable(
      ['TIME', 'ACTOR', 'COMMAND', 'USER', 'WHAT', 'OLD', 'NEW'],
      rows.map((r) => [r.at, r.actor, r.command, r.user ?? '', [r.entity, r.target, r.key].filter((x) => x !== null).join(' '), show(r.old), show(r.new)]),
      ctx.stdoutIsTty,
      ctx.color,
    ),
  );
}
