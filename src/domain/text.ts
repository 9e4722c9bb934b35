/** Small pieces of wording shared by every message for people. */
import { DataError } from './errors.js';

/** A value as it appeared in the input, shortened: for "got X" in error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.parse turns 1e309 into Infinity, which JSON.stringify would show as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A value nested too deeply to print (JSON.parse accepts more depth than stringify).
    return Array.isArray(value) ? 'a deeply nested list' : 'a deeply nested object';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "1 user", "3 users", "1,024 messages". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : pluralWord}`;
}

/** Ids quoted and joined: "a", "b". */
export function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => JSON.stringify(id)).join(', ');
}

/** '"zed" is not a user of the workspace', '"a", "b" are not users of the workspace'. */
export function notUsers(ids: readonly string[]): string {
  return `${quoteIds(ids)} ${ids.length === 1 ? 'is not a user' : 'are not users'} of the workspace`;
}

/** The one error for ids that name no user of the workspace. */
export function notUsersError(ids: readonly string[], changing = true): DataError {
  return new DataError(`${notUsers(ids)}${changing ? '; nothing was changed' : ''}`);
}

/** Throws notUsersError for the ids that `isUser` does not know. */
export function requireUsers(ids: Iterable<string>, isUser: (id: string) => boolean, changing = true): void {
  const unknown = [...ids].filter((id) => !isUser(id));
  if (unknown.length > 0) throw notUsersError(unknown, changing);
}

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The candidates close to `given` (a typo away, or containing it), closest first, at most `most`. */
export function closest(given: string, candidates: Iterable<string>, most = 3): string[] {
  const g = given.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    const d = l.includes(g) || g.includes(l) ? 0.5 : distance(g, l);
    if (d <= Math.max(2, Math.floor(g.length / 3))) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, most).map(([c]) => c);
}

/** " (did you mean "a" or "b"?)", or nothing. */
export function didYouMean(given: string, candidates: Iterable<string>): string {
  const close = closest(given, candidates);
  return close.length === 0 ? '' : `; did you mean ${close.map((c) => JSON.stringify(c)).join(' or ')}?`;
}
