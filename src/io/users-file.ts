/**
 * `users import` files (SPEC 9.10): CSV with a header of `id` and any of name, email,
 * role, active and the preference keys, or JSON (a list of objects with those names).
 * Values are trimmed; an empty cell leaves a value alone. Every problem is listed with
 * its line, and nothing is returned unless there are none.
 */
import { DataError, UsageError } from '../domain/errors.js';
import { fieldProblem } from '../domain/fields.js';
import { PREFERENCE_KEYS, checkPreferenceValue, fromJsonValue, preferenceKeyFrom, preferenceValueFrom, type PreferenceKey } from '../domain/preferences.js';
import { describe, didYouMean } from '../domain/text.js';
import { idProblem } from '../domain/workspace.js';
import { readFileRows } from './records.js';

export interface UserRow {
  id: string;
  name?: string;
  email?: string;
  role?: string;
  active?: boolean;
  preferences: Map<PreferenceKey, string>;
}

const FIELDS = ['name', 'email', 'role', 'active'] as const;
/**
 * `email` is both a field (the address) and a preference key (SPEC 9.10 lists both): as
 * in documents, a bare `email` column is the address, and `preferences.email` the
 * preference. Every preference key may be written that way.
 */
const COLUMNS = ['id', ...FIELDS, ...PREFERENCE_KEYS.filter((k) => k !== 'email'), 'preferences.email'];

/** A column name as the file writes it: a field, or a preference key in either spelling, bare or after "preferences.". */
function columnOf(name: string): string | null {
  // HR exports write "ID", "Name", "E-mail"-less headers in any case: the fields are read whatever their case.
  const lower = name.trim().toLowerCase();
  if (lower === 'id' || (FIELDS as readonly string[]).includes(lower)) return lower;
  const key = preferenceKeyFrom(name.startsWith('preferences.') ? name.slice('preferences.'.length) : name);
  return key === null ? null : `preferences.${key}`;
}

function unknownColumn(name: string): string {
  return `unknown column ${JSON.stringify(name)}${didYouMean(name, COLUMNS)}; accepted: ${COLUMNS.join(', ')}`;
}

/**
 * `--map "FROM=TO,…"`: the file's column FROM read as TO. A usage error unless every
 * pair is FROM=TO with TO a column this file type takes.
 */
export function parseColumnMap(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at === -1 || from === '' || to === '') throw new UsageError(`--map ${value}: ${JSON.stringify(pair.trim())} is not FROM=TO; accepted: "FROM=TO,…", e.g. --map "Employee ID=id,Mail=email"`);
    if (columnOf(to) === null) throw new UsageError(`--map ${value}: ${unknownColumn(to).replace(/^unknown column/, 'unknown target column')}`);
    if (map.has(from)) throw new UsageError(`--map ${value}: column ${JSON.stringify(from)} is mapped twice`);
    map.set(from, to);
  }
  return map;
}

export async function parseUsersFile(name: string, text: string, map: ReadonlyMap<string, string> = new Map()): Promise<UserRow[]> {
  const file = await readFileRows(name, text, { csvHeader: COLUMNS.join(','), json: '{"id": "alice", "email": "alice@example.com", "role": "support"}' });
  const renamed = (column: string) => map.get(column) ?? column;
  const problems: string[] = [];
  /** Columns already reported in the header: their cells are not reported again on every row. */
  const reported = new Set<string>();
  let hasId = true;
  if (file.header !== null) {
    const header = file.header.map(renamed);
    for (const from of map.keys()) if (!file.header.includes(from)) problems.push(`${name}:1: --map names the column ${JSON.stringify(from)}, which the header does not have (it has ${file.header.map((h) => JSON.stringify(h)).join(', ')})`);
    header.forEach((h, i) => {
      const shown = h === file.header![i] ? JSON.stringify(h) : `${JSON.stringify(file.header![i])} (mapped to ${JSON.stringify(h)})`;
      if (columnOf(h) === null) {
        problems.push(`${name}:1: ${unknownColumn(h).replace(JSON.stringify(h), shown)}`);
        reported.add(h);
      } else if (header.findIndex((o) => columnOf(o) === columnOf(h)) !== i) problems.push(`${name}:1: column ${shown} is given twice`);
    });
    hasId = header.some((h) => columnOf(h) === 'id');
    if (!hasId) problems.unshift(`${name}:1: the header has no "id" column; it needs "id" and any of ${COLUMNS.slice(1).join(', ')}${map.size === 0 ? ' (or map one with --map "FROM=id")' : ''}`);
  }
  const headerProblems = problems.length;
  const seen = new Map<string, string>();
  const rows: UserRow[] = [];
  for (const { where, cells, problem } of file.rows) {
    if (problem !== undefined) {
      problems.push(`${where}: ${problem}`);
      continue;
    }
    const row: UserRow = { id: '', preferences: new Map() };
    const say = (column: string, problem: string) => problems.push(`${where}: ${column}: ${problem}`);
    for (const [given, raw] of cells) {
      const column = renamed(given);
      const key = columnOf(column);
      if (key === null) {
        if (!reported.has(column)) problems.push(`${where}: ${unknownColumn(column)}`);
        continue;
      }
      if (raw === null || raw === undefined) continue;
      if (key === 'active') {
        const text = typeof raw === 'string' ? raw.trim() : raw;
        if (text === '') continue;
        // As HR exports write it: true/false, yes/no, 1/0, in any case.
        const word = typeof text === 'string' ? text.toLowerCase() : text;
        if (word === true || word === 'true' || word === 'yes' || word === '1') row.active = true;
        else if (word === false || word === 'false' || word === 'no' || word === '0') row.active = false;
        else say('active', `${describe(raw)} is not one of true, false, yes, no, 1, 0`);
        continue;
      }
      const pref = key.startsWith('preferences.') ? (key.slice('preferences.'.length) as PreferenceKey) : null;
      if (pref !== null && typeof raw === 'boolean') {
        const value = fromJsonValue(pref, raw);
        const problem = checkPreferenceValue(pref, value);
        if (problem !== null) say(pref, problem);
        else row.preferences.set(pref, value);
        continue;
      }
      if (typeof raw !== 'string') {
        say(column, `expected text, got ${describe(raw)}`);
        continue;
      }
      const value = raw.trim();
      if (value === '') continue;
      if (pref !== null) {
        const canonical = preferenceValueFrom(pref, value);
        const problem = checkPreferenceValue(pref, canonical);
        if (problem !== null) say(pref, problem);
        else row.preferences.set(pref, canonical);
      } else if (key === 'id') {
        const problem = idProblem(value);
        if (problem !== null) say('id', `${describe(value)} ${problem}`);
        else row.id = value;
      } else {
        const field = key as 'name' | 'email' | 'role';
        const problem = fieldProblem(field, value);
        if (problem !== null) say(field, `${describe(value)} ${problem}`);
        else row[field] = value;
      }
    }
    if (row.id === '') {
      // Without an "id" column, the header says it once.
      if (hasId && !cells.some(([c, v]) => columnOf(renamed(c)) === 'id' && typeof v === 'string' && v.trim() !== '')) problems.push(`${where}: "id" is missing`);
      continue;
    }
    const first = seen.get(row.id);
    if (first !== undefined) {
      problems.push(`${where}: ${JSON.stringify(row.id)} is listed twice (also ${first})`);
      continue;
    }
    seen.set(row.id, where);
    rows.push(row);
  }
  // The header's problems and the rows', in one run.
  if (problems.length > 0 && problems.length === headerProblems) {
    throw new DataError(`${name} has ${problems.length === 1 ? 'a bad header' : `${problems.length} problems in its header`}; nothing was changed:`, problems);
  }
  if (problems.length > 0) throw new DataError(`${name} has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}; nothing was changed:`, problems);
  return rows;
}
