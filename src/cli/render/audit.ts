/** The audit trail in each format. */
import type { Output } from '../output/iostreams.js';
import type { AuditRow } from '../../store/audit.js';
import type { ChangeSummary } from '../../store/audit-query.js';
import { formatHuman } from '../../domain/zone.js';
import { jsonValueOf } from './changes.js';
import { renderTable, wrap } from './table.js';
import { jsonText } from '../output/json.js';

const HEAD = ['change', 'at', 'actor', 'command', 'entity', 'target', 'user', 'key', 'old', 'new'] as const;

/** An audit row in JSON (SPEC 9.4): values in the document dialect. */
export function auditRowObject(r: AuditRow): Record<string, unknown> {
  return { ...r, old: jsonValueOf(r, r.old), new: jsonValueOf(r, r.new) };
}

/** `audit`: `filtered`, some rows were left out by a filter; `limitZero`, --limit 0 (no rows asked for). */
export async function renderAudit(rows: readonly AuditRow[], format: 'table' | 'json' | 'csv', shown: { filtered: boolean; limitZero: boolean }, o: Output): Promise<void> {
  o.out.write(await auditText(rows, format, shown, o));
}

async function auditText(rows: readonly AuditRow[], format: 'table' | 'json' | 'csv', { filtered, limitZero }: { filtered: boolean; limitZero: boolean }, { terminal, color, zone }: Output): Promise<string> {
  if (format === 'json') return jsonText(rows.map(auditRowObject));
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([[...HEAD], ...rows.map((r) => HEAD.map((k) => r[k]))]);
  }
  // --limit 0 asked for no rows: that says nothing about the trail.
  if (limitZero) return '';
  if (rows.length === 0) return 'No changes recorded' + (filtered ? ' that match.' : '.') + '\n';
  const show = (v: string | null) => (v === null ? '—' : v);
  return renderTable(
    ['CHANGE', 'TIME', 'ACTOR', wrap('COMMAND'), 'USER', wrap('WHAT'), wrap('OLD'), wrap('NEW')],
    rows.map((r) => [String(r.change), formatHuman(Date.parse(r.at), zone), r.actor, r.command, r.user ?? '', [r.entity, r.target, r.key].filter((x) => x !== null).join(' '), show(r.old), show(r.new)]),
    terminal,
    color,
  );
}

/** `audit changes`: one line per change, newest first. */
export async function renderChangeList(changes: readonly ChangeSummary[], format: 'table' | 'json' | 'csv', o: Output): Promise<void> {
  o.out.write(await changeListText(changes, format, o));
}

async function changeListText(changes: readonly ChangeSummary[], format: 'table' | 'json' | 'csv', { terminal, color, zone }: Output): Promise<string> {
  if (format === 'json') return jsonText(changes);
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([['change', 'at', 'actor', 'command', 'rows'], ...changes.map((c) => [c.change, c.at, c.actor, c.command, c.rows])]);
  }
  if (changes.length === 0) return 'No changes recorded.\n';
  return renderTable(['CHANGE', 'TIME', 'ACTOR', wrap('COMMAND'), 'ROWS'], changes.map((c) => [String(c.change), formatHuman(Date.parse(c.at), zone), c.actor, c.command, String(c.rows)]), terminal, color);
}
