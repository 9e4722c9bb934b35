/**
 * `__complete KIND` (hidden): the ids a completion script offers, one a line, from the
 * database: users, roles, projects, items or conversations. Prints nothing, and exits 0,
 * when there is no database or it cannot be read: a completion never shows an error.
 */
import { Argument, Command } from '@commander-js/extra-typings';
import { existsSync } from 'node:fs';
import { roleCounts, sortedIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { readWorkspace } from '../../shell/session.js';

const KINDS = ['users', 'roles', 'projects', 'items', 'conversations'] as const;

export default function completeIdsCommand(f: Factory) {
  return new Command('__complete')
    .description('ids for shell completion')
    .addArgument(new Argument('<kind>').choices(KINDS))
    .action((kind, _o, cmd) => completeIdsRun(f.context(cmd), kind));
}

export async function completeIdsRun(ctx: CliContext, kind: (typeof KINDS)[number]): Promise<void> {
  if (!existsSync(ctx.dbPath)) return;
  let ids: string[];
  try {
    const ws = await readWorkspace(ctx);
    ids = kind === 'roles' ? roleCounts(ws.users.values()).map(([role]) => role) : sortedIds(ws[kind].keys());
  } catch {
    return;
  }
  // An id with a space or a control character cannot be offered as one word.
  ctx.io.out.write(ids.filter((id) => !/[\s\u0000-\u001f]/.test(id)).map((id) => `${id}\n`).join(''));
}
