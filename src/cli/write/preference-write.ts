/**
 * Preference changes (prefs set, reset, import, defaults set and reset) through the one
 * write flow (write-flow.ts): a plan of explicit values and defaults (plain data,
 * domain/preference-plan.ts) applied to a copy of the users and defaults.
 */
import type { Change } from '../../domain/changes.js';
import { applyPlan, type PreferencePlan } from '../../domain/preference-plan.js';
import { plural } from '../../domain/text.js';
import type { Workspace } from '../../domain/workspace.js';
import type { Db } from '../../store/database.js';
import type { CliContext } from '../shell/context.js';
import { runWrite, type WriteOptions } from './flow.js';

/** Whom a plan reaches (the users selected, or those who follow the defaults changed), and what it does, for the question. */
export type Reach = { users: string[]; what: string };

/** Plans from the users and defaults the database holds (twice: to show, and inside the write), and writes. */
export async function preferenceWrite(ctx: CliContext, options: WriteOptions, makePlan: (data: Workspace, db: Db) => PreferencePlan & { reach: Reach }): Promise<void> {
  let reach: Reach = { users: [], what: '' };
  let role: string | undefined;
  await runWrite(ctx, options, {
    name: ctx.commandName,
    scope: 'users',
    change: (ws, db) => {
      const plan = makePlan(ws, db);
      reach = plan.reach;
      role = plan.changes.find((c) => c.role !== undefined)?.role;
      applyPlan(ws, plan);
      const defaults = plan.changes.some((c) => c.user === null);
      return {
        unchanged: plan.unchanged,
        impactUsers: plan.reach.users,
        ...(defaults && { reach: `reaching ${plural(plan.reach.users.length, 'user')} who follow them` }),
      };
    },
    question: (changes) => `${reach.what} for ${plural(affected(changes, reach), 'user')}?`,
    summary: (changes) => summarise(changes, role),
  });
}

/** How many users a change reaches: those it names, or (defaults) those who follow the defaults. */
function affected(changes: readonly Change[], reach: Reach): number {
  return changes.some((c) => c.user === null) ? reach.users.length : new Set(changes.map((c) => c.user)).size;
}

function summarise(changes: readonly Change[], role: string | undefined): string {
  const users = new Set(changes.map((c) => c.user).filter((u) => u !== null)).size;
  const defaults = changes.some((c) => c.user === null);
  return plural(changes.length, 'change') + (users > 0 ? ` for ${plural(users, 'user')}` : '') + (defaults ? ` to ${role === undefined ? 'the workspace defaults' : `the defaults of role ${role}`}` : '');
}
