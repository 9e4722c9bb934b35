/** `import FILE|-`: merges (or with --replace, replaces) the workspace from a document. */
import { Command } from '@commander-js/extra-typings';
import type { Workspace } from '../../domain/workspace.js';
import { readInput } from '../../io/read-input.js';
import { backupBeforeReplace } from '../../store/backup.js';
import { updateWorkspace } from '../../store/workspace-store.js';
import type { CliContext, Factory } from '../context.js';
import { dryRunOption, editFormatOption, examples } from '../options.js';
import { renderImportResult } from '../render/changes.js';
import { writeDatabase } from '../session.js';

export interface ImportOptions {
  file: string;
  replace?: boolean;
  dryRun?: boolean;
  format: 'table' | 'json';
}

export default function importCommand(f: Factory) {
  const command = new Command('import')
    .description('merge a workspace document (JSON or YAML) into the database; all or nothing')
    .argument('<file>', 'the document, or - for standard input')
    .option('--replace', 'replace the whole workspace instead of merging')
    .addOption(dryRunOption())
    .addOption(editFormatOption())
    .action((file, o, cmd) => importRun(f.context(cmd), { ...o, file }));
  examples(command, ['notifyctl import team.yaml', 'notifyctl import team.yaml --replace --dry-run', 'cat team.json | notifyctl import -']);
  return command;
}

export async function importRun(ctx: CliContext, options: ImportOptions): Promise<void> {
  const { name, text } = readInput(options.file, ctx.io);
  // zod and YAML load only for the commands that read documents.
  const { applyDocument, parseWorkspaceDocument } = await import('../../io/workspace-doc.js');
  const doc = await parseWorkspaceDocument(name, text);
  const mode = options.replace ? 'replace' : 'merge';
  let backup: string | null = null;
  const changes = await writeDatabase(ctx, (db) =>
    updateWorkspace(
      db,
      (ws: Workspace) => Object.assign(ws, applyDocument(ws, doc, mode, name)),
      { actor: ctx.actor, command: ctx.commandLine, at: new Date() },
      options.dryRun === true,
      options.replace ? () => (backup = backupBeforeReplace(db, ctx.dbPath)) : undefined,
    ),
    { dryRun: options.dryRun === true },
  );
  if (backup !== null) ctx.io.err.write(`The workspace as it was before is saved in ${backup}\n`);
  ctx.io.out.write(renderImportResult(changes, { name, dbPath: ctx.dbPath, dryRun: options.dryRun === true, format: options.format, terminal: ctx.io.stdoutIsTTY, color: ctx.io.color }));
}
