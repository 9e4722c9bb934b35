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
