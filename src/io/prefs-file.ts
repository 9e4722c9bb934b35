/**
 * Bulk preference files for `prefs import` and `prefs export`: CSV with a header of
 * `user` and any preference keys, or JSON (a list of objects with the same names).
 * Values are written as on the command line; an empty cell leaves the value alone.
 */
import { notUsers } from '../domain/text.js';
import { readFileRows } from './records.js';
import { DataError } from '../domain/errors.js';
import { PREFERENCES, PREFERENCE_KEYS, checkPreferenceValue, fromJsonValue, isPreferenceKey, type PreferenceKey } from '../domain/preferences.js';

export interface PreferenceRows {
  /** Explicit values to set, by user, in file order. */
  wanted: Map<string, Map<PreferenceKey, string>>;
}

export async function parsePreferenceFile(name: string, text: string, isUser: (id: string) => boolean): Promise<PreferenceRows> {
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
      const value = typeof raw === 'boolean' ? fromJsonValue(key, raw) : String(raw);
      const problem = checkPreferenceValue(key, value);
      if (problem !== null) problems.push(`${where}: ${key}: ${problem}`);
      else values.set(key, value);
    }
    wanted.set(user, values);
  };

  const file = await readFileRows(name, text, { csvHeader: `user,${PREFERENCE_KEYS.join(',')}`, json: '{"user": "alice", "customerMessages": "all"}' });
  if (file.header !== null) {
    const header = file.header;
    const bad = header.filter((h, i) => (i === 0 ? h !== 'user' : !isPreferenceKey(h) || header.indexOf(h) !== i));
    if (header[0] !== 'user' || bad.length > 0) {
      throw new DataError(`${name}:1: the header must be "user" followed by preference keys (${PREFERENCES.map((p) => p.key).join(', ')}), each once; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
    }
  }
  for (const { where, cells, problem } of file.rows) {
    if (problem !== undefined) {
      problems.push(`${where}: ${problem}`);
      continue;
    }
    if (file.header === null) {
      const unknown = cells.map(([k]) => k).filter((k) => k !== 'user' && !isPreferenceKey(k));
      if (unknown.length > 0) problems.push(`${where}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; accepted: user, ${PREFERENCE_KEYS.join(', ')}`);
    }
    row(where, cells.find(([k]) => k === 'user')?.[1], cells.filter(([k]) => k !== 'user'));
  }
  if (problems.length > 0) {
    throw new DataError(`${name} has ${problems.length} bad ${problems.length === 1 ? 'row' : 'rows'}; nothing was changed:`, problems);
  }
  return { wanted };
}
