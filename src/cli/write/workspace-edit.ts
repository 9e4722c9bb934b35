/**
 * What the commands that change users, projects, items and conversations share: load the
 * workspace, change a copy, save the difference with its audit rows in one transaction,
 * and report what changed. Removing something that others refer to names what refers to
 * it and changes nothing, unless --force.
 */
import { DataError, UsageError } from '../../domain/errors.js';
import { MAX_ID_LENGTH, idProblem, sortedIds, type Workspace } from '../../domain/workspace.js';
import { resolveUsers } from '../shell/resolve-user.js';
import type { CliContext } from '../shell/context.js';
import { runWrite, type WriteOptions, type WriteSpec } from './flow.js';

export interface EditOptions extends WriteOptions {
  force?: boolean;
}

/**
 * A change to the workspace made by a function that changes a copy: the one write flow
 * (write-flow.ts) with its defaults, for the commands that add, change and remove users,
 * projects, items and conversations.
 */
export async function edit(ctx: CliContext, options: EditOptions, change: (ws: Workspace) => void, spec: Partial<Omit<WriteSpec, 'change'>> = {}): Promise<void> {
  await runWrite(ctx, options, { name: ctx.commandName, ...spec, change: (ws) => change(ws) });
}

export function need<T>(map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (found === undefined) throw new DataError(`${JSON.stringify(id)} is not ${kind === 'item' ? 'an' : 'a'} ${kind} of the workspace; nothing was changed`);
  return found;
}

/** The users named (ids, names or email addresses) as ids; an unknown one is the usage error of resolveUser. */
export function needUsers(ws: Workspace, users: readonly string[]): string[] {
  return resolveUsers(ws.users, users, { changing: true });
}

/** A new id given on the command line follows the rule documents follow, so that export can always be imported. */
export function checkNewId(id: string, kind: string): void {
  const problem = idProblem(id);
  if (problem !== null) throw new UsageError(`the ${kind} id ${JSON.stringify(id.length > 60 ? `${id.slice(0, 57)}...` : id)} ${problem}; ids are 1 to ${MAX_ID_LENGTH} characters`);
}

export function refuseExisting(map: Map<string, unknown>, id: string, kind: string, update: string): void {
  checkNewId(id, kind);
  if (map.has(id)) throw new DataError(`${kind} ${JSON.stringify(id)} exists already; change it with "notifyctl ${update}"`);
}

/** Adds or removes users in a set of members or followers. */
export function setMembership(set: Set<string>, users: readonly string[], add: boolean): void {
  for (const u of users) {
    if (add) set.add(u);
    else set.delete(u);
  }
}

/** The projects, items and conversations that name a user. */
export function referencesTo(ws: Workspace, user: string) {
  return {
    projects: sortedIds([...ws.projects.values()].filter((p) => p.members.has(user)).map((p) => p.id)),
    items: sortedIds([...ws.items.values()].filter((i) => i.followers.has(user)).map((i) => i.id)),
    conversations: sortedIds([...ws.conversations.values()].filter((c) => c.followers.has(user)).map((c) => c.id)),
  };
}

/** The entities of a map, sorted by id. */
export const byId = <T>(map: Map<string, T>): T[] => sortedIds(map.keys()).map((id) => map.get(id)!);
