/** `import FILE|-`: merges (or with --replace, replaces) the workspace from a document. */
import { Command } from '@commander-js/extra-typings';
import type { Workspace } from '../../domain/workspace.js';
import { readInput } from '../../io/read-input.js';
import { copyBeforeReplace, saveBeforeReplace } from '../../store/backup.js';
import type { Db } from '../../store/database.js';
import { DataError, ReportedFailure, UsageError } from '../../domain/errors.js';
import type { EditOptions } from '../write/workspace-edit.js';
import { runWrite } from '../write/flow.js';
import type { CliContext, Factory } from '../shell/context.js';
import { addWriteOptions, examples } from '../shell/options.js';
import { summariseChanges } from '../render/changes.js';
import { plural } from '../../domain/text.js';

export interface ImportOptions extends EditOptions {
  file: string;
  replace?: boolean;
  exitCode?: boolean;
  format: 'table' | 'json';
}

export default function importCommand(f: Factory) {
  const command = addWriteOptions(new Command('import')
    .description('merge a workspace document (JSON or YAML) into the database; all or nothing')
    .argument('<file>', 'the document, or - for standard input')
    .option('--replace', 'replace the whole workspace instead of merging')
    .option('--exit-code', 'exit 1 when the import changes (with --dry-run: would change) the workspace, as git diff --exit-code'))
    .action((file, o, cmd) => importRun(f.context(cmd), { ...o, file }));
  examples(command, ['notifyctl import team.yaml', 'notifyctl import team.yaml --replace --dry-run --impact week.ndjson', 'notifyctl import team.yaml --dry-run --exit-code   # exit 1 if the database differs', 'cat team.json | notifyctl import -']);
  return command;
}

export async function importRun(ctx: CliContext, options: ImportOptions): Promise<void> {
  if (options.file === '-' && options.impact === '-') throw new UsageError('import - --impact -: standard input can be read only once; give the document or the log as a path');
  const { name, text } = readInput(options.file, ctx.io);
  // zod and YAML load only for the commands that read documents.
  const { applyDocument, validateDocument } = await import('../../io/workspace-doc.js');
  const { parseDocumentText } = await import('../../io/document-text.js');
  const raw = await parseDocumentText(name, text);
  const mode = options.replace ? 'replace' : 'merge';
  // The database before the replace: held in memory during the transaction, written once it commits.
  let copy: Buffer | null = null;
  let backup: string | null = null;
  const { changes } = await runWrite(ctx, options, {
    name: 'import',
    // References are checked against what the database holds, with every other problem (SPEC 9.5).
    change: (ws: Workspace) => void Object.assign(ws, applyDocument(ws, validateDocument(raw, name, ws, mode), mode, name)),
    destructive: options.replace === true,
    question: (planned) => `Import ${name}${options.replace ? ', replacing the workspace' : ''}: ${summariseChanges(planned)}?`,
    summary: (planned, dryRun) => (dryRun ? `importing ${name} would make ${summariseChanges(planned)}` : `imported ${name} into ${ctx.dbPath}: ${summariseChanges(planned)} (${plural(planned.length, 'audit row')} written)`),
    ...(options.replace && {
      beforeWrite: (db: Db) => void (copy = copyBeforeReplace(db, ctx.dbPath)),
      afterWrite: (change: number) => {
        if (copy === null) return;
        try {
          backup = saveBeforeReplace(copy, ctx.dbPath);
        } catch (error) {
          throw new DataError(`the workspace was replaced (change ${change}), but ${(error as Error).message.replace(/\.$/, '')}; "notifyctl audit undo ${change}" takes the replace back`);
        }
      },
    }),
  });
  if (backup !== null) ctx.io.err.write(`The workspace as it was before is saved in ${backup}\n`);
  // As git diff --exit-code: 1 when there are (or, in a dry run, would be) changes.
  if (options.exitCode === true && changes.length > 0) throw new ReportedFailure(options.dryRun === true ? 'import would change the workspace' : 'import changed the workspace');
}
