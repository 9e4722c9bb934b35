/** `prefs import FILE|-`: explicit values from a CSV or JSON file, all or nothing. */
import { Command } from '@commander-js/extra-typings';
import { DataError, UsageError } from '../../../domain/errors.js';
import { planSet } from '../../../domain/preference-plan.js';
import { quoteIds } from '../../../domain/text.js';
import { sortedIds } from '../../../domain/workspace.js';
import { readInput } from '../../../io/read-input.js';
import { loadUsers } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { addWriteOptions, examples } from '../../shell/options.js';
import { preferenceWrite } from '../../write/preference-write.js';
import type { WriteOptions } from '../../write/flow.js';
import { writeDatabase } from '../../shell/session.js';

export interface PrefsImportOptions extends WriteOptions {
  file: string;
}

export default function prefsImportCommand(f: Factory) {
  const command = addWriteOptions(new Command('import')
    .description('set explicit values from a CSV or JSON file, all or nothing')
    .argument('<file>', 'the file, or - for standard input'))
    .action((file, o, cmd) => prefsImportRun(f.context(cmd), { ...o, file }));
  examples(command, ['notifyctl prefs import prefs.csv --dry-run', 'notifyctl prefs export > prefs.csv && notifyctl prefs import prefs.csv']);
  return command;
}

export async function prefsImportRun(ctx: CliContext, options: PrefsImportOptions): Promise<void> {
  // Standard input can be read once: it cannot be both the file and the log.
  if (options.file === '-' && options.impact === '-') throw new UsageError('prefs import - --impact -: standard input can be read only once; give the file or the log as a path');
  const { name, text } = readInput(options.file, ctx.io);
  const known = await writeDatabase(ctx, loadUsers, { dryRun: options.dryRun === true });
  const { parsePreferenceFile } = await import('../../../io/prefs-file.js');
  const { wanted } = await parsePreferenceFile(name, text, (id) => known.users.has(id));
  return preferenceWrite(ctx, options, (data) => {
    const gone = [...wanted.keys()].filter((id) => !data.users.has(id));
    if (gone.length > 0) throw new DataError(`${quoteIds(gone)} no longer exist; nothing was changed`);
    return { ...planSet(data, wanted), reach: { users: sortedIds(wanted.keys()), what: `Import preferences from ${name}` } };
  });
}
