/** `prefs show USER`: a user's effective preferences, each explicit or default. */
import { Command } from '@commander-js/extra-typings';
import { PREFERENCES, toJsonValue } from '../../../domain/preferences.js';
import { preferencesOf, type User } from '../../../domain/workspace.js';
import { loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { editFormatOption, examples } from '../../shell/options.js';
import { renderPreferencesOfUser } from '../../render/preferences.js';
import { resolveUser } from '../../shell/resolve-user.js';
import { readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface PrefsShowOptions {
  user: string;
  format: 'table' | 'json';
}

export default function prefsShowCommand(f: Factory) {
  const command = new Command('show')
    .description("a user's effective preferences, each explicit, from their role, or default")
    .argument('<user>')
    .addOption(editFormatOption())
    .action((user, o, cmd) => prefsShowRun(f.context(cmd), { ...o, user }));
  examples(command, ['notifyctl prefs show alice', 'notifyctl prefs show alice --format json']);
  return command;
}

/** The address emails would go to, or null: without one, `email` on sends nothing (SPEC 10.3). */
const emailAddressOf = (u: User): string | null => (u.email === undefined || u.email === '' ? null : u.email);

export function prefsShowRun(ctx: CliContext, options: PrefsShowOptions): Promise<void> {
  return readDatabase(ctx, (db) => {
    const data = loadUsers(db);
    const user = resolveUser(data.users, options.user);
    const found = data.users.get(user)!;
    const prefs = preferencesOf(data, found);
    const rows = PREFERENCES.map((p) => ({ key: p.key, value: prefs[p.key], source: prefs.source[p.key], description: p.description }));
    if (options.format === 'json') {
      // One JSON dialect (SPEC 9.12): on/off values are booleans, as in documents.
      const preferences = rows.map((r) => ({ ...r, value: toJsonValue(r.key, r.value) }));
      ctx.io.out.write(jsonText({ user, active: found.active, ...(found.role !== undefined && { role: found.role }), emailAddress: emailAddressOf(found), preferences }));
      return;
    }
    renderPreferencesOfUser(user, found.active, emailAddressOf(found) !== null, rows, outputOf(ctx.io, ctx.zone));
  });
}
