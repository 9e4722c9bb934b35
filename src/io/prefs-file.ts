/**
 * Bulk preference files for `prefs import` and `prefs export`: CSV with a header of
 * `user` and any preference keys, or JSON (a list of objects with the same names).
 * Values are written as on the command line; an empty cell leaves the value alone.
 */
import { notUsers } from '../domain/text.js';
import { guessFormat } from './document-text.js';
import { DataError } from '../domain/errors.js';
import { PREFERENCES, PREFERENCE_KEYS, checkPreferenceValue, fromJsonValue, isPreferenceKey, type PreferenceKey } from '../domain/preferences.js';

export interface PreferenceRows {
  /** Explicit values to set, by user, in file order. */
  wanted: Map<string, Map<PreferenceKey, string>>;
}

/** Cells this tool's CSV writer protected from spreadsheets get their quote removed. */
function unprotect(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export async function parsePreferenceFile(name: string, text: string, isUser: (id: string) => boolean): Promise<PreferenceRows> {
  const json = guessFormat(name, text) === 'json';
  const problems: string[] = [];
  const wanted = new Map<string, Map<PreferenceKey, string>>();
  const firstSeen = new Map<string, string>();

  const row = (where: string, user: unknown, cells: [string, unknown][]) => {
    if (typeof user !== 'string' || user === '') {
      problems.push(`${where}: "user" is missing`);
      return;
    }
    if (!isUser(user)) {
      problems.push(`${where}: ${notUsers([user])}`);
      return;
    }
    if (firstSeen.has(user)) {
      problems.push(`${where}: ${JSON.stringify(user)} is already set at ${firstSeen.get(user)}`);
      return;
    }
    firstSeen.set(user, where);
    const values = new Map<PreferenceKey, string>();
    for (const [key, raw] of cells) {
      if (raw === '' || raw === null || raw === undefined) continue;
      if (!isPreferenceKey(key)) continue; // headers were checked already
      const value = typeof raw === 'boolean' ? fromJsonValue(key, raw) : typeof raw === 'string' ? unprotect(raw) : String(raw);
      const problem = checkPreferenceValue(key, value);
      if (problem !== null) problems.push(`${where}: ${key}: ${problem}`);
      else values.set(key, value);
    }
    wanted.set(user, values);
  };

  if (json) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new DataError(`${name}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(data)) throw new DataError(`${name}: expected a JSON list of objects like {"user": "alice", "customerMessages": "all"}`);
    data.forEach((entry, i) => {
      const where = `${name}[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        problems.push(`${where}: expected an object`);
        return;
      }
      const fields = Object.entries(entry as Record<string, unknown>);
      const unknown = fields.map(([k]) => k).filter((k) => k !== 'user' && !isPreferenceKey(k));
      if (unknown.length > 0) problems.push(`${where}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; accepted: user, ${PREFERENCE_KEYS.join(', ')}`);
      row(where, (entry as Record<string, unknown>).user, fields.filter(([k]) => k !== 'user'));
    });
  } else {
    const { parse } = await import('csv-parse/sync');
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false, bom: true, trim: true }) as never;
    } catch (error) {
      const e = error as Error & { lines?: number };
      throw new DataError(`${name}:${e.lines ?? '?'}: not valid CSV (${e.message.replace(/^Invalid Record Length: /, '')})`);
    }
    if (records.length === 0) throw new DataError(`${name} is empty; expected a header row: user,${PREFERENCE_KEYS.join(',')}`);
    const header = records[0]!.record;
    const bad = header.filter((h, i) => (i === 0 ? h !== 'user' : !isPreferenceKey(h) || header.indexOf(h) !== i));
    if (header[0] !== 'user' || bad.length > 0) {
      throw new DataError(`${name}:1: the header must be "user" followed by preference keys (${PREFERENCES.map((p) => p.key).join(', ')}), each once; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
    }
    for (const { record, info } of records.slice(1)) {
      row(`${name}:${info.lines}`, unprotect(record[0] ?? ''), header.slice(1).map((key, i) => [key, record[i + 1] ?? ''] as [string, unknown]));
    }
  }
  if (problems.length > 0) {
    throw new DataError(`${name} has ${problems.length} bad ${problems.length === 1 ? 'row' : 'rows'}; nothing was changed:`, problems);
  }
  return { wanted };
}
