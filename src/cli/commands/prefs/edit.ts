/**
 * `prefs edit USER`: one question per preference, with its explanation, the current
 * value and its source preselected; then a summary and a confirmation. Ctrl-C saves
 * nothing. The questions are asked through the prompt functions given, so the form can
 * be driven by tests.
 */
import { Command } from '@commander-js/extra-typings';
import { DataError, UsageError } from '../../../domain/errors.js';
import { planReset, planSet, type PreferenceChange, type UsersAndDefaults } from '../../../domain/preference-plan.js';
import { PREFERENCES, inheritedValue, type PreferenceKey } from '../../../domain/preferences.js';
import { preferencesOf } from '../../../domain/workspace.js';
import { notUsersError, plural } from '../../../domain/text.js';
import { loadUsers, updatePreferences } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../context.js';
import { examples, yesOption } from '../../options.js';
import { writeDatabase } from '../../session.js';

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
  await writeDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    if (!data.users.has(user)) throw notUsersError([user], false);
    const { select, confirm } = await import('@inquirer/prompts');
    let changes: PreferenceChange[];
    try {
      // --yes: the form, but no "Save?" at the end.
      changes = await askPreferences(data, user, { select, confirm: options.yes === true ? async () => true : confirm }, (text) => ctx.io.out.write(text));
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError') throw new DataError('cancelled; nothing was saved');
      throw error;
    }
    if (changes.length === 0) {
      ctx.io.out.write('Nothing saved.\n');
      return;
    }
    // What the form asked for, planned again inside the write transaction: a change made
    // by someone else while the form was open is neither overwritten unseen nor audited
    // with a stale "old" value.
    const set = new Map(changes.filter((c) => c.change.new !== null).map((c) => [c.key, c.new]));
    const reset = changes.filter((c) => c.change.new === null).map((c) => c.key);
    const saved = updatePreferences(
      db,
      (fresh) => {
        if (!fresh.users.has(user)) throw new DataError(`${JSON.stringify(user)} was removed while the form was open; nothing was saved`);
        return { changes: planAnswers(fresh, user, set, reset).map((c) => c.change) };
      },
      { actor: ctx.actor, command: ctx.commandLine },
    ).changes;
    ctx.io.out.write(saved.length === 0 ? 'Nothing saved: the preferences already had these values.\n' : `Saved ${plural(saved.length, 'change')} for ${user}.\n`);
  });
}
