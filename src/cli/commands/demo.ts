/** `demo`: simulate on the bundled example helpdesk, in memory, writing no file. */
import { Command } from '@commander-js/extra-typings';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../domain/errors.js';
import { emptyWorkspace } from '../../domain/workspace.js';
import { IN_MEMORY, openDatabase } from '../../store/database.js';
import { loadWorkspace, saveWorkspace } from '../../store/workspace-store.js';
import type { CliContext, Factory } from '../shell/context.js';
import { examples } from '../shell/options.js';
import { addDisplayOptions, simulateWorkspace, type DisplayOptions } from './simulate.js';
import { openLog } from '../../io/replay-log.js';

export default function demoCommand(f: Factory) {
  const command = addDisplayOptions(new Command('demo').description('simulate on the example helpdesk that ships with notifyctl, in memory')).action((o, cmd) =>
    demoRun(f.context(cmd), o),
  );
  examples(command, ['notifyctl demo', 'notifyctl demo --all --format csv', 'notifyctl demo --stats']);
  return command;
}

/** The examples folder that ships with the package, found from wherever this module runs. */
export function examplesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples', 'workspace.yaml'))) return join(dir, 'examples');
  }
  throw new DataError('the example files that ship with notifyctl are missing (examples/workspace.yaml); reinstall notifyctl');
}

export async function demoRun(ctx: CliContext, options: DisplayOptions): Promise<void> {
  const dir = examplesDir();
  const workspacePath = join(dir, 'workspace.yaml');
  const logPath = join(dir, 'day.ndjson');
  const { workspaceFromText } = await import('../../io/workspace-doc.js');
  const parsed = await workspaceFromText(emptyWorkspace(), workspacePath, readFileSync(workspacePath, 'utf8'), 'replace');
  // Through a real (in-memory) database, as `import` then `simulate` would go.
  const db = openDatabase(IN_MEMORY);
  saveWorkspace(db, emptyWorkspace(), parsed, { actor: ctx.actor, command: 'demo' });
  const workspace = loadWorkspace(db);
  db.close();
  const io = ctx.io;
  if (io.stdoutIsTTY) {
    io.out.write(
      `Example helpdesk: ${workspace.users.size} users, ${workspace.projects.size} projects, ${workspace.items.size} items.\n` +
        `Replaying a day of messages (${logPath}); nothing is written to disk.\n\n`,
    );
  }
  await simulateWorkspace(ctx, workspace, { ...options, log: logPath }, openLog(logPath, { sort: options.sort === true, env: io.env, stdin: io.stdin }));
  if (io.stdoutIsTTY) {
    io.out.write(
      `\nTry:\n  notifyctl demo --all\n  notifyctl demo --stats\n  notifyctl --db demo.db import ${workspacePath}\n  notifyctl --db demo.db why dana m-003 --log ${logPath}\n  notifyctl --db demo.db timeline c-2 --log ${logPath} --user dana\n` +
        `  notifyctl plan --from ${workspacePath} --to ${join(dir, 'workspace-next.yaml')} --log ${logPath}\n` +
        `    (a proposed change that would leave 2 customer messages unnoticed: a gap)\n`,
    );
  }
}
