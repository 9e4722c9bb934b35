/**
 * `prefs edit USER`: one question per preference, with its explanation, the current
 * value and its source preselected; then a summary and a confirmation. Ctrl-C saves
 * nothing. The questions are asked through the prompt functions given, so the form can
 * be driven by tests.
 */
import { Command } from '@commander-js/extra-typings';
import { DataError, Interrupted, UsageError } from '../../../domain/errors.js';
import { planReset, planSet, type PreferenceChange, type UsersAndDefaults } from '../../../domain/preference-plan.js';
import { PREFERENCES, PREFERENCE_KEYS, inheritedValue, type EffectivePreferences, type PreferenceKey } from '../../../domain/preferences.js';
import { preferencesOf } from '../../../domain/workspace.js';
import { notUsersError, plural } from '../../../domain/text.js';
import { lastChange, rowsAfterChange } from '../../../store/audit-query.js';
import type { Db } from '../../../store/database.js';
import { readTransaction } from '../../../store/transaction.js';
import { loadUsers } from '../../../store/workspace-store.js';
import { formatHuman } from '../../../domain/zone.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, yesOption } from '../../shell/options.js';
import { writeDatabase } from '../../shell/session.js';

export interface PrefsEditOptions {
  user: string;
  yes?: boolean;
}

export default function prefsEditCommand(f: Factory) {
  const command = new Command('edit')
    .description("an interactive form for one user's preferences (in a terminal)")
    .argument('<user>')
    .addOption(yesOption())
    .action((user, o, cmd) => prefsEditRun(f.context(cmd), { user, ...o }));
  examples(command, ['notifyctl prefs edit alice']);
  return command;
}

/** The value that means "no explicit value: follow the workspace default". */
export const FOLLOW_DEFAULT = '(default)';

export interface FormPrompts {
  select(config: { message: string; choices: { name: string; value: string; description?: string }[]; default?: string }): Promise<string>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

/** The changes that setting `set` and resetting `reset` make to one user. */
function planAnswers(data: UsersAndDefaults, user: string, set: ReadonlyMap<PreferenceKey, string>, reset: readonly PreferenceKey[]): PreferenceChange[] {
  return [...planSet(data, new Map([[user, set]])).changes, ...planReset(data, [user], reset).changes];
}

/** Asks every question and returns the changes chosen (nothing is written). */
export async function askPreferences(data: UsersAndDefaults, user: string, prompts: FormPrompts, say: (text: string) => void): Promise<PreferenceChange[]> {
  const found = data.users.get(user)!;
  const current = preferencesOf(data, found);
  const ofRole = found.role === undefined ? undefined : data.roleDefaults.get(found.role);
  const set = new Map<PreferenceKey, string>();
  const reset: PreferenceKey[] = [];
  for (const spec of PREFERENCES) {
    const explicit = current.source[spec.key] === 'explicit';
    const inherited = inheritedValue(spec.key, data.defaults, ofRole);
    const from = ofRole?.has(spec.key) === true ? `the default of role ${found.role}` : 'the workspace default';
    const answer = await prompts.select({
      message: `${spec.label} — now ${current[spec.key]} (${current.source[spec.key]})`,
      choices: [
        ...spec.values.map((value) => ({ name: value, value, description: spec.description })),
        { name: `follow ${from} (${inherited})`, value: FOLLOW_DEFAULT, description: 'No explicit value: a later change of the default applies to this user too.' },
      ],
      default: explicit ? current[spec.key] : FOLLOW_DEFAULT,
    });
    if (answer === FOLLOW_DEFAULT) {
      if (explicit) reset.push(spec.key);
    } else if (!explicit || answer !== current[spec.key]) {
      set.set(spec.key, answer);
    }
  }
  const changes = planAnswers(data, user, set, reset);
  if (changes.length === 0) return [];
  say(`\nChanges for ${user}:\n${changes.map((c) => `  ${c.key}: ${c.old} (${c.sources?.[0]}) → ${c.new} (${c.sources?.[1]})`).join('\n')}\n`);
  if (current.showFromCustomers === 'off' || set.get('showFromCustomers') === 'off') {
    say('Note: "From customers" only hides a section of the messenger; it changes no notification.\n');
  }
  return (await prompts.confirm({ message: `Save ${plural(changes.length, 'change')}?`, default: true })) ? changes : [];
}

export async function prefsEditRun(ctx: CliContext, options: PrefsEditOptions): Promise<void> {
  const user = options.user;
  if (!ctx.io.canPrompt()) {
    throw new UsageError(`prefs edit is an interactive form and needs a terminal; in scripts use: notifyctl prefs set ${user} --customer-messages all (or any other preference flag)`);
  }
  const { data, since } = await writeDatabase(ctx, (db) => readTransaction(db, () => ({ data: loadUsers(db), since: lastChange(db) })));
  if (!data.users.has(user)) throw notUsersError([user], false);
  const { select, confirm } = await import('@inquirer/prompts');
  let changes: PreferenceChange[];
  try {
    // --yes: the form, but no "Save?" at the end.
    changes = await askPreferences(data, user, { select, confirm: options.yes === true ? async () => true : confirm }, (text) => ctx.io.out.write(text));
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new Interrupted('cancelled; nothing was saved');
    throw error;
  }
  if (changes.length === 0) {
    ctx.io.err.write('Nothing saved.\n');
    return;
  }
  const found = preferencesOf(data, data.users.get(user)!);
  const set = new Map(changes.filter((c) => c.change.new !== null).map((c) => [c.key, c.new]));
  const reset = changes.filter((c) => c.change.new === null).map((c) => c.key);
  // The answers were confirmed in the form; the write flow checks, inside the write, that
  // the preferences are still as the form found them.
  await preferenceWrite(ctx, { yes: true }, (fresh, db) => {
    const now = fresh.users.get(user);
    if (now === undefined) throw new DataError(`${JSON.stringify(user)} was removed while the form was open; nothing was saved`);
    const moved = PREFERENCE_KEYS.filter((key) => preferencesOf(fresh, now)[key] !== found[key] || preferencesOf(fresh, now).source[key] !== found.source[key]);
    if (moved.length > 0) throw changedWhileOpen(db, user, now.role, moved, found, preferencesOf(fresh, now), since, ctx.zone);
    return { changes: [...planSet(fresh, new Map([[user, set]])).changes, ...planReset(fresh, [user], reset).changes], unchanged: [], reach: { users: [user], what: 'Save the form' } };
  });
}

/** The refusal when someone else changed the user's preferences while the form was open: each value and the change that moved it. */
function changedWhileOpen(db: Db, user: string, role: string | undefined, keys: readonly PreferenceKey[], was: EffectivePreferences, now: EffectivePreferences, since: number, zone: string): DataError {
  const later = rowsAfterChange(db, since);
  return new DataError(
    `the preferences of ${user} changed while the form was open; nothing was saved. Run "notifyctl prefs edit ${user}" again to start from the new values:`,
    keys.map((key) => {
      // The latest later change to this value: the user's own, their role's default, or the workspace default.
      const by = [...later].reverse().find((r) => r.key === key && ((r.entity === 'preference' && r.user === user) || (r.entity === 'role_default' && r.target === role) || r.entity === 'default')) ??
        [...later].reverse().find((r) => r.entity === 'user' && r.user === user && r.key === 'role');
      const who = by === undefined ? '' : ` by change ${by.change} (${formatHuman(Date.parse(by.at), zone)}, ${by.actor}: ${by.command})`;
      return `${key}: ${was[key]} (${was.source[key]}) when the form opened, now ${now[key]} (${now.source[key]})${who}`;
    }),
  );
}
