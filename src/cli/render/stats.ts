/** `simulate --stats`: per-user and per-reason totals in each format, and the summary line. */
import { REASON_SENTENCES } from '../../domain/reasons.js';
import { plural } from '../../domain/text.js';
import type { Stats } from '../../engine/stats.js';
import { colors } from '../output/output.js';
import type { DecisionFormat, RenderTarget } from './decisions.js';
import { renderTable, wrap } from './table.js';
import { jsonText, jsonLine } from '../output/json.js';

export function summaryLine(s: Stats): string {
  const gaps = s.unreachable === undefined ? '' : ` ${s.unreachable.toLocaleString('en-US')} customer message${s.unreachable === 1 ? '' : 's'} reached nobody (${s.unnoticed!.toLocaleString('en-US')} unnoticed).`;
  return `${plural(s.messages, 'message')}, ${plural(s.decisions, 'decision')}: ${plural(s.alerts, 'alert')}, ${plural(s.emails, 'email')}.${gaps}`;
}

export async function renderStats(stats: Stats, format: DecisionFormat, target: RenderTarget): Promise<void> {
  if (format === 'json') {
    target.out.write(jsonText(stats));
    return;
  }
  if (format === 'ndjson') {
    target.out.write(jsonLine(stats));
    return;
  }
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    // Both tables in one CSV, in long form: a row per user, then a row per reason.
    target.out.write(
      csvRows([
        ['kind', 'name', 'alerts', 'emails', 'decisions', 'count'],
        ...stats.users.map((u) => ['user', u.user, u.alerts, u.emails, u.decisions, null]),
        ...stats.reasons.map((r) => ['reason', r.reason, null, null, null, r.count]),
      ]),
    );
    return;
  }
  target.out.write(
    renderTable(
      ['USER', 'ALERTS', 'EMAILS', 'DECISIONS'],
      stats.users.map((u) => [u.user, String(u.alerts), String(u.emails), String(u.decisions)]),
      target.terminal,
      target.color,
    ),
  );
  target.out.write(
    (target.terminal ? '\n' : '') +
      renderTable(
        ['REASON', 'COUNT', wrap('MEANING')],
        stats.reasons.map((r) => [r.reason, String(r.count), REASON_SENTENCES[r.reason]]),
        target.terminal,
        target.color,
      ),
  );
  if (target.terminal && stats.alerts > 0) {
    target.out.write('\nBusiest users (alerts)\n' + barChart(stats, colors(target.color)));
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
