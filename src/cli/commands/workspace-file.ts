/** `init`, `import FILE|-` and `export`: the workspace as a document (SPEC section 3). */
import { readInput } from '../../io/read-input.js';
import { applyDocument, parseWorkspaceDocument, toDocument } from '../../io/workspace-doc.js';
import type { Workspace } from '../../domain/workspace.js';
import { backupBeforeReplace } from '../../store/backup.js';
import { openDatabase } from '../../store/database.js';
import { loadWorkspace, updateWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from '../context.js';
import { colors, writeStdout } from '../output.js';
import { changeObject, renderChangeTable, summariseChanges } from '../render/changes.js';

export function runInit(ctx: CliContext): Promise<void> {
  const db = openDatabase(ctx.dbPath);
  const version = db.pragma('user_version', { simple: true });
  db.close();
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
  const db = openDatabase(ctx.dbPath);
  try {
    const mode = options.replace ? 'replace' : 'merge';
    const backup = options.replace && !options.dryRun ? await backupBeforeReplace(db, ctx.dbPath) : null;
    const apply = (ws: Workspace) => {
      const next = applyDocument(ws, doc, mode, name);
      Object.assign(ws, next);
    };
    const changes = updateWorkspace(db, apply, { actor: ctx.actor, command: ctx.commandLine, at: new Date() }, options.dryRun === true);
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
  } finally {
    db.close();
  }
}

export async function runExport(ctx: CliContext, options: { format: 'json' | 'yaml' }): Promise<void> {
  const db = openDatabase(ctx.dbPath);
  let doc: Record<string, unknown>;
  try {
    doc = toDocument(loadWorkspace(db));
  } finally {
    db.close();
  }
  if (options.format === 'yaml') {
    const YAML = await (await import('../../io/yaml.js')).loadYaml();
    await writeStdout(YAML.stringify(doc, { lineWidth: 0 }));
  } else {
    await writeStdout(JSON.stringify(doc, null, 2) + '\n');
  }
}
