/**
 * The one way a command changes the workspace (SPEC 9.12, 10.4). A writing command
 * describes its change as a function that changes a copy of the workspace; `runWrite`
 * does the rest, the same for every command:
 *
 *  1. plan: the change made to a copy of what the database holds, as a list of
 *     `Change` rows (domain/changes.ts), with `--impact` replayed when asked;
 *  2. ask, under one rule: in a terminal, a destructive change or one that reaches more
 *     than one user is shown and confirmed unless --yes; without a terminal a
 *     destructive change needs --yes (exit 2, nothing changed), and nothing else asks;
 *  3. write: planned again inside the IMMEDIATE write transaction, and refused when it
 *     differs from what was shown (another writer got there first);
 *  4. report: the changes on stdout (a table in a terminal, TSV when piped, JSON with
 *     --format json), dry runs included, and a one-line summary on stderr.
 */
import { DEFAULT_WINDOW_MS } from '../../domain/decision.js';
import { REMOVED, type Change } from '../../domain/changes.js';
import { DataError, UsageError } from '../../domain/errors.js';
import { plural } from '../../domain/text.js';
import { diffWorkspaces } from '../../domain/workspace-diff.js';
import { cloneWorkspace, emptyWorkspace, type Workspace } from '../../domain/workspace.js';
import type { Db } from '../../store/database.js';
import { loadUsers, loadWorkspace, updateWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from '../shell/context.js';
import type { ImpactRow } from './impact.js';
import { summariseChanges, writeChangeTable, writeChangesJson, type Unchanged } from '../render/changes.js';
import { renderImpact } from '../render/impact.js';
import { writeDatabase } from '../shell/session.js';
import { outputOf } from '../output/iostreams.js';

export interface WriteOptions {
  dryRun?: boolean;
  yes?: boolean;
  impact?: string;
  window?: number;
  sort?: boolean;
  format?: 'table' | 'json';
}

/** What a change may say besides its rows: values asked for that were already set. */
export interface ChangeNote {
  unchanged?: Unchanged[];
  /** Added to the summary: "reaching 12 users who follow them". */
  reach?: string;
  /** --impact counts only these users (null or absent: every user whose counts change, and every user named). */
  impactUsers?: readonly string[];
  /**
   * What the change made of `ws`, when it worked that out itself (diffWorkspaces of
   * `original` and `ws` as it left them): not diffed again. An undo of a big import is
   * hundreds of thousands of changes.
   */
  changes?: Change[];
}

export interface WriteSpec {
  /**
   * Changes `ws` (a copy of what the database holds) in place; may throw to change
   * nothing. Runs once to plan and again inside the write. `original` is what `ws` was
   * copied from, to read and never to change (it is what the change is compared with).
   */
  change(ws: Workspace, db: Db, original: Workspace): ChangeNote | void;
  /**
   * What is loaded: the whole workspace, or (`users`) only users and defaults, for the
   * preference commands, which need nothing else and run in bulk.
   */
  scope?: 'workspace' | 'users';
  /** Always destructive (import --replace, audit undo); otherwise decided from the changes. */
  destructive?: boolean;
  /** The question in a terminal; "Change this (…)?" by default. */
  question?: (changes: readonly Change[]) => string;
  /** Inside the write transaction, just before writing (import --replace copies the database). */
  beforeWrite?: (db: Db) => void;
  /**
   * Right after the commit, before anything else can run (a signal is handled only
   * after it): import --replace writes its copy there, so only a committed replace has
   * one. Not called when nothing changed.
   */
  afterWrite?: (change: number) => void;
  /**
   * Inside the write transaction, makes the database hold the changed workspace itself,
   * instead of the rows that differ being written (db restore copies a backup's tables,
   * its audit trail included); the change's audit rows are recorded after it.
   */
  write?: (db: Db) => void;
  /** The summary when nothing changes ("Nothing to change." by default). */
  nothing?: string;
  /** JSON also gives `change`: the number the change was recorded under (null when nothing was written). */
  jsonChange?: boolean;
  /** The command recorded in the audit trail, when not the command line. */
  command?: string;
  /** The summary's words, with `--dry-run` and after the write (`change`: the number it was recorded under). */
  summary?: (changes: readonly Change[], dryRun: boolean, change: number | null) => string;
  /** The command's name for "… needs --yes" ("users remove"). */
  name: string;
}

export interface WriteResult {
  changes: Change[];
  dryRun: boolean;
  /** The number the change was recorded under; null for a dry run or when nothing changed. */
  change: number | null;
}

/**
 * A destructive change (SPEC 10.4): it removes a user, project, item or conversation,
 * or deactivates more than one user.
 */
export function isDestructive(changes: readonly Change[]): boolean {
  const deactivated = changes.filter((c) => c.entity === 'user' && c.key === 'active' && c.new === 'false').length;
  return removesEntities(changes) || deactivated > 1;
}

/** The change removes a user, project, item or conversation. */
function removesEntities(changes: readonly Change[]): boolean {
  return changes.some((c) => c.key === null && c.new === REMOVED && (c.entity === 'user' || c.entity === 'project' || c.entity === 'item' || c.entity === 'conversation'));
}

/** The users a change names (their own rows, preferences, memberships and follows). */
export function usersNamed(changes: readonly Change[]): Set<string> {
  return new Set(changes.map((c) => c.user).filter((u): u is string => u !== null));
}

/** A change as one comparable string: what was shown must be what is written. */
const changesKey = (changes: readonly Change[]) => JSON.stringify(changes.map((c) => [c.entity, c.target, c.user, c.key, c.old, c.new]));

/** The workspace the change is planned on: all of it, or users and defaults only. */
function load(db: Db, scope: WriteSpec['scope']): Workspace {
  return scope === 'users' ? { ...emptyWorkspace(), ...loadUsers(db) } : loadWorkspace(db);
}

export async function runWrite(ctx: CliContext, options: WriteOptions, spec: WriteSpec): Promise<WriteResult> {
  const dryRun = options.dryRun === true;
  const format = options.format ?? 'table';
  const canPrompt = ctx.io.canPrompt();
  const mayAsk = options.yes !== true && canPrompt;
  const destructive = (changes: readonly Change[]) => spec.destructive === true || isDestructive(changes);
  return writeDatabase(ctx, async (db) => {
    // 1. Plan on a copy, when there is something to show before writing.
    let planned: { before: Workspace; after: Workspace; changes: Change[]; note: ChangeNote } | null = null;
    let impact: ImpactRow[] | null = null;
    if (dryRun || options.impact !== undefined || mayAsk) {
      // --impact replays a log, which needs projects, items and conversations too.
      const before = load(db, options.impact !== undefined ? 'workspace' : spec.scope);
      const after = cloneWorkspace(before);
      const note = spec.change(after, db, before) ?? {};
      planned = { before, after, changes: note.changes ?? diffWorkspaces(before, after), note };
      if (options.impact !== undefined) impact = planned.changes.length === 0 ? [] : await impactOfChange(ctx, planned.before, planned.after, planned.changes, options, note.impactUsers ?? null);
      if (dryRun || planned.changes.length === 0) {
        report(ctx, format, planned, impact, true, dryRun, spec, null);
        return { changes: planned.changes, dryRun, change: null };
      }
    }

    // 2. Ask, under one rule.
    let shown = false;
    if (planned !== null && mayAsk && (destructive(planned.changes) || usersNamed(planned.changes).size > 1)) {
      if (format === 'table') {
        // What will go (or whom it reaches) is on the screen before the question.
        const output = outputOf(ctx.io, ctx.zone);
        writeChangeTable(planned.changes, planned.before, planned.after, planned.note.unchanged ?? [], output);
        if (impact !== null && impact.length > 0) {
          output.out.write('\n');
          renderImpact(impact, output);
        }
        shown = true;
      }
      const question = spec.question?.(planned.changes) ?? `${removesEntities(planned.changes) ? 'Remove this' : 'Change this'} (${summariseChanges(planned.changes)})?`;
      await (await import('./confirm.js')).confirmChange(ctx, question);
    }

    // 3. Write: planned again inside the transaction.
    // recordAudit stamps the rows when it writes them: a change is recorded at its commit.
    const audit = { actor: ctx.actor, command: spec.command ?? ctx.commandLine };
    let note: ChangeNote = {};
    let sides = { before: emptyWorkspace(), after: emptyWorkspace() };
    const { changes, change } = updateWorkspace(
      db,
      (fresh, original) => {
        note = spec.change(fresh, db, original) ?? {};
        return note.changes;
      },
      audit,
      (fresh, before, after) => {
        // What is written is reported against the workspace it was planned on (effective values).
        sides = { before, after };
        if (planned !== null && changesKey(fresh) !== changesKey(planned.changes)) {
          throw new DataError(`the database changed while the plan was shown: writing now would make ${plural(fresh.length, 'change')}, not the ${plural(planned.changes.length, 'change')} shown; nothing was written. Run the command again to see the new plan.`);
        }
        if (fresh.length > 0 && destructive(fresh) && options.yes !== true && !canPrompt) {
          throw new UsageError(`${spec.name} makes a destructive change (${summariseChanges(fresh)}) and needs --yes when not run in a terminal; nothing was changed`);
        }
        spec.beforeWrite?.(db);
      },
      spec.scope === 'users' ? 'users' : 'workspace',
      spec.write,
    );
    if (change !== null) spec.afterWrite?.(change);
    // 4. Report what was written.
    const written = { ...sides, changes, note: planned?.note ?? note };
    report(ctx, format, written, impact, !shown, false, spec, change);
    return { changes, dryRun: false, change };
  }, { dryRun });
}

/** The changes on stdout (unless already shown before the question), the summary on stderr. */
function report(ctx: CliContext, format: 'table' | 'json', p: { before: Workspace; after: Workspace; changes: Change[]; note: ChangeNote }, impact: ImpactRow[] | null, showChanges: boolean, dryRun: boolean, spec: WriteSpec, change: number | null): void {
  if (format === 'json') {
    // One JSON dialect (SPEC 9.12): every writing command says whether it was a dry run.
    writeChangesJson(ctx.io.out, dryRun, p.changes, p.before, p.after, { ...(impact !== null && { impact }), ...(spec.jsonChange === true && { change }) });
  } else {
    const unchanged = p.note.unchanged ?? [];
    const output = outputOf(ctx.io, ctx.zone);
    if (showChanges && (p.changes.length > 0 || unchanged.length > 0)) writeChangeTable(p.changes, p.before, p.after, unchanged, output);
    if (showChanges && impact !== null && impact.length > 0) {
      output.out.write('\n');
      renderImpact(impact, output);
    }
  }
  ctx.io.err.write(summaryLine(p.changes, p.note, dryRun, spec, change) + '\n');
}

function summaryLine(changes: readonly Change[], note: ChangeNote, dryRun: boolean, spec: WriteSpec, change: number | null): string {
  const unchanged = note.unchanged?.length ?? 0;
  if (changes.length === 0) return spec.nothing ?? `Nothing to change${unchanged > 0 ? `: ${unchanged} ${unchanged === 1 ? 'value is' : 'values are'} already set` : ''}.`;
  const what = (spec.summary?.(changes, dryRun, change) ?? summariseChanges(changes)) + (note.reach !== undefined ? `, ${note.reach}` : '') + (unchanged > 0 ? `; ${unchanged} already at that value (unchanged)` : '');
  return dryRun ? `Dry run: ${what}. Nothing was written.` : `Done: ${what}.`;
}

/** --impact of a change: every user whose alerts or emails change, and every user the change names. */
export async function impactOfChange(ctx: CliContext, before: Workspace, after: Workspace, changes: readonly Change[], options: WriteOptions, users: readonly string[] | null = null): Promise<ImpactRow[]> {
  const { impactOf } = await import('./impact.js');
  const rows = await impactOf(before, after, users, { log: options.impact!, window: options.window ?? DEFAULT_WINDOW_MS, ...(options.sort !== undefined && { sort: options.sort }) }, ctx.io);
  if (users !== null) return rows;
  const named = usersNamed(changes);
  return rows.filter((r) => named.has(r.user) || r.alertsBefore !== r.alertsAfter || r.emailsBefore !== r.emailsAfter);
}

