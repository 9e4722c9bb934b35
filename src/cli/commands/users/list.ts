/** `users list`: the users, optionally of one role. */
import { Command, Option } from '@commander-js/extra-typings';
import { roleKey } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption } from '../../shell/options.js';
import { writeEntityList, type ListFormat } from '../../render/entity-list.js';
import { readWorkspace } from '../../shell/session.js';
import { byId } from '../../write/workspace-edit.js';
import { outputOf } from '../../output/iostreams.js';

export interface UsersListOptions {
  role?: string;
  format: ListFormat;
}

export default function usersListCommand(f: Factory) {
  const command = new Command('list')
    .description('list users')
    .addOption(new Option('--role <role>', 'only users with this role'))
    .addOption(listFormatOption())
    .action((o, cmd) => usersListRun(f.context(cmd), o));
  examples(command, ['notifyctl users list', 'notifyctl users list --role support --format csv']);
  return command;
}

export async function usersListRun(ctx: CliContext, options: UsersListOptions): Promise<void> {
  const users = byId((await readWorkspace(ctx)).users).filter((u) => options.role === undefined || (u.role !== undefined && roleKey(u.role) === roleKey(options.role)));
  await writeEntityList(options.format,
      users,
      [
        ['id', (u) => u.id],
        ['name', (u) => u.name ?? null, 'wrap'],
        ['email', (u) => u.email ?? null],
        ['role', (u) => u.role ?? null],
        ['active', (u) => u.active],
      ], outputOf(ctx.io, ctx.zone));
}
