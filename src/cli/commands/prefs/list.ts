/** `prefs list [SELECTORS]`: effective preferences of the selected users (every user when none). */
import { Command } from '@commander-js/extra-typings';
import { PREFERENCE_KEYS, toJsonValue } from '../../../domain/preferences.js';
import { preferencesOf } from '../../../domain/workspace.js';
import { loadProjectMembers, loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addSelectorOptions, examples, listFormatOption } from '../../shell/options.js';
import { renderPreferenceList } from '../../render/preferences.js';
import { hasSelector, selectUsers, type SelectorOptions } from '../../shell/selectors.js';
import { readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface PrefsListOptions extends SelectorOptions {
  users: string[];
  format: 'table' | 'json' | 'csv';
}

export default function prefsListCommand(f: Factory) {
  const command = addSelectorOptions(new Command('list').description('effective preferences of the selected users (all when none is selected)').argument('[user...]'))
    .addOption(listFormatOption())
    .action((users, o, cmd) => prefsListRun(f.context(cmd), { ...o, users }));
  examples(command, ['notifyctl prefs list', 'notifyctl prefs list --role support --where customerMessages=none', 'notifyctl prefs list --format csv > prefs.csv']);
  return command;
}

export function prefsListRun(ctx: CliContext, options: PrefsListOptions): Promise<void> {
  return readDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    const ids = options.users;
    const users = selectUsers(data, () => loadProjectMembers(db), ids, hasSelector(ids, options) ? options : { allUsers: true }, 'prefs list');
    const rows = users.map((user) => {
      const prefs = preferencesOf(data, data.users.get(user)!);
      return { user, prefs, explicit: PREFERENCE_KEYS.filter((k) => prefs.source[k] === 'explicit'), fromRole: PREFERENCE_KEYS.filter((k) => prefs.source[k] === 'role') };
    });
    if (options.format === 'json') {
      // One JSON dialect (SPEC 9.12): on/off values are booleans, as in documents.
      const list = rows.map((r) => ({ user: r.user, ...Object.fromEntries(PREFERENCE_KEYS.map((k) => [k, toJsonValue(k, r.prefs[k])])), explicit: r.explicit, fromRole: r.fromRole }));
      ctx.io.out.write(jsonText(list));
    } else if (options.format === 'csv') {
      const { csvRows } = await import('../../../io/csv.js');
      ctx.io.out.write(csvRows([['user', ...PREFERENCE_KEYS, 'explicit', 'fromRole'], ...rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => r.prefs[k]), r.explicit.join(';'), r.fromRole.join(';')])]));
    } else {
      renderPreferenceList(rows, outputOf(ctx.io, ctx.zone));
    }
  });
}
