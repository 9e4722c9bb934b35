/**
 * Rows from a bulk file (prefs import, users import): CSV with a header, or JSON (a list
 * of objects with the same names). Each row keeps where it came from (`FILE:LINE` or
 * `FILE[i]`), so that every problem can be listed with it.
 */
import { DataError } from '../domain/errors.js';
import { guessFormat } from './document-text.js';

export interface FileRow {
  /** `FILE:LINE` (CSV) or `FILE[i]` (JSON). */
  where: string;
  /** Column and value, in file order; CSV values are strings, JSON values as parsed. */
  cells: [string, unknown][];
  /** What makes the row unreadable (the wrong number of cells, not an object); its cells are then empty. */
  problem?: string;
}

export interface FileRows {
  /** The CSV header (null for JSON, whose rows name their own keys). */
  header: string[] | null;
  rows: FileRow[];
}

/** Cells this tool's CSV writer protected from spreadsheets get their quote removed (csv.ts: ''=x is '=x). */
export function unprotect(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of a CSV file, from its header line: whichever of comma, semicolon and
 * tab it uses most outside quotes (spreadsheets in many locales export with semicolons);
 * a comma when it has none of them.
 */
export function csvDelimiter(text: string): string {
  const counts = [0, 0, 0];
  let quoted = false;
  for (let i = 0; i < text.length && (quoted || (text[i] !== '\n' && text[i] !== '\r')); i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted) {
      const at = (DELIMITERS as readonly string[]).indexOf(ch);
      if (at !== -1) counts[at]!++;
    }
  }
  let best = 0;
  for (let i = 1; i < DELIMITERS.length; i++) if (counts[i]! > counts[best]!) best = i;
  return DELIMITERS[best]!;
}

/** Reads the rows of `text`; `example` shows the expected shape in the errors about the file as a whole. */
export async function readFileRows(name: string, text: string, example: { csvHeader: string; json: string }): Promise<FileRows> {
  if (guessFormat(name, text) === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new DataError(`${name}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(data)) throw new DataError(`${name}: expected a JSON list of objects like ${example.json}`);
    const rows = data.map((entry, i): FileRow => {
      const where = `${name}[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { where, cells: [], problem: 'expected an object' };
      return { where, cells: Object.entries(entry as Record<string, unknown>) };
    });
    return { header: null, rows };
  }
  const { parse } = await import('csv-parse/sync');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Line ends CRLF or LF; a byte-order mark is dropped; cells are trimmed.
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true, trim: true, delimiter: csvDelimiter(text) }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new DataError(`${name}:${e.lines ?? '?'}: not valid CSV (${e.message.replace(/^Invalid Record Length: /, '')})`);
  }
  if (records.length === 0) throw new DataError(`${name} is empty; expected a header row: ${example.csvHeader}`);
  const header = records[0]!.record;
  const rows = records.slice(1).map(({ record, info }): FileRow => {
    const where = `${name}:${info.lines}`;
    // Every row with the wrong number of cells is listed, not only the first.
    if (record.length !== header.length) return { where, cells: [], problem: `${record.length} ${record.length === 1 ? 'cell' : 'cells'}, but the header has ${header.length}` };
    return { where, cells: header.map((h, i) => [h, unprotect(record[i]!)] as [string, unknown]) };
  });
  return { header, rows };
}
