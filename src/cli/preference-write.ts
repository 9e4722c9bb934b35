/**
 * Writing preference changes (prefs set, reset, defaults set, import): a plan (plain
 * data) first, then its table and impact, a confirmation in a terminal, and the write in
 * one transaction with audit rows.
 */
import { DataError } from '../domain/errors.js';
import { applyPlan, type PreferenceChange, type PreferencePlan, type UsersAndDefaults } from '../domain/preference-plan.js';
import { toJsonValue } from '../domain/preferences.js';
import { plural } from '../domain/text.js';
import { cloneWorkspace, sortedIds } from '../domain/workspace.js';
import type { Db } from '../store/database.js';
import { loadUsers, loadWorkspace, updatePreferences } from '../store/workspace-store.js';
import type { CliContext } from './context.js';
import type { ImpactOptions, ImpactRow } from './impact.js';
import { renderImpact } from './render/impact.js';
import { renderTable } from './render/table.js';

export interface WriteOptions {
  dryRun?: boolean;
  yes?: boolean;
  impact?: string;
  window: number;
  sort?: boolean;
  format: 'table' | 'json';
}

/** A plan's changes as one comparable string. */
function planKey(plan: PreferencePlan): string {
  return JSON.stringify(plan.changes.map((c) => [c.user, c.key, c.old, c.new]));
}

export type Reach = { users: string[]; what: string };

/**
 * Shows a plan (and its impact), confirms, writes it. Shared by set, reset, defaults set
 * and import. `makePlan` plans from what the database holds; it runs again inside the
 * write transaction, so a concurrent change is never overwritten by a stale plan.
 */
export async function carryOut(ctx: CliContext, db: Db, makePlan: (data: UsersAndDefaults) => PreferencePlan & { reach: Reach }, options: WriteOptions): Promise<void> {
  let written = false;
  /** Plans again from what the database holds and writes, in one transaction. */
  const writePlan = (shown?: PreferencePlan): PreferencePlan & { reach: Reach } => {
    written = true;
    const audit = { actor: ctx.actor, command: ctx.commandLine };
    return updatePreferences(db, (fresh) => {
      const fresher = makePlan(fresh);
      // What was shown (and confirmed) is what is written, or nothing is.
      if (shown !== undefined && planKey(fresher) !== planKey(shown)) {
        throw new DataError(
          `the database changed while the plan was shown: writing now would make ${plural(fresher.changes.length, 'change')}, not the ${plural(shown.changes.length, 'change')} shown; nothing was written. Run the command again to see the new plan.`,
        );
      }
      return { changes: fresher.changes.map((c) => c.change), plan: fresher };
    }, audit).plan;
  };
  // When nothing is previewed and no question can be asked, plan once, inside the write.
  const mayAsk = options.yes !== true && ctx.io.canPrompt();
  let plan = !options.dryRun && options.impact === undefined && !mayAsk ? writePlan() : makePlan(loadUsers(db));
  const write = () => {
    if (!written) plan = writePlan(plan);
  };
  const reach = plan.reach;
  let impact: ImpactRow[] | null = null;
  if (options.impact !== undefined && plan.changes.length > 0) {
    const before = loadWorkspace(db);
    const after = cloneWorkspace(before);
    applyPlan(after, plan);
    const impactOptions: ImpactOptions = { log: options.impact, window: options.window, ...(options.sort !== undefined && { sort: options.sort }) };
    impact = await (await import('./impact.js')).impactOf(before, after, reach.users, impactOptions, ctx.io.stdin);
  } else if (options.impact !== undefined) {
    impact = [];
  }
  const changed = sortedIds(new Set(plan.changes.map((c) => c.user).filter((u): u is string => u !== null)));
  const affected = plan.changes.some((c) => c.user === null) ? reach.users.length : changed.length;

  if (options.format === 'json') {
    if (!options.dryRun && plan.changes.length > 0) {
      await (await import('./confirm.js')).confirmChange(ctx, `${reach.what} for ${affected} users?`, { ...(options.yes !== undefined && { yes: options.yes }), count: affected });
      write();
    }
    // One JSON dialect (SPEC 9.12): every writing command says whether it was a dry run.
    const doc: Record<string, unknown> = { dryRun: options.dryRun === true, changes: plan.changes.map((c) => ({ user: c.user, ...(c.role !== undefined && { role: c.role }), key: c.key, old: toJsonValue(c.key, c.old), new: toJsonValue(c.key, c.new) })) };
    if (impact !== null) doc.impact = impact;
    ctx.io.out.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }

  let out = '';
  if (plan.changes.length > 0 || plan.unchanged.length > 0) {
    // A value that stays the same but changes where it comes from says so ("on (default)" → "on (explicit)").
    const from = (value: string, c: PreferenceChange, i: 0 | 1) => (c.sources !== undefined && c.old === c.new && c.sources[0] !== c.sources[1] ? `${value} (${c.sources[i]})` : value);
    const rows = [
      ...plan.changes.map((c) => [c.role !== undefined ? `(role ${c.role})` : (c.user ?? '(default)'), c.key, from(c.old, c, 0), from(c.new, c, 1)]),
      ...plan.unchanged.map((u) => [u.user, u.key, u.value, `${u.value} (unchanged)`]),
    ];
    out += renderTable(['USER', 'KEY', 'OLD', 'NEW'], rows, ctx.io.stdoutIsTTY, ctx.io.color);
  }
  if (impact !== null && impact.length > 0) out += '\n' + renderImpact(impact, ctx.io.stdoutIsTTY, ctx.io.color);
  const summary = summarise(plan, reach);
  // Summary lines are for people: after the table in a terminal, on stderr when piped.
  const note = (text: string) => (ctx.io.stdoutIsTTY ? ctx.io.out : ctx.io.err).write(text);
  ctx.io.out.write(out);
  if (plan.changes.length === 0) {
    note(`Nothing to change${plan.unchanged.length > 0 ? `: ${plan.unchanged.length} value${plan.unchanged.length === 1 ? ' is' : 's are'} already set` : ''}.\n`);
    return;
  }
  if (options.dryRun) {
    note(`Dry run: ${summary}. Nothing was written.\n`);
    return;
  }
  await (await import('./confirm.js')).confirmChange(ctx, `${reach.what} for ${affected} users?`, { ...(options.yes !== undefined && { yes: options.yes }), count: affected });
  write();
  note(`Done: ${summarise(plan, reach)}.\n`);
}

function summarise(plan: PreferencePlan, reach: Reach): string {
  const changed = new Set(plan.changes.map((c) => c.user).filter((u) => u !== null)).size;
  const role = plan.changes.find((c) => c.role !== undefined)?.role;
  return plural(plan.changes.length, 'change') +
    (changed > 0 ? ` for ${plural(changed, 'user')}` : '') +
    (plan.changes.some((c) => c.user === null) ? ` to ${role === undefined ? 'the workspace defaults' : `the defaults of role ${role}`}, reaching ${plural(reach.users.length, 'user')} who follow them` : '') +
    (plan.unchanged.length > 0 ? `; ${plan.unchanged.length} already at that value (unchanged)` : '');
}
