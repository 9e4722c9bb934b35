/** `init`: creates the database file (safe to run again). */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../shell/context.js';
import { examples, yesOption } from '../shell/options.js';
import { writeDatabase } from '../shell/session.js';

export default function initCommand(f: Factory) {
  const command = new Command('init')
    .description('create the database file (safe to run again)')
    // Every writing command accepts --yes, so that scripts can always pass it; init never asks.
    .addOption(yesOption())
    .action(async (_o, cmd) => initRun(f.context(cmd)));
  examples(command, ['notifyctl init', 'notifyctl --db /srv/helpdesk/team.db init']);
  return command;
}

export async function initRun(ctx: CliContext): Promise<void> {
  const version = await writeDatabase(ctx, (db) => db.pragma('user_version', { simple: true }));
  ctx.io.out.write(`Database ready: ${ctx.dbPath} (schema version ${version}).\n`);
}
