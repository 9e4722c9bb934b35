/**
 * Tables for people. In a terminal: a bordered table (colour only when enabled). Piped:
 * plain tab-separated text with a header row, so scripts can cut and grep it, and no
 * escape codes (cli-table3 colours borders unless told otherwise). Either way, control
 * and bidi characters in cells are shown as escapes: a cell cannot drive the terminal.
 */
import type TableType from 'cli-table3';
import { createRequire } from 'node:module';
import { terminalSafe } from '../iostreams.js';

// Required only for a terminal: piped output, the common case in scripts, never loads it.
const loadTable = (): typeof TableType => createRequire(import.meta.url)('cli-table3') as typeof TableType;

/** A value for a table cell or a line of text for people: tabs and line breaks as spaces, controls escaped. */
export function cellText(value: string): string {
  return terminalSafe(value.replace(/[\t\n\r]/g, ' '), false);
}

export function renderTable(head: string[], rows: string[][], terminal: boolean, color: boolean): string {
  if (!terminal) {
    return [head, ...rows].map((r) => r.map(cellText).join('\t')).join('\n') + '\n';
  }
  const Table = loadTable();
  const table = new Table({
    head,
    style: color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    // No rule between rows: compact, like kubectl and gh.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  // Colour that notifyctl adds to a cell (bold for explicit values) is kept.
  for (const row of rows) table.push(row.map((cell) => terminalSafe(cell.replace(/[\t\r]/g, ' '), true)));
  return table.toString() + '\n';
}
