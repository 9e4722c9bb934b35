/**
 * Lists of entities (users, projects, items, conversations) in every format from one
 * table of columns, so the table, the CSV and the JSON can never disagree. Lists of ids
 * are space-separated in tables and CSV. Written as they are made, a row (or a page of
 * CSV rows) at a time: a list of a million users never becomes one string.
 */
import type { Output } from '../output/iostreams.js';
import { TableWriter, type ColumnKind } from './table.js';
import { jsonNested } from '../output/json.js';

export type Cell = string | number | boolean | null | string[];
export type ListFormat = 'table' | 'json' | 'csv';
/** Name, value, and how the column gives way in a narrow terminal (see ColumnKind; token by default). */
export type Columns<T> = ([string, (e: T) => Cell] | [string, (e: T) => Cell, ColumnKind])[];

const CSV_PAGE = 1000;

export async function writeEntityList<T>(format: ListFormat, entities: readonly T[], columns: Columns<T>, o: Output): Promise<void> {
  const write = (text: string) => o.out.write(text);
  if (format === 'json') {
    if (entities.length === 0) return write('[]\n');
    entities.forEach((e, i) => {
      const object = jsonNested(Object.fromEntries(columns.map(([name, value]) => [name, value(e)])), 1);
      write(`${i === 0 ? '[\n' : ',\n'}  ${object}`);
    });
    return write('\n]\n');
  }
  const flat = (v: Cell) => (Array.isArray(v) ? v.join(' ') : v);
  const row = (e: T) => columns.map(([, value]) => flat(value(e)));
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    write(csvRows([columns.map(([name]) => name)]));
    for (let i = 0; i < entities.length; i += CSV_PAGE) write(csvRows(entities.slice(i, i + CSV_PAGE).map(row)));
    return;
  }
  const text = (v: string | number | boolean | null) => (v === null ? '' : String(v));
  const table = new TableWriter(columns.map(([name, , kind]) => ({ header: name.toUpperCase(), kind: kind ?? 'token' })), write, o.terminal, o.color);
  for (const e of entities) table.row(row(e).map(text));
  table.end();
}
