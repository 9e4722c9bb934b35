/** `init`, `import FILE|-` and `export`: the workspace as a document (SPEC section 3). */
import { readInput } from '../../io/read-input.js';
import { applyDocument, parseWorkspaceDocument, toDocument } from '../../io/workspace-doc.js';
import type { Workspace } from '../../domain/workspace.js';
import { backupBeforeReplace } from '../../store/backup.js';
import { updateWorkspace } from '../../store/workspace-store.js';
import { readWorkspace, withDatabase } from '../session.js';
import type { CliContext } from '../context.js';
import { colors, writeStdout } from '../output.js';
import { changeObject, renderChangeTable, summariseChanges } from '../render/changes.js';

export async function runInit(ctx: CliContext): Promise<void> {
  const version = await withDatabase(ctx, (db) => db.pragma('user_version', { simple: true }));
  return writeStdout(`Database ready: ${ctx.dbPath} (schema version ${version}).\n`);
}

export interface ImportOptions {
  replace?: boolean;
  dryRun?: boolean;
  format: 'table' | 'json';
}

export async function runImport(ctx: CliContext, file: string, options: ImportOptions): Promise<void> {
  const { name, text } = readInput(file);
  const doc = await parseWorkspaceDocument(name, text);
  const mode = options.replace ? 'replace' : 'merge';
  const { changes, backup } = await withDatabase(ctx, async (db) => ({
    backup: options.replace && !options.dryRun ? await backupBeforeReplace(db, ctx.dbPath) : null,
    changes: updateWorkspace(
      db,
      (ws: Workspace) => Object.assign(ws, applyDocument(ws, doc, mode, name)),
      { actor: ctx.actor, command: ctx.commandLine, at: new Date() },
      options.dryRun === true,
    ),
  }));
  if (backup !== null) process.stderr.write(`The workspace as it was before is saved in ${backup}\n`);
  const summary = summariseChanges(changes);
  if (options.format === 'json') {
    await writeStdout(JSON.stringify({ dryRun: options.dryRun === true, summary, changes: changes.map(changeObject) }, null, 2) + '\n');
    return;
  }
  if (options.dryRun) {
    let out = '';
    const target = { out: (t: string) => (out += t), note: () => {}, terminal: ctx.stdoutIsTty, color: colors(ctx.color), colorEnabled: ctx.color };
    if (changes.length > 0) await renderChangeTable(changes, target);
    await writeStdout(out + `Dry run: importing ${name} would make these changes: ${summary}. Nothing was written.\n`);
    return;
  }
  await writeStdout(
    changes.length === 0
      ? `Imported ${name}: the database already held all of it; nothing changed.\n`
      : `Imported ${name} into ${ctx.dbPath}: ${summary} (${changes.length} audit row${changes.length === 1 ? '' : 's'} written).\n`,
  );
}

export async function runExport(ctx: CliContext, options: { format: 'json' | 'yaml' }): Promise<void> {
  const doc = toDocument(await readWorkspace(ctx));
  if (options.format === 'yaml') {
    const YAML = await (await import('../../io/yaml.js')).loadYaml();
    await writeStdout(YAML.stringify(doc, { lineWidth: 0 }));
  } else {
    await writeStdout(JSON.stringify(doc, null, 2) + '\n');
  }
}
