/**
 * Lists of entities (users, projects, items, conversations) in every format from one
 * table of columns, so the table, the CSV and the JSON can never disagree. Lists of ids
 * are space-separated in tables and CSV.
 */
import { renderTable } from './table.js';
import { jsonText } from '../json.js';

export type Cell = string | number | boolean | null | string[];
export type ListFormat = 'table' | 'json' | 'csv';
export type Columns<T> = [string, (e: T) => Cell][];

export async function renderEntityList<T>(format: ListFormat, entities: T[], columns: Columns<T>, terminal: boolean, color: boolean): Promise<string> {
  if (format === 'json') {
    return jsonText(entities.map((e) => Object.fromEntries(columns.map(([name, value]) => [name, value(e)]))));
  }
  const flat = (v: Cell) => (Array.isArray(v) ? v.join(' ') : v);
  const rows = entities.map((e) => columns.map(([, value]) => flat(value(e))));
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([columns.map(([name]) => name), ...rows]);
  }
  const text = (v: string | number | boolean | null) => (v === null ? '' : String(v));
  return renderTable(columns.map(([name]) => name.toUpperCase()), rows.map((r) => r.map(text)), terminal, color);
}
