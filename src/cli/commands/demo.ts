/** `demo`: simulate on the bundled example helpdesk, in memory, writing no file. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../domain/errors.js';
import { emptyWorkspace } from '../../domain/workspace.js';
import { workspaceFromText } from '../../io/workspace-doc.js';
import { IN_MEMORY, openDatabase } from '../../store/database.js';
import { loadWorkspace, saveWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from '../context.js';
import { simulateWorkspace, type SimulateOptions } from './simulate.js';

/** The examples folder that ships with the package, found from wherever this module runs. */
export function examplesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples', 'workspace.yaml'))) return join(dir, 'examples');
  }
  throw new DataError('the example files that ship with notifyctl are missing (examples/workspace.yaml); reinstall notifyctl');
}

export async function runDemo(ctx: CliContext, options: Omit<SimulateOptions, 'log'>): Promise<void> {
  const dir = examplesDir();
  const workspacePath = join(dir, 'workspace.yaml');
  const logPath = join(dir, 'day.ndjson');
  const parsed = await workspaceFromText(emptyWorkspace(), workspacePath, readFileSync(workspacePath, 'utf8'), 'replace');
  // Through a real (in-memory) database, as `import` then `simulate` would go.
  const db = openDatabase(IN_MEMORY);
  saveWorkspace(db, emptyWorkspace(), parsed, { actor: ctx.actor, command: 'demo', at: new Date() });
  const workspace = loadWorkspace(db);
  db.close();
  if (ctx.stdoutIsTty) {
    process.stdout.write(
      `Example helpdesk: ${workspace.users.size} users, ${workspace.projects.size} projects, ${workspace.items.size} items.\n` +
        `Replaying a day of messages (${logPath}); nothing is written to disk.\n\n`,
    );
  }
  await simulateWorkspace(ctx, workspace, { ...options, log: logPath });
  if (ctx.stdoutIsTty) {
    process.stdout.write(
      `\nTry: notifyctl demo --all   |   notifyctl demo --stats   |   notifyctl import ${workspacePath} && notifyctl why dana m-003 --log ${logPath}\n`,
    );
  }
}
