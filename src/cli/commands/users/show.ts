/** `users show USER`: a user's details, projects and follows. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { editFormatOption, examples } from '../../shell/options.js';
import { renderUserDetails } from '../../render/details.js';
import { readWorkspace } from '../../shell/session.js';
import { resolveUser } from '../../shell/resolve-user.js';
import { referencesTo } from '../../write/workspace-edit.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface UsersShowOptions {
  user: string;
  format: 'table' | 'json';
}

export default function usersShowCommand(f: Factory) {
  const command = new Command('show')
    .description("a user's details, projects and follows")
    .argument('<user>')
    .addOption(editFormatOption())
    .action((user, o, cmd) => usersShowRun(f.context(cmd), { ...o, user }));
  examples(command, ['notifyctl users show alice', 'notifyctl users show alice --format json']);
  return command;
}

export async function usersShowRun(ctx: CliContext, options: UsersShowOptions): Promise<void> {
  const ws = await readWorkspace(ctx);
  const id = resolveUser(ws.users, options.user);
  const user = ws.users.get(id)!;
  const refs = referencesTo(ws, id);
  const doc = { id, name: user.name ?? null, email: user.email ?? null, role: user.role ?? null, active: user.active, memberOf: refs.projects, followsItems: refs.items, followsConversations: refs.conversations };
  if (options.format === 'json') {
    ctx.io.out.write(jsonText(doc));
    return;
  }
  renderUserDetails(doc, outputOf(ctx.io, ctx.zone));
}
