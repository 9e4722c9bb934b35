/**
 * Tables for people. In a terminal: a bordered table (colour only when enabled). Piped:
 * plain tab-separated text with a header row, so scripts can cut and grep it, and no
 * escape codes (cli-table3 colours borders unless told otherwise).
 */
import type TableType from 'cli-table3';
import { createRequire } from 'node:module';

// Required only for a terminal: piped output, the common case in scripts, never loads it.
const loadTable = (): typeof TableType => createRequire(import.meta.url)('cli-table3') as typeof TableType;

export function renderTable(head: string[], rows: string[][], terminal: boolean, color: boolean): string {
  if (!terminal) {
    const clean = (cell: string) => cell.replace(/[\t\n\r]/g, ' ');
    return [head, ...rows].map((r) => r.map(clean).join('\t')).join('\n') + '\n';
  }
  const Table = loadTable();
  const table = new Table({
    head,
    style: color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    // No rule between rows: compact, like kubectl and gh.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row);
  return table.toString() + '\n';
}
