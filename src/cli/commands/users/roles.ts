/** `users roles`: the roles in use, with how many users (and active users) have each. */
import { Command } from '@commander-js/extra-typings';
import { compareIds } from '../../../domain/workspace.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption } from '../../shell/options.js';
import { writeEntityList, type ListFormat } from '../../render/entity-list.js';
import { readWorkspace } from '../../shell/session.js';
import { outputOf } from '../../output/iostreams.js';

export interface UsersRolesOptions {
  format: ListFormat;
}

interface RoleCount {
  role: string | null;
  users: number;
  active: number;
}

export default function usersRolesCommand(f: Factory) {
  const command = new Command('roles')
    .description('the roles in use, with how many users have each')
    .addOption(listFormatOption())
    .action((o, cmd) => usersRolesRun(f.context(cmd), o));
  examples(command, ['notifyctl users roles', 'notifyctl users roles --format json']);
  return command;
}

export async function usersRolesRun(ctx: CliContext, options: UsersRolesOptions): Promise<void> {
  const counts = new Map<string | null, RoleCount>();
  for (const u of (await readWorkspace(ctx)).users.values()) {
    const role = u.role ?? null;
    const c = counts.get(role) ?? { role, users: 0, active: 0 };
    c.users++;
    if (u.active) c.active++;
    counts.set(role, c);
  }
  // Roles by name; users without a role last.
  const rows = [...counts.values()].sort((a, b) => (a.role === null ? 1 : b.role === null ? -1 : compareIds(a.role, b.role)));
  await writeEntityList(options.format, rows, [['role', (r) => r.role], ['users', (r) => r.users], ['active', (r) => r.active]], outputOf(ctx.io, ctx.zone));
}
