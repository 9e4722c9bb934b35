/**
 * The one CSV writer. Cells that a spreadsheet would run as a formula (leading =, +, -,
 * @, tab or carriage return) are prefixed with a single quote, as OWASP advises. So are
 * cells that already start with quotes before such a character ('=x is written ''=x):
 * the readers (records.ts `unprotect`) take one quote off every cell of that shape, so
 * whatever was written reads back as it was.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null;

export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) =>
      row.map((cell) => (cell === null ? '' : typeof cell === 'string' ? neutraliseCell(cell) : String(cell))),
    ),
    { record_delimiter: 'unix' },
  );
}
