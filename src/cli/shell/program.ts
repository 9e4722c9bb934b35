/**
 * The command tree, assembled: the global options, and each command or group from its
 * own module (commands/<name>.ts, commands/<group>/<verb>.ts). It declares no flags of
 * its own commands. A group's subcommands are defined only when the group is named on
 * the command line: a run uses one group at most, and defining every option of every
 * group cost a few milliseconds of each start. Without arguments (shell completion)
 * everything is defined.
 */
import { Command, type Option } from '@commander-js/extra-typings';
import packageJson from '../../../package.json' with { type: 'json' };
import type { CommandLike, Factory } from './context.js';
import { shareGlobalOptions, visibleGlobalOptions } from './global-options.js';
import auditCommand from '../commands/audit/index.js';
import completionCommand from '../commands/completion/completion.js';
import completeIdsCommand from '../commands/completion/complete-ids.js';
import demoCommand from '../commands/demo.js';
import exportCommand from '../commands/export.js';
import gapsCommand from '../commands/gaps.js';
import importCommand from '../commands/import.js';
import initCommand from '../commands/init.js';
import loadCommand from '../commands/load.js';
import planCommand from '../commands/plan.js';
import reportCommand from '../commands/report.js';
import simulateCommand from '../commands/simulate.js';
import testCommand from '../commands/test/test.js';
import timelineCommand from '../commands/timeline.js';
import whyCommand from '../commands/why/why.js';

type GroupLoader = () => Promise<{ default: (f: Factory, group: Command) => void }>;

/** The groups: name, description, and the module that defines their subcommands. */
const GROUPS: [string, string, GroupLoader][] = [
  ['users', 'list, show, add, update, import, activate, deactivate and remove users', () => import('../commands/users/index.js')],
  ['projects', 'list, add and remove projects, and change their members', () => import('../commands/projects/index.js')],
  ['items', 'list, add and remove items (tickets, tasks), and change their followers', () => import('../commands/items/index.js')],
  ['conversations', 'list, add and remove conversations, and change their followers', () => import('../commands/conversations/index.js')],
  ['prefs', 'notification preferences: show, list, set, reset, edit, defaults, import, export', () => import('../commands/prefs/index.js')],
];
const DB_GROUP: [string, string, GroupLoader] = ['db', 'the database file: check it, back it up', () => import('../commands/db/index.js')];

/**
 * Settings a parent gives its subcommands (output, exit override, help after errors).
 * Commander copies them only to subcommands made with .command(), not to those added.
 */
export function inheritSettings(command: CommandLike): void {
  unknownOptionsFirst(command);
  for (const sub of command.commands as CommandLike[]) {
    sub.copyInheritedSettings(command);
    inheritSettings(sub);
  }
}

const REQUIRED = new WeakMap<CommandLike, readonly Option[]>();
/** The options a command requires (checked just before its action, by unknownOptionsFirst). */
export const requiredOptions = (command: CommandLike): readonly Option[] => REQUIRED.get(command) ?? [];

/**
 * Commander reports a missing required option (`--log`) before an unknown one, so
 * `simulate --lgo x` said "--log not specified" instead of naming the typo. Required
 * options are checked after the unknown ones instead, just before the action; help and
 * the inferred option types still say they are required.
 */
function unknownOptionsFirst(command: CommandLike): void {
  const required = (command.options as Option[]).filter((o) => o.mandatory);
  if (required.length === 0) return;
  REQUIRED.set(command, required);
  for (const option of required) option.mandatory = false;
  command.hook('preAction', (_self, action) => {
    if (action !== command) return;
    for (const option of required) {
      if (command.getOptionValue(option.attributeName()) === undefined) {
        command.error(`error: required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue', exitCode: 1 });
      }
    }
  });
}

export async function buildProgram(f: Factory, args?: readonly string[]): Promise<Command> {
  const program = new Command('notifyctl')
    .description("Administer a helpdesk's per-user notification preferences, and replay message logs to see who is alerted or emailed, and why.")
    .version(packageJson.version, '-V, --version')
    .option('--db <path>', 'the database file (default: $NOTIFYCTL_DB, else ./notifyctl.db)')
    .option('--actor <name>', 'who makes the change, for the audit trail (default: $NOTIFYCTL_ACTOR, else your OS user name)')
    .option('--no-color', 'plain output (also when piped, or when NO_COLOR is set)')
    .option('--no-pager', 'do not page long output in a terminal (default pager: $NOTIFYCTL_PAGER, else $PAGER, else less -FRX)')
    .option('--tz <zone>', 'time zone of times shown to people and of times given without one: an IANA name or local (default: $NOTIFYCTL_TZ, else UTC)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => f.io.out.write(text), writeErr: (text) => f.io.err.write(text) })
    .configureHelp({ showGlobalOptions: true, visibleGlobalOptions });

  const group = async ([name, description, load]: [string, string, GroupLoader]): Promise<void> => {
    const command = program.command(name).description(description);
    if (args === undefined || args.includes(name)) (await load()).default(f, command as unknown as Command);
  };

  // The workspace as a document.
  program.addCommand(initCommand(f));
  program.addCommand(importCommand(f));
  program.addCommand(exportCommand(f));
  // Users, projects, items, conversations, preferences.
  for (const g of GROUPS) await group(g);
  program.addCommand(auditCommand(f));
  // Replaying logs.
  program.addCommand(simulateCommand(f));
  program.addCommand(whyCommand(f));
  program.addCommand(timelineCommand(f));
  program.addCommand(gapsCommand(f));
  program.addCommand(loadCommand(f));
  program.addCommand(planCommand(f));
  program.addCommand(reportCommand(f));
  program.addCommand(demoCommand(f));
  await group(DB_GROUP);
  program.addCommand(testCommand(f));
  program.addCommand(completionCommand(f, () => buildProgram(f)));
  program.addCommand(completeIdsCommand(f), { hidden: true });
  inheritSettings(program as CommandLike);
  // A flag is the command's whose name it follows; the global ones are every command's.
  shareGlobalOptions(program as CommandLike);
  return program;
}
