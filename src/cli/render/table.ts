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

/**
 * The width of the terminal tables must fit, set once per run from IOStreams.columns()
 * by execute(): a setting of the output, like colour, not of each table.
 */
let terminalWidth: number | undefined;
export function setTerminalWidth(width: number | undefined): void {
  terminalWidth = width !== undefined && width >= 40 ? width : undefined;
}

const visibleLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * Column widths that fit `width`: the natural width of each column, then the widest
 * ones narrowed (their cells wrap) until the table fits. Null when it fits as it is.
 */
function fittedWidths(head: string[], rows: string[][], width: number): number[] | null {
  const natural = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map(visibleLength)))) + 2);
  // Borders: one per column and one more.
  const budget = width - (head.length + 1);
  let total = natural.reduce((a, b) => a + b, 0);
  if (total <= budget) return null;
  const widths = [...natural];
  while (total > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

export function renderTable(head: string[], rows: string[][], terminal: boolean, color: boolean): string {
  if (!terminal) {
    return [head, ...rows].map((r) => r.map(cellText).join('\t')).join('\n') + '\n';
  }
  const Table = loadTable();
  const cells = rows.map((row) => row.map((cell) => terminalSafe(cell.replace(/[\t\r]/g, ' '), true)));
  const widths = terminalWidth === undefined ? null : fittedWidths(head, cells, terminalWidth);
  const table = new Table({
    head,
    ...(widths !== null && { colWidths: widths, wrapOnWordBoundary: false }),
    style: color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    // No rule between rows: compact, like kubectl and gh.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  // Colour that notifyctl adds to a cell (bold for explicit values) is kept.
  for (const row of cells) table.push(row);
  return table.toString() + '\n';
}
