/** `gaps` in each format: the unreachable customer messages, and the summary line. */
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { GapCounts, GapRow } from '../../engine/gaps.js';
import { renderTable, wrap } from './table.js';
import { jsonText, jsonLine } from '../output/json.js';

/** A row as data (SPEC 9.2): times as UTC ISO strings. */
export function gapObject(g: GapRow): Record<string, unknown> {
  return {
    message: g.message,
    at: formatTime(g.at),
    conversation: g.conversation,
    item: g.item,
    project: g.project,
    seenBy: g.seenBy,
    seenAt: g.seenAt === null ? null : formatTime(g.seenAt),
    blockers: g.blockers,
  };
}

const blockerText = (g: GapRow, separator: string) => Object.entries(g.blockers).map(([reason, n]) => `${reason}=${n}`).join(separator);

export async function renderGaps(rows: readonly GapRow[], format: 'table' | 'json' | 'ndjson' | 'csv', o: { terminal: boolean; color: boolean; zone: string }): Promise<string> {
  if (format === 'json') return jsonText(rows.map(gapObject));
  if (format === 'ndjson') return rows.map((g) => jsonLine(gapObject(g))).join('');
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([
      ['message', 'at', 'conversation', 'item', 'project', 'seenBy', 'seenAt', 'blockers'],
      ...rows.map((g) => [g.message, formatTime(g.at), g.conversation, g.item, g.project, g.seenBy, g.seenAt === null ? null : formatTime(g.seenAt), blockerText(g, ';')]),
    ]);
  }
  if (rows.length === 0) return '';
  return renderTable(
    ['TIME', 'MESSAGE', 'CONVERSATION', 'PROJECT', wrap('SEEN BY'), wrap('BLOCKERS')],
    rows.map((g) => [
      formatHuman(g.at, o.zone),
      g.message,
      g.item === null ? g.conversation : `${g.conversation} (${g.item})`,
      g.project ?? '',
      g.seenBy === null ? '— (unnoticed)' : `${g.seenBy} at ${formatHuman(g.seenAt!, o.zone)}`,
      blockerText(g, o.terminal ? ', ' : ';'),
    ]),
    o.terminal,
    o.color,
  );
}

export function gapSummary(c: GapCounts): string {
  return `${c.customerMessages} customer message${c.customerMessages === 1 ? '' : 's'}: ${c.unreachable} unreachable (no active user would be alerted), ${c.unnoticed} unnoticed (and nobody saw it in time).`;
}
