/**
 * `prefs …`: show, list, set, reset, defaults, import and export. Each computes a plan
 * (plain data) first, then renders it, confirms in a terminal, and writes it in one
 * transaction with audit rows.
 */
import { DataError, UsageError } from '../../domain/errors.js';
import { applyPlan, defaultsUsage, planDefaults, planReset, planSet, type PreferencePlan, type UsersAndDefaults } from '../../domain/preference-plan.js';
import { PREFERENCES, PREFERENCE_KEYS, effectivePreferences, isPreferenceKey, type PreferenceKey } from '../../domain/preferences.js';
import { cloneWorkspace, sortedIds } from '../../domain/workspace.js';
import type { Db } from '../../store/database.js';
import { loadProjectMembers, loadUsers, loadWorkspace, updatePreferences } from '../../store/workspace-store.js';
import type { CliContext } from '../context.js';
import type { ImpactOptions, ImpactRow } from '../impact.js';
import { colors, writeStdout } from '../output.js';
import { renderTable } from '../render/table.js';
import { selectUsers, type SelectorOptions } from '../selectors.js';
import { withDatabase } from '../session.js';
import { readInput } from '../../io/read-input.js';

type Format = 'table' | 'json' | 'csv';

function effectiveOf(data: UsersAndDefaults, user: string) {
  return effectivePreferences(data.users.get(user)!.preferences, data.defaults);
}

/** `prefs show USER` */
export function runPrefsShow(ctx: CliContext, user: string, options: { format: 'table' | 'json' }): Promise<void> {
  return withDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    if (!data.users.has(user)) throw new DataError(`${JSON.stringify(user)} is not a user of the workspace`);
    const prefs = effectiveOf(data, user);
    const rows = PREFERENCES.map((p) => ({ key: p.key, value: prefs[p.key], source: prefs.source[p.key], description: p.description }));
    if (options.format === 'json') {
      await writeStdout(JSON.stringify({ user, active: data.users.get(user)!.active, preferences: rows }, null, 2) + '\n');
      return;
    }
    const c = colors(ctx.color);
    let out = renderTable(
      ['KEY', 'VALUE', 'SOURCE', 'MEANING'],
      rows.map((r) => [r.key, r.source === 'explicit' ? c.bold(r.value) : r.value, r.source, r.description]),
      ctx.stdoutIsTty,
      ctx.color,
    );
    if (!data.users.get(user)!.active) out += `\n${user} is deactivated: they are notified of nothing until activated (notifyctl users activate ${user}).\n`;
    if (prefs.showFromCustomers === 'off') {
      out += `\n"From customers" is off for ${user}: that only hides a section of the messenger; it changes no notification.\n`;
    }
    await writeStdout(out);
  });
}

/** `prefs list [SELECTORS]`: every user when no selector is given. */
export function runPrefsList(ctx: CliContext, ids: string[], options: SelectorOptions & { format: Format }): Promise<void> {
  return withDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    const anySelector = ids.length > 0 || options.role !== undefined || options.project !== undefined || (options.where?.length ?? 0) > 0;
    const users = selectUsers(data, () => loadProjectMembers(db), ids, anySelector ? options : { allUsers: true }, 'prefs list');
    const rows = users.map((user) => {
      const prefs = effectiveOf(data, user);
      return { user, prefs, explicit: PREFERENCE_KEYS.filter((k) => prefs.source[k] === 'explicit') };
    });
    if (options.format === 'json') {
      const list = rows.map((r) => ({ user: r.user, ...Object.fromEntries(PREFERENCE_KEYS.map((k) => [k, r.prefs[k]])), explicit: r.explicit }));
      await writeStdout(JSON.stringify(list, null, 2) + '\n');
    } else if (options.format === 'csv') {
      const { csvRows } = await import('../../io/csv.js');
      await writeStdout(csvRows([['user', ...PREFERENCE_KEYS, 'explicit'], ...rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => r.prefs[k]), r.explicit.join(';')])]));
    } else {
      const mark = (r: (typeof rows)[number], k: PreferenceKey) => (r.prefs.source[k] === 'explicit' ? `${r.prefs[k]}*` : r.prefs[k]);
      await writeStdout(renderTable(['USER', ...PREFERENCE_KEYS], rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => mark(r, k))]), ctx.stdoutIsTty, ctx.color));
      if (ctx.stdoutIsTty) await writeStdout(`${rows.length} user${rows.length === 1 ? '' : 's'}; * marks an explicit value, the others follow the workspace defaults.\n`);
    }
  });
}

export interface WriteOptions {
  dryRun?: boolean;
  yes?: boolean;
  impact?: string;
  window: number;
  sort?: boolean;
  format: 'table' | 'json';
}

type Reach = { users: string[]; what: string };

/**
 * Shows a plan (and its impact), confirms, writes it. Shared by set, reset, defaults set
 * and import. `makePlan` plans from what the database holds; it runs again inside the
 * write transaction, so a concurrent change is never overwritten by a stale plan.
 */
async function carryOut(ctx: CliContext, db: Db, makePlan: (data: UsersAndDefaults) => PreferencePlan & { reach: Reach }, options: WriteOptions): Promise<void> {
  let written = false;
  /** Plans again from what the database holds and writes, in one transaction. */
  const writePlan = (): PreferencePlan & { reach: Reach } => {
    written = true;
    const audit = { actor: ctx.actor, command: ctx.commandLine, at: new Date() };
    return updatePreferences(db, (fresh) => {
      const fresher = makePlan(fresh);
      return { changes: fresher.changes.map((c) => c.change), plan: fresher };
    }, audit).plan;
  };
  // When nothing is previewed and no question can be asked, plan once, inside the write.
  const mayAsk = options.yes !== true && ctx.stdinIsTty && ctx.stdoutIsTty;
  let plan = !options.dryRun && options.impact === undefined && !mayAsk ? writePlan() : makePlan(loadUsers(db));
  const write = () => {
    if (!written) plan = writePlan();
  };
  const reach = plan.reach;
  let impact: ImpactRow[] | null = null;
  if (options.impact !== undefined && plan.changes.length > 0) {
    const before = loadWorkspace(db);
    const after = cloneWorkspace(before);
    applyPlan(after, plan);
    const impactOptions: ImpactOptions = { log: options.impact, window: options.window, ...(options.sort !== undefined && { sort: options.sort }) };
    impact = await (await import('../impact.js')).impactOf(before, after, reach.users, impactOptions);
  } else if (options.impact !== undefined) {
    impact = [];
  }
  const changed = sortedIds(new Set(plan.changes.map((c) => c.user).filter((u): u is string => u !== null)));
  const affected = plan.changes.some((c) => c.user === null) ? reach.users.length : changed.length;

  if (options.format === 'json') {
    if (!options.dryRun && plan.changes.length > 0) {
      await (await import('../confirm.js')).confirmChange(ctx, `${reach.what} for ${affected} users?`, { ...(options.yes !== undefined && { yes: options.yes }), count: affected });
      write();
    }
    const doc: Record<string, unknown> = { changes: plan.changes.map((c) => ({ user: c.user, key: c.key, old: c.old, new: c.new })) };
    if (impact !== null) doc.impact = impact;
    await writeStdout(JSON.stringify(doc, null, 2) + '\n');
    return;
  }

  let out = '';
  if (plan.changes.length > 0 || plan.unchanged.length > 0) {
    const rows = [
      ...plan.changes.map((c) => [c.user ?? '(default)', c.key, c.old, c.new]),
      ...plan.unchanged.map((u) => [u.user, u.key, u.value, `${u.value} (unchanged)`]),
    ];
    out += renderTable(['USER', 'KEY', 'OLD', 'NEW'], rows, ctx.stdoutIsTty, ctx.color);
  }
  if (impact !== null && impact.length > 0) out += '\n' + renderImpact(impact, ctx);
  const summary = summarise(plan, reach);
  // Summary lines are for people: after the table in a terminal, on stderr when piped.
  const note = (text: string) => (ctx.stdoutIsTty ? writeStdout(text) : void process.stderr.write(text));
  await writeStdout(out);
  if (plan.changes.length === 0) {
    await note(`Nothing to change${plan.unchanged.length > 0 ? `: ${plan.unchanged.length} value${plan.unchanged.length === 1 ? ' is' : 's are'} already set` : ''}.\n`);
    return;
  }
  if (options.dryRun) {
    await note(`Dry run: ${summary}. Nothing was written.\n`);
    return;
  }
  await (await import('../confirm.js')).confirmChange(ctx, `${reach.what} for ${affected} users?`, { ...(options.yes !== undefined && { yes: options.yes }), count: affected });
  write();
  await note(`Done: ${summarise(plan, reach)}.\n`);
}

function summarise(plan: PreferencePlan, reach: Reach): string {
  const changed = new Set(plan.changes.map((c) => c.user).filter((u) => u !== null)).size;
  return `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}` +
    (changed > 0 ? ` for ${changed} user${changed === 1 ? '' : 's'}` : '') +
    (plan.changes.some((c) => c.user === null) ? ` to the workspace defaults, reaching ${reach.users.length} user${reach.users.length === 1 ? '' : 's'} who follow them` : '') +
    (plan.unchanged.length > 0 ? `; ${plan.unchanged.length} already at that value (unchanged)` : '');
}

function renderImpact(rows: ImpactRow[], ctx: CliContext): string {
  const sorted = [...rows].sort((a, b) => Math.abs(b.alertsAfter - b.alertsBefore) - Math.abs(a.alertsAfter - a.alertsBefore) || (a.user < b.user ? -1 : 1));
  const delta = (before: number, after: number) => `${before} → ${after}${after === before ? '' : ` (${after > before ? '+' : ''}${after - before})`}`;
  const total = (k: keyof Omit<ImpactRow, 'user'>) => rows.reduce((n, r) => n + r[k], 0);
  return (
    renderTable(
      ['USER', 'ALERTS', 'EMAILS'],
      [...sorted.map((r) => [r.user, delta(r.alertsBefore, r.alertsAfter), delta(r.emailsBefore, r.emailsAfter)]), ['(total)', delta(total('alertsBefore'), total('alertsAfter')), delta(total('emailsBefore'), total('emailsAfter'))]],
      ctx.stdoutIsTty,
      ctx.color,
    )
  );
}

export function preferenceValuesFrom(options: Record<string, unknown>): Map<PreferenceKey, string> {
  const values = new Map<PreferenceKey, string>();
  for (const spec of PREFERENCES) {
    const value = options[spec.key];
    if (typeof value === 'string') values.set(spec.key, value);
  }
  return values;
}

const FLAG_HELP = PREFERENCES.map((p) => `--${p.flag} ${p.values.join('|')}`).join(', ');

/** `prefs set [SELECTORS] PREF-FLAGS` */
export function runPrefsSet(ctx: CliContext, ids: string[], options: SelectorOptions & WriteOptions & Record<string, unknown>): Promise<void> {
  const values = preferenceValuesFrom(options);
  if (values.size === 0) throw new UsageError(`prefs set needs at least one preference flag: ${FLAG_HELP}`);
  return withDatabase(ctx, async (db) => {
    const members = () => loadProjectMembers(db);
    await carryOut(ctx, db, (data) => {
      const users = selectUsers(data, members, ids, options, 'prefs set');
      if (users.length === 0) throw new DataError('no user matches the selectors; nothing was changed');
      return { ...planSet(data, new Map(users.map((u) => [u, values]))), reach: { users, what: 'Change preferences' } };
    }, options);
  });
}

/** `prefs reset [SELECTORS] [--key KEY]…` */
export function runPrefsReset(ctx: CliContext, ids: string[], options: SelectorOptions & WriteOptions & { key?: string[] }): Promise<void> {
  const keys = options.key ?? null;
  for (const key of keys ?? []) {
    if (!isPreferenceKey(key)) throw new UsageError(`--key ${key}: not a preference key; accepted: ${PREFERENCE_KEYS.join(', ')}`);
  }
  return withDatabase(ctx, async (db) => {
    const members = () => loadProjectMembers(db);
    await carryOut(ctx, db, (data) => {
      const users = selectUsers(data, members, ids, options, 'prefs reset');
      return { ...planReset(data, users, keys as PreferenceKey[] | null), reach: { users, what: 'Reset preferences to the defaults' } };
    }, options);
  });
}

/** `prefs defaults`: the defaults, and how many users follow or override each. */
export function runDefaultsShow(ctx: CliContext, options: { format: 'table' | 'json' }): Promise<void> {
  return withDatabase(ctx, async (db) => {
    const usage = defaultsUsage(loadUsers(db));
    if (options.format === 'json') {
      await writeStdout(JSON.stringify(usage, null, 2) + '\n');
      return;
    }
    await writeStdout(
      renderTable(
        ['KEY', 'DEFAULT', 'BUILT-IN', 'FOLLOWING', 'OVERRIDING'],
        usage.map((u) => [u.key, u.value, u.builtIn, String(u.following), String(u.overriding)]),
        ctx.stdoutIsTty,
        ctx.color,
      ),
    );
  });
}

/** `prefs defaults set PREF-FLAGS` */
export function runDefaultsSet(ctx: CliContext, options: WriteOptions & Record<string, unknown>): Promise<void> {
  const values = preferenceValuesFrom(options);
  if (values.size === 0) throw new UsageError(`prefs defaults set needs at least one preference flag: ${FLAG_HELP}`);
  return withDatabase(ctx, async (db) => {
    await carryOut(ctx, db, (data) => {
      const plan = planDefaults(data, values);
      // The users a default reaches are those without an explicit value for a changed key.
      const keys = plan.changes.map((c) => c.key);
      const reached = sortedIds([...data.users.values()].filter((u) => keys.some((k) => !u.preferences.has(k))).map((u) => u.id));
      return { ...plan, reach: { users: reached, what: 'Change the workspace defaults' } };
    }, options);
  });
}

/** `prefs import FILE|-` */
export function runPrefsImport(ctx: CliContext, file: string, options: WriteOptions): Promise<void> {
  const { name, text } = readInput(file);
  return withDatabase(ctx, async (db) => {
    const known = loadUsers(db);
    const { parsePreferenceFile } = await import('../../io/prefs-file.js');
    const { wanted } = await parsePreferenceFile(name, text, (id) => known.users.has(id));
    await carryOut(ctx, db, (data) => {
      const gone = [...wanted.keys()].filter((id) => !data.users.has(id));
      if (gone.length > 0) throw new DataError(`${gone.map((u) => JSON.stringify(u)).join(', ')} no longer exist; nothing was changed`);
      return { ...planSet(data, wanted), reach: { users: sortedIds(wanted.keys()), what: `Import preferences from ${name}` } };
    }, options);
  });
}

/** `prefs export`: explicit values only, so that importing the export changes nothing. */
export function runPrefsExport(ctx: CliContext, options: { format: 'csv' | 'json' }): Promise<void> {
  return withDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    const users = sortedIds(data.users.keys());
    if (options.format === 'json') {
      const list = users.map((id) => ({ user: id, ...Object.fromEntries(PREFERENCE_KEYS.filter((k) => data.users.get(id)!.preferences.has(k)).map((k) => [k, data.users.get(id)!.preferences.get(k)])) }));
      await writeStdout(JSON.stringify(list, null, 2) + '\n');
      return;
    }
    const { csvRows } = await import('../../io/csv.js');
    await writeStdout(csvRows([['user', ...PREFERENCE_KEYS], ...users.map((id) => [id, ...PREFERENCE_KEYS.map((k) => data.users.get(id)!.preferences.get(k) ?? '')])]));
  });
}

