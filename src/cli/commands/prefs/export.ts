/** `prefs export`: explicit values only, so that importing the export changes nothing. */
import { Command } from '@commander-js/extra-typings';
import { PREFERENCE_KEYS, toJsonValue } from '../../../domain/preferences.js';
import { sortedIds } from '../../../domain/workspace.js';
import { loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, formatOption } from '../../shell/options.js';
import { readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';

export interface PrefsExportOptions {
  format: 'csv' | 'json';
}

export default function prefsExportCommand(f: Factory) {
  const command = new Command('export')
    .description('explicit values of every user, as CSV or JSON')
    .addOption(formatOption(['csv', 'json'], 'csv'))
    .action((o, cmd) => prefsExportRun(f.context(cmd), o));
  examples(command, ['notifyctl prefs export > prefs.csv', 'notifyctl prefs export --format json']);
  return command;
}

export function prefsExportRun(ctx: CliContext, options: PrefsExportOptions): Promise<void> {
  return readDatabase(ctx, async (db) => {
    const data = loadUsers(db);
    const users = sortedIds(data.users.keys());
    const explicit = (id: string) => data.users.get(id)!.preferences;
    if (options.format === 'json') {
      // The document dialect (SPEC 9.12): on/off values as booleans, as prefs import reads them.
      const list = users.map((id) => ({ user: id, ...Object.fromEntries(PREFERENCE_KEYS.filter((k) => explicit(id).has(k)).map((k) => [k, toJsonValue(k, explicit(id).get(k)!)])) }));
      ctx.io.out.write(jsonText(list));
      return;
    }
    const { csvRows } = await import('../../../io/csv.js');
    ctx.io.out.write(csvRows([['user', ...PREFERENCE_KEYS], ...users.map((id) => [id, ...PREFERENCE_KEYS.map((k) => explicit(id).get(k) ?? '')])]));
  });
}
