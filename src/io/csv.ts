/**
 * The one CSV writer. Cells that a spreadsheet would run as a formula (leading =, +, -,
 * @, tab or carriage return) are prefixed with a single quote, as OWASP advises.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

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
