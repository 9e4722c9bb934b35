/** The audit trail in each format. */
import type { AuditRow } from '../../store/audit.js';
import { formatHuman } from '../../domain/zone.js';
import { renderTable } from './table.js';

const HEAD = ['at', 'actor', 'command', 'entity', 'target', 'user', 'key', 'old', 'new'] as const;

export async function renderAudit(rows: readonly AuditRow[], format: 'table' | 'json' | 'csv', terminal: boolean, color: boolean, filtered: boolean, zone: string): Promise<string> {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([[...HEAD], ...rows.map((r) => HEAD.map((k) => r[k]))]);
  }
  if (rows.length === 0) return 'No changes recorded' + (filtered ? ' that match.' : '.') + '\n';
  const show = (v: string | null) => (v === null ? '—' : v);
  return renderTable(
    ['TIME', 'ACTOR', 'COMMAND', 'USER', 'WHAT', 'OLD', 'NEW'],
    rows.map((r) => [formatHuman(Date.parse(r.at), zone), r.actor, r.command, r.user ?? '', [r.entity, r.target, r.key].filter((x) => x !== null).join(' '), show(r.old), show(r.new)]),
    terminal,
    color,
  );
}
