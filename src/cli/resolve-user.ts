/**
 * A user as support staff name them: the id, or a name or email address that matches
 * exactly one user (case aside). Anything else is an error that lists the matches, or
 * the ids close to what was typed.
 */
import { DataError } from '../domain/errors.js';
import { didYouMean, quoteIds } from '../domain/text.js';
import { sortedIds, type Workspace } from '../domain/workspace.js';

export function resolveUser(ws: Pick<Workspace, 'users'>, given: string): string {
  if (ws.users.has(given)) return given;
  const wanted = given.trim().toLowerCase();
  const matches = sortedIds(
    [...ws.users.values()].filter((u) => u.name?.toLowerCase() === wanted || u.email?.toLowerCase() === wanted).map((u) => u.id),
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new DataError(`${JSON.stringify(given)} names ${matches.length} users (${quoteIds(matches)}); give one of their ids`);
  }
  const names = [...ws.users.values()].flatMap((u) => [u.id, ...(u.name === undefined ? [] : [u.name])]);
  throw new DataError(`${JSON.stringify(given)} is not a user of the workspace${didYouMean(given, names)}`);
}
