/**
 * The one table layout (SPEC 10.3). In a terminal: a bordered table, colour only when
 * enabled, columns sized to their content; when that is wider than the terminal, the
 * columns of free text (`wrap`: at word boundaries; `cut`: the first line, cut with "…")
 * give way, while the others — ids, times, reason codes — are never split. Piped: plain
 * tab-separated text with a header row, so scripts can cut and grep it, and no escape
 * codes. Either way, control and bidi characters in cells are shown as escapes: a cell
 * cannot drive the terminal.
 *
 * When even that is wider than the terminal — its ids, emails and times alone do not fit
 * — each row is shown as a record instead (as psql's expanded display, `\x auto`): a
 * rule with its number, then one line per column, `HEADER │ value`, the free text
 * wrapped (or cut) to the terminal's width. Tokens stay whole either way, and nothing is
 * wider than the terminal unless one token alone is.
 *
 * Tables stream (as gh's do): the column widths come from the first page of rows, and
 * every row after it is written as it comes, so a table of millions of rows takes no
 * more memory than one page. Display widths (East Asian wide characters, emoji,
 * combining marks) and wrapping that keeps colour codes whole come from string-width,
 * wrap-ansi and slice-ansi.
 */
import { terminalSafe } from '../output/iostreams.js';

/**
 * The display-width libraries, loaded only when standard output is a terminal (by
 * execute(), through loadTableLayout): piped tables need none, and loading them (string-
 * width makes an Intl.Segmenter) would cost every command's start.
 */
let lib: { stringWidth: typeof import('string-width').default; wrapAnsi: typeof import('wrap-ansi').default; sliceAnsi: typeof import('slice-ansi').default } | null = null;
export async function loadTableLayout(): Promise<void> {
  if (lib !== null) return;
  const [sw, wa, sa] = await Promise.all([import('string-width'), import('wrap-ansi'), import('slice-ansi')]);
  lib = { stringWidth: sw.default, wrapAnsi: wa.default, sliceAnsi: sa.default };
}
const layout = () => {
  if (lib === null) throw new Error('loadTableLayout() has not been called: terminal tables need it');
  return lib;
};

/**
 * How a column gives way when the table is too wide. `token` (the default): never, its
 * cells are ids, times, codes or numbers. `wrap`: free text, wrapped at word boundaries
 * (a word is never split: the column stays as wide as its longest word). `cut`: free
 * text shown on one line, cut with "…".
 */
export type ColumnKind = 'token' | 'wrap' | 'cut';
export interface Column {
  header: string;
  kind: ColumnKind;
}
export type Head = readonly (string | Column)[];

/** A column of free text that wraps at word boundaries. */
export const wrap = (header: string): Column => ({ header, kind: 'wrap' });
/** A column of free text shown on one line, cut with "…" to fit. */
export const cut = (header: string): Column => ({ header, kind: 'cut' });

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

/** The rows the column widths are taken from; later rows are fitted to them. */
export const FIRST_PAGE_ROWS = 500;
/** A `cut` column is not made narrower than this (or its content, when shorter). */
const CUT_MIN = 10;

const SGR = /\x1b\[[0-9;]*m/g;
const width = (text: string): number => (text.length === 0 ? 0 : layout().stringWidth(text));
const longestWord = (text: string): number => {
  let most = 0;
  for (const word of text.replace(SGR, '').split(' ')) most = Math.max(most, width(word));
  return most;
};

/**
 * Column widths (without padding) for a terminal `available` columns wide: each
 * column's natural width, then the widest of those that may give way narrowed, one
 * column at a time, down to their least (a wrapped column's longest word, a cut
 * column's CUT_MIN), until the table fits or none can give more.
 */
export function columnWidths(kinds: readonly ColumnKind[], headers: readonly string[], rows: readonly (readonly string[])[], available: number | undefined): number[] {
  const natural = headers.map((h) => width(h));
  const least = headers.map((h) => width(h));
  // The cells alone: their widest line, and (wrapped) their widest word.
  const cellsWidest = headers.map(() => 0);
  const wordsWidest = headers.map(() => 0);
  for (const row of rows) {
    for (let i = 0; i < kinds.length; i++) {
      const lines = (row[i] ?? '').split('\n');
      // A cut column shows the first line only.
      for (const line of kinds[i] === 'cut' ? lines.slice(0, 1) : lines) {
        const w = width(line);
        if (w > natural[i]!) natural[i] = w;
        if (w > cellsWidest[i]!) cellsWidest[i] = w;
        if (kinds[i] === 'wrap') {
          const word = longestWord(line);
          least[i] = Math.max(least[i]!, word);
          wordsWidest[i] = Math.max(wordsWidest[i]!, word);
        }
      }
    }
  }
  const widths = [...natural];
  // As a last resort the headers break between their words and a camelCase name's parts
  // (a table of short values under long names, such as prefs list's, fits 80 columns so).
  const broken = headers.map(() => 0);
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === 'token') {
      least[i] = natural[i]!;
      broken[i] = Math.max(headerLeast(headers[i]!), cellsWidest[i]!);
    } else if (kinds[i] === 'cut') {
      least[i] = Math.min(natural[i]!, Math.max(least[i]!, CUT_MIN));
      broken[i] = Math.max(headerLeast(headers[i]!), Math.min(cellsWidest[i]!, CUT_MIN));
    } else broken[i] = Math.max(headerLeast(headers[i]!), wordsWidest[i]!);
  }
  if (available === undefined) return widths;
  // Borders and padding: "│ " before each column, " │" after the last.
  let excess = tableWidth(widths) - available;
  // Cut columns give way first (a line of text, cut, is still one line), then wrapped ones.
  const givesWay = (i: number) => widths[i]! > least[i]!;
  while (excess > 0) {
    const cutting = kinds.some((k, i) => k === 'cut' && givesWay(i));
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (givesWay(i) && (!cutting || kinds[i] === 'cut') && (widest === -1 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest === -1) {
      // Nothing gives way with whole headers: let them break, once.
      if (least.every((l, i) => l <= broken[i]!)) break;
      for (let i = 0; i < least.length; i++) least[i] = Math.min(least[i]!, broken[i]!);
      continue;
    }
    // Down to the next widest column's width (or as far as needed), in one step.
    let next = least[widest]!;
    for (let i = 0; i < widths.length; i++) if (i !== widest && kinds[i] === kinds[widest] && widths[i]! <= widths[widest]! && widths[i]! > next) next = widths[i]!;
    const step = Math.max(1, Math.min(excess, widths[widest]! - next));
    widths[widest]! -= step;
    excess -= step;
  }
  return widths;
}

/** `text` cut to `w` columns with "…", colour codes kept whole and closed. */
/**
 * A header's parts: its words, and the words of a camelCase name (`showFromCustomers`:
 * show, From, Customers), each with what joins it to the one before ('' or ' ').
 */
function headerParts(header: string): { part: string; joint: string }[] {
  return header.split(' ').flatMap((word, w) => word.split(/(?<=[a-z0-9])(?=[A-Z])/).map((part, p) => ({ part, joint: w > 0 && p === 0 ? ' ' : '' })));
}
/** The narrowest a header can be: its widest part. */
const headerLeast = (header: string): number => Math.max(0, ...headerParts(header).map((p) => width(p.part)));
/** A header in lines of at most `w` columns, broken only between its parts. */
function headerLines(header: string, w: number): string[] {
  if (width(header) <= w) return [header];
  const lines: string[] = [];
  let line = '';
  for (const { part, joint } of headerParts(header)) {
    if (line !== '' && width(line + joint + part) > w) {
      lines.push(line);
      line = part;
    } else line = line === '' ? part : line + joint + part;
  }
  lines.push(line);
  return lines;
}

function cutTo(text: string, w: number): string {
  if (width(text) <= w) return text;
  return `${layout().sliceAnsi(text, 0, Math.max(0, w - 1))}…`;
}

/**
 * The lines of one cell in a column `w` wide. `hard`: a word longer than the column is
 * broken (a record's value, as wide as the terminal allows); otherwise it is kept whole
 * (in a table, where only a row after the first page can have one).
 */
function cellLines(cell: string, kind: ColumnKind, w: number, hard = false): string[] {
  if (kind === 'cut') return [cutTo(cell.split('\n')[0]!, w)];
  const lines = cell.split('\n');
  if (kind === 'token') return lines;
  return lines.flatMap((line) => layout().wrapAnsi(line, w, { hard, trim: true }).split('\n'));
}

/** How wide a table of columns `widths` wide is, borders and padding included. */
const tableWidth = (widths: readonly number[]): number => widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;

/** Records' layout: the headers' column, the width values wrap to, and the rule's width. */
interface RecordLayout {
  label: number;
  value: number;
  rule: number;
}

/** The record layout for `available` columns, from the first page's rows (see the top of this file). */
function recordLayout(kinds: readonly ColumnKind[], headers: readonly string[], rows: readonly (readonly string[])[], available: number): RecordLayout {
  const label = Math.max(...headers.map((h) => width(h)));
  const value = Math.max(10, available - label - 3);
  let widest = 0;
  for (const row of rows) {
    for (let i = 0; i < kinds.length; i++) {
      const lines = (row[i] ?? '').split('\n');
      for (const line of kinds[i] === 'cut' ? lines.slice(0, 1) : lines) widest = Math.max(widest, width(line));
    }
  }
  return { label, value, rule: label + 3 + Math.min(value, widest) };
}

const pad = (text: string, w: number): string => text + ' '.repeat(Math.max(0, w - width(text)));

/**
 * A table written as its rows come (see the top of this file). `write` takes each piece
 * of text; `end()` writes the last of it. Rows may be given as they are made: with
 * millions of them, nothing but the first page is kept.
 */
export class TableWriter {
  private readonly kinds: ColumnKind[];
  private readonly headers: string[];
  private page: string[][] | null = [];
  private widths: number[] = [];
  /** Set when the table does not fit the terminal: each row is written as a record. */
  private records: RecordLayout | null = null;
  private written = 0;
  private readonly border: (s: string) => string;
  private readonly bold: (s: string) => string;

  constructor(
    head: Head,
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
    color: boolean,
    private readonly available: number | undefined = terminalWidth,
  ) {
    this.kinds = head.map((h) => (typeof h === 'string' ? 'token' : h.kind));
    this.headers = head.map((h) => (typeof h === 'string' ? h : h.header));
    this.border = color ? (s) => `\x1b[90m${s}\x1b[39m` : (s) => s;
    this.bold = color ? (s) => `\x1b[1m${s}\x1b[22m` : (s) => s;
    if (!terminal) {
      this.page = null;
      this.write(this.headers.map(cellText).join('\t') + '\n');
    }
  }

  row(cells: readonly string[]): void {
    if (!this.terminal) {
      this.write(cells.map(cellText).join('\t') + '\n');
      return;
    }
    // Tabs as spaces; line breaks kept (a cell may hold lines); colour kept, other controls escaped.
    const safe = cells.map((cell) => terminalSafe(cell.replace(/[\t\r]/g, ' '), true));
    if (this.page !== null) {
      this.page.push(safe);
      if (this.page.length >= FIRST_PAGE_ROWS) this.flushPage();
      return;
    }
    this.writeRow(safe);
  }

  end(): void {
    if (!this.terminal) return;
    if (this.page !== null) this.flushPage();
    if (this.records !== null) return;
    this.write(this.border(`└${this.widths.map((w) => '─'.repeat(w + 2)).join('┴')}┘`) + '\n');
  }

  private flushPage(): void {
    const page = this.page!;
    this.page = null;
    this.widths = columnWidths(this.kinds, this.headers, page, this.available);
    if (this.available !== undefined && page.length > 0 && tableWidth(this.widths) > this.available) {
      this.records = recordLayout(this.kinds, this.headers, page, this.available);
      for (const row of page) this.writeRecord(row);
      return;
    }
    const rule = (left: string, mid: string, right: string) => this.border(`${left}${this.widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`) + '\n';
    this.write(rule('┌', '┬', '┐'));
    this.writeLines(this.headers.map((h, i) => headerLines(h, this.widths[i]!).map((l) => this.bold(l))));
    this.write(rule('├', '┼', '┤'));
    for (const row of page) this.writeRow(row);
  }

  private writeRow(cells: readonly string[]): void {
    if (this.records !== null) {
      this.writeRecord(cells);
      return;
    }
    this.writeLines(this.kinds.map((kind, i) => cellLines(cells[i] ?? '', kind, this.widths[i]!)));
  }

  /**
   * A row as a record: "─[ N ]───", then "HEADER │ value" for each column, continued lines
   * under the value. A column without a header (a mark such as timeline's `*`) has no line
   * of its own, which would be a bare "│ *": its value follows the number, "─[ N * ]───".
   */
  private writeRecord(cells: readonly string[]): void {
    const r = this.records!;
    const marks = this.headers.flatMap((h, i) => (h === '' && (cells[i] ?? '') !== '' ? [cells[i]!] : []));
    const number = `─[ ${[(++this.written).toLocaleString('en-US'), ...marks].join(' ')} ]`;
    let out = this.border(number + '─'.repeat(Math.max(0, r.rule - width(number)))) + '\n';
    const bar = this.border('│');
    for (let i = 0; i < this.kinds.length; i++) {
      if (this.headers[i] === '') continue;
      const lines = cellLines(cells[i] ?? '', this.kinds[i]!, r.value, true);
      for (let l = 0; l < lines.length; l++) {
        const label = l === 0 ? this.bold(pad(this.headers[i]!, r.label)) : ' '.repeat(r.label);
        out += lines[l] === '' ? `${label} ${bar}\n` : `${label} ${bar} ${lines[l]}\n`;
      }
    }
    this.write(out);
  }

  private writeLines(columns: readonly string[][]): void {
    const height = Math.max(1, ...columns.map((c) => c.length));
    const bar = this.border('│');
    let out = '';
    for (let l = 0; l < height; l++) {
      out += bar;
      for (let i = 0; i < columns.length; i++) out += ` ${pad(columns[i]![l] ?? '', this.widths[i]!)} ${bar}`;
      out += '\n';
    }
    this.write(out);
  }
}

/** A whole table as one text: for the tables that are a screen or two. Long ones use TableWriter. */
export function renderTable(head: Head, rows: readonly (readonly string[])[], terminal: boolean, color: boolean): string {
  const pieces: string[] = [];
  const table = new TableWriter(head, (text) => pieces.push(text), terminal, color);
  for (const row of rows) table.row(row);
  table.end();
  return pieces.join('');
}
