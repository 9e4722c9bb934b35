/**
 * `users import` files (SPEC 9.10): CSV with a header of `id` and any of name, email,
 * role, active and the preference keys, or JSON (a list of objects with those names).
 * Values are trimmed; an empty cell leaves a value alone. Every problem is listed with
 * its line, and nothing is returned unless there are none.
 */
import { DataError } from '../domain/errors.js';
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
  if (name === 'id' || (FIELDS as readonly string[]).includes(name)) return name;
  const key = preferenceKeyFrom(name.startsWith('preferences.') ? name.slice('preferences.'.length) : name);
  return key === null ? null : `preferences.${key}`;
}

function unknownColumn(name: string): string {
  return `unknown column ${JSON.stringify(name)}${didYouMean(name, COLUMNS)}; accepted: ${COLUMNS.join(', ')}`;
}

export async function parseUsersFile(name: string, text: string): Promise<UserRow[]> {
  const file = await readFileRows(name, text, { csvHeader: COLUMNS.join(','), json: '{"id": "alice", "email": "alice@example.com", "role": "support"}' });
  const problems: string[] = [];
  if (file.header !== null) {
    const header = file.header;
    const bad = header.map((h, i) => (columnOf(h) === null ? `${name}:1: ${unknownColumn(h)}` : header.findIndex((o) => columnOf(o) === columnOf(h)) !== i ? `${name}:1: column ${JSON.stringify(h)} is given twice` : null)).filter((p): p is string => p !== null);
    if (!header.some((h) => h === 'id')) bad.unshift(`${name}:1: the header has no "id" column; it needs "id" and any of ${COLUMNS.slice(1).join(', ')}`);
    // A bad header makes every row's meaning doubtful: report it alone.
    if (bad.length > 0) throw new DataError(`${name} has ${bad.length === 1 ? 'a bad header' : `${bad.length} problems in its header`}; nothing was changed:`, bad);
  }
  const seen = new Map<string, string>();
  const rows: UserRow[] = [];
  for (const { where, cells, problem } of file.rows) {
    if (problem !== undefined) {
      problems.push(`${where}: ${problem}`);
      continue;
    }
    const row: UserRow = { id: '', preferences: new Map() };
    const say = (column: string, problem: string) => problems.push(`${where}: ${column}: ${problem}`);
    for (const [column, raw] of cells) {
      const key = columnOf(column);
      if (key === null) {
        problems.push(`${where}: ${unknownColumn(column)}`);
        continue;
      }
      if (raw === null || raw === undefined) continue;
      if (key === 'active') {
        const text = typeof raw === 'string' ? raw.trim() : raw;
        if (text === '') continue;
        if (text === true || text === 'true') row.active = true;
        else if (text === false || text === 'false') row.active = false;
        else say('active', `${describe(raw)} is not true or false`);
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
      if (!cells.some(([c, v]) => c === 'id' && typeof v === 'string' && v.trim() !== '')) problems.push(`${where}: "id" is missing`);
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
  if (problems.length > 0) throw new DataError(`${name} has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}; nothing was changed:`, problems);
  return rows;
}
