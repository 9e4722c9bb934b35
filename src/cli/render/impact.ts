/** The per-user impact table of --impact: alerts and emails before and after, with totals. */
import type { Output } from '../output/iostreams.js';
import type { ImpactRow } from '../write/impact.js';
import { renderTable } from './table.js';

export function renderImpact(rows: ImpactRow[], { out, terminal, color }: Output): void {
  const sorted = [...rows].sort((a, b) => Math.abs(b.alertsAfter - b.alertsBefore) - Math.abs(a.alertsAfter - a.alertsBefore) || (a.user < b.user ? -1 : 1));
  const delta = (before: number, after: number) => `${before} → ${after}${after === before ? '' : ` (${after > before ? '+' : ''}${after - before})`}`;
  const total = (k: keyof Omit<ImpactRow, 'user'>) => rows.reduce((n, r) => n + r[k], 0);
  out.write(
    renderTable(
      ['USER', 'ALERTS', 'EMAILS'],
      [...sorted.map((r) => [r.user, delta(r.alertsBefore, r.alertsAfter), delta(r.emailsBefore, r.emailsAfter)]), ['(total)', delta(total('alertsBefore'), total('alertsAfter')), delta(total('emailsBefore'), total('emailsAfter'))]],
      terminal,
      color,
    ),
  );
}

