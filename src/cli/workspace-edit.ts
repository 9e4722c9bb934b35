/**
 * What the commands that change users, projects, items and conversations share: load the
 * workspace, change a copy, save the difference with its audit rows in one transaction,
 * and report what changed. Removing something that others refer to names what refers to
 * it and changes nothing, unless --force.
 */
import { DEFAULT_WINDOW_MS } from '../domain/decision.js';
import { DataError, UsageError } from '../domain/errors.js';
import { plural } from '../domain/text.js';
import { resolveUsers } from './resolve-user.js';
import { diffWorkspaces, REMOVED, type Change } from '../domain/workspace-diff.js';
import { MAX_ID_LENGTH, cloneWorkspace, idProblem, sortedIds, type Workspace } from '../domain/workspace.js';
import type { Db } from '../store/database.js';
import { loadWorkspace, updateWorkspace } from '../store/workspace-store.js';
import type { CliContext } from './context.js';
import type { ImpactRow } from './impact.js';
import { renderChangeTable, renderEditResult, summariseChanges } from './render/changes.js';
import { renderImpact } from './render/impact.js';
import { writeDatabase } from './session.js';

export interface EditOptions {
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
  impact?: string;
  window?: number;
  sort?: boolean;
  format?: 'table' | 'json';
}

export interface EditHooks {
  /** The question asked before a change that removes something or reaches several users. */
  question?: (changes: readonly Change[]) => string;
  /** Inside the write transaction, just before writing (import --replace keeps a copy). */
  beforeWrite?: (db: Db) => void;
  /** What is printed; renderEditResult by default. */
  render?: (changes: readonly Change[], dryRun: boolean, impact: ImpactRow[] | null) => string;
}

/** Whether a change removes something (an entity, a membership, a follow, a value). */
export function removes(changes: readonly Change[]): boolean {
  return changes.some((c) => c.new === REMOVED || (c.key !== null && c.new === null));
}

/** The users a change names (their own rows, memberships and follows). */
function usersNamed(changes: readonly Change[]): Set<string> {
  return new Set(changes.map((c) => c.user).filter((u): u is string => u !== null));
}

/** A change as one comparable string: what was shown must be what is written. */
const changesKey = (changes: readonly Change[]) => JSON.stringify(changes.map((c) => [c.entity, c.target, c.user, c.key, c.old, c.new]));

/**
 * Loads, changes a copy, saves the difference with audit rows in one transaction, and
 * reports what changed. When there is something to show first (--dry-run, --impact, or
 * a question in a terminal: a change that removes something or reaches several users),
 * the change is planned on a copy, shown, confirmed, and planned again inside the write:
 * if the database changed meanwhile, nothing is written.
 */
export async function edit(ctx: CliContext, options: EditOptions, change: (ws: Workspace) => void, hooks: EditHooks = {}): Promise<void> {
  const dryRun = options.dryRun === true;
  const audit = () => ({ actor: ctx.actor, command: ctx.commandLine, at: new Date() });
  const render = hooks.render ?? ((changes, dry, impact) => renderEditResult(changes, dry, options.format ?? 'table', impact, ctx.io.stdoutIsTTY, ctx.io.color));
  const mayAsk = options.yes !== true && ctx.io.canPrompt();
  await writeDatabase(ctx, async (db) => {
    if (!dryRun && options.impact === undefined && !mayAsk) {
      const changes = updateWorkspace(db, change, audit(), false, () => hooks.beforeWrite?.(db));
      ctx.io.out.write(render(changes, false, null));
      return;
    }
    const before = loadWorkspace(db);
    const after = cloneWorkspace(before);
    change(after);
    const planned = diffWorkspaces(before, after);
    let impact: ImpactRow[] | null = null;
    if (options.impact !== undefined) {
      impact = planned.length === 0 ? [] : await editImpact(ctx, before, after, planned, options);
    }
    if (dryRun || planned.length === 0) {
      ctx.io.out.write(render(planned, dryRun, impact));
      return;
    }
    const named = usersNamed(planned);
    const mustAsk = removes(planned) || named.size > 1;
    if (mustAsk && mayAsk) {
      // What will go (or whom it reaches) is on the screen before the question.
      ctx.io.out.write(renderChangeTable(planned, ctx.io.stdoutIsTTY, ctx.io.color));
      if (impact !== null && impact.length > 0) ctx.io.out.write('\n' + renderImpact(impact, ctx.io.stdoutIsTTY, ctx.io.color));
      const question = hooks.question?.(planned) ?? `${removes(planned) ? 'Remove' : 'Change'} this (${summariseChanges(planned)})?`;
      await (await import('./confirm.js')).confirmChange(ctx, question, { ...(options.yes !== undefined && { yes: options.yes }), count: 2 });
    }
    const changes = updateWorkspace(db, change, audit(), false, (fresh) => {
      if (changesKey(fresh) !== changesKey(planned)) {
        throw new DataError(`the database changed while the change was shown: writing now would make ${plural(fresh.length, 'change')}, not the ${plural(planned.length, 'change')} shown; nothing was written. Run the command again to see the new plan.`);
      }
      hooks.beforeWrite?.(db);
    });
    ctx.io.out.write(render(changes, false, impact));
  }, { dryRun });
}

/** --impact of a workspace edit: every user whose alerts or emails change, and every user the change names. */
export async function editImpact(ctx: CliContext, before: Workspace, after: Workspace, planned: readonly Change[], options: EditOptions): Promise<ImpactRow[]> {
  const { impactOf } = await import('./impact.js');
  const rows = await impactOf(before, after, null, { log: options.impact!, window: options.window ?? DEFAULT_WINDOW_MS, ...(options.sort !== undefined && { sort: options.sort }) }, ctx.io.stdin);
  const named = usersNamed(planned);
  return rows.filter((r) => named.has(r.user) || r.alertsBefore !== r.alertsAfter || r.emailsBefore !== r.emailsAfter);
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

/** Removes an item; its conversations become unattached. */
export function removeItem(ws: Workspace, id: string): void {
  ws.items.delete(id);
  for (const c of ws.conversations.values()) if (c.item === id) delete c.item;
}

/** The entities of a map, sorted by id. */
export const byId = <T>(map: Map<string, T>): T[] => sortedIds(map.keys()).map((id) => map.get(id)!);
