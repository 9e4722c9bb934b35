/**
 * `users import FILE|-` (SPEC 9.10): users from CSV or JSON, merged like `import`
 * (fields given overwrite, empty cells leave a value alone); all or nothing.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { roleSpeller, type User } from '../../../domain/workspace.js';
import { readInput } from '../../../io/read-input.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { edit, type EditOptions } from '../../write/workspace-edit.js';

export interface UsersImportOptions extends EditOptions {
  file: string;
  format: 'table' | 'json';
  /** `--map "FROM=TO,…"`: the file's columns renamed. */
  map?: string;
  /** Also deactivate the active users the file does not list. */
  sync?: boolean;
}

export default function usersImportCommand(f: Factory) {
  const command = addWriteOptions(new Command('import')
    .description('add or update users from a CSV or JSON file (id, name, email, role, active, preference keys); all or nothing')
    .argument('<file>', 'the file, or - for standard input')
    .addOption(new Option('--map <pairs>', 'FROM=TO,…: read the file\'s column FROM as TO (e.g. "Employee ID=id,Mail=email")'))
    .addOption(new Option('--sync', 'also deactivate the active users the file does not list (shown and confirmed like any change)')))
    .action((file, o, cmd) => usersImportRun(f.context(cmd), { ...o, file }));
  examples(command, [
    'notifyctl users import hr.csv --dry-run',
    'notifyctl users import hr.csv --impact week.ndjson --dry-run',
    'notifyctl users import hr-export.csv --map "Employee ID=id,Mail=email,Team=role" --sync --dry-run',
    'notifyctl users list --format csv | notifyctl --db other.db users import -',
  ]);
  return command;
}

export async function usersImportRun(ctx: CliContext, options: UsersImportOptions): Promise<void> {
  if (options.file === '-' && options.impact === '-') throw new UsageError('users import - --impact -: standard input can be read only once; give the file or the log as a path');
  const { parseColumnMap, parseUsersFile } = await import('../../../io/users-file.js');
  const map = options.map === undefined ? undefined : parseColumnMap(options.map);
  const { name, text } = readInput(options.file, ctx.io);
  const rows = await parseUsersFile(name, text, map);
  const listed = new Set(rows.map((r) => r.id));
  await edit(ctx, options, (ws) => {
    const spell = roleSpeller(ws);
    // --sync: whoever the file no longer lists has left.
    if (options.sync === true) for (const user of ws.users.values()) if (user.active && !listed.has(user.id)) user.active = false;
    for (const row of rows) {
      const user: User = ws.users.get(row.id) ?? { id: row.id, active: true, preferences: new Map() };
      if (row.name !== undefined) user.name = row.name;
      if (row.email !== undefined) user.email = row.email;
      if (row.role !== undefined) user.role = spell(row.role);
      if (row.active !== undefined) user.active = row.active;
      for (const [key, value] of row.preferences) user.preferences.set(key, value);
      ws.users.set(row.id, user);
    }
  }, {
    question: (changes) => `Import ${rows.length} users from ${name} (${changes.length} changes)?`,
  });
}
