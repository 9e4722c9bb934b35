/**
 * One rule for a flag that a command and a command under it both know: the flags after a
 * command's name are that command's (commander's positional options, in the whole tree).
 * So `audit --format csv` is audit's --format and `audit changes --format json` is
 * audit changes' own.
 *
 * The global options (--db, --actor, --no-color, --no-pager, --tz, -V) are the program's
 * and, as hidden copies, every command's, so they may come anywhere: before the command,
 * between a group and its subcommand, after the command or after its arguments. Given
 * twice, the one given last (the deepest command's) wins.
 *
 * A parent's own option given before its subcommand (`audit --user bob changes`) is a
 * usage error saying where it goes, instead of being quietly ignored.
 */
import type { Help, Option } from '@commander-js/extra-typings';
import type { CommandLike } from './context.js';

/** The values of the global options for a command, from wherever they were given. */
export interface GlobalOptions {
  db?: string;
  actor?: string;
  color?: boolean;
  tz?: string;
}

const rootOf = (command: CommandLike): CommandLike => (command.parent === null ? command : rootOf(command.parent as CommandLike));
const hidden = (o: Option): Option => Object.assign(Object.create(Object.getPrototypeOf(o) as object) as Option, o, { hidden: true });

/**
 * Gives every command the program's options, hidden, and positional options: each as the
 * command line reaches it (a preSubcommand hook), since defining six options on every
 * command of the tree cost about 0.1 ms a command at each start.
 */
export function shareGlobalOptions(program: CommandLike): void {
  program.enablePositionalOptions();
  const globals = program.options as readonly Option[];
  const version = program.version();
  const shared = new WeakSet<CommandLike>();
  const share = (_parent: CommandLike, sub: CommandLike): void => {
    if (shared.has(sub)) return;
    shared.add(sub);
    sub.enablePositionalOptions();
    for (const option of globals) {
      if (option.attributeName() === 'version' && version !== undefined) {
        sub.version(version, option.flags, option.description);
        (sub.options as Option[]).at(-1)!.hideHelp();
      } else sub.addOption(hidden(option));
    }
    sub.hook('preSubcommand', share);
  };
  program.hook('preSubcommand', share);
  program.hook('preAction', (_program, action) => refuseParentOptions(action as CommandLike, new Set(globals.map((o) => o.attributeName()))));
}

/** The global options of a command: each from the deepest command given it, else the program's default. */
export function globalOptions(command: CommandLike): GlobalOptions {
  const program = rootOf(command);
  const values: Record<string, unknown> = { ...program.opts() };
  const found = new Set<string>();
  for (let c: CommandLike | null = command; c !== null; c = c.parent as CommandLike | null) {
    for (const option of program.options as readonly Option[]) {
      const key = option.attributeName();
      if (!found.has(key) && c.getOptionValueSource(key) === 'cli') {
        values[key] = c.getOptionValue(key);
        found.add(key);
      }
    }
  }
  return values as GlobalOptions;
}

/** Help's "Global Options": the program's, not the own options of the commands in between. */
export function visibleGlobalOptions(this: Help, command: CommandLike): Option[] {
  if (!this.showGlobalOptions || command.parent === null) return [];
  return (rootOf(command).options as Option[]).filter((o) => !o.hidden);
}

function refuseParentOptions(action: CommandLike, globals: ReadonlySet<string>): void {
  const path = (c: CommandLike): string => (c.parent === null ? '' : `${path(c.parent as CommandLike)} ${c.name()}`.trim());
  for (let parent = action.parent as CommandLike | null; parent?.parent != null; parent = parent.parent as CommandLike | null) {
    for (const option of parent.options as readonly Option[]) {
      const key = option.attributeName();
      if (globals.has(key) || parent.getOptionValueSource(key) !== 'cli') continue;
      const flag = option.long ?? option.flags;
      const own = (action.options as readonly Option[]).some((o) => o.long === option.long);
      action.error(
        own
          ? `error: option '${flag}' of '${path(action)}' goes after '${action.name()}'`
          : `error: option '${flag}' is an option of '${path(parent)}', not of '${path(action)}'`,
        { code: 'commander.unknownOption', exitCode: 2 },
      );
    }
  }
}
