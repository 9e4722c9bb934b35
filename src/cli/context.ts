/**
 * What every command is given (gh's Factory): the output object, and the global options
 * and environment resolved once the command line is parsed.
 */
import type { Command } from '@commander-js/extra-typings';
import { userInfo } from 'node:os';
import { UsageError } from '../domain/errors.js';
import { UTC, resolveZone } from '../domain/zone.js';
import { globalOptions } from './global-options.js';
import type { IOStreams } from './iostreams.js';

export interface CliContext {
  io: IOStreams;
  dbPath: string;
  actor: string;
  /** The command line, for the audit trail. */
  commandLine: string;
  /** The command's name, for messages: "users remove". */
  commandName: string;
  /** The zone of times printed for people and of flag values without one (--tz, SPEC 9.7). */
  zone: string;
}

/** Builds each command's context from the parsed command line. */
export interface Factory {
  io: IOStreams;
  /** The arguments after the program name. */
  argv: readonly string[];
  context(command: CommandLike): CliContext;
}

/** Any command of the tree, whatever its typed options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandLike = Command<any, any, any>;

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function factory(io: IOStreams, argv: readonly string[]): Factory {
  return {
    io,
    argv,
    context(command) {
      const opts = globalOptions(command);
      const env = io.env;
      if (opts.color === false) io.color = false;
      if (opts.actor !== undefined && opts.actor.trim() === '') {
        throw new UsageError('--actor needs a name for the audit trail (who makes the change); leave it out to record $NOTIFYCTL_ACTOR or your login name');
      }
      let actor = opts.actor ?? (env.NOTIFYCTL_ACTOR || undefined);
      return {
        io,
        dbPath: opts.db ?? (env.NOTIFYCTL_DB || './notifyctl.db'),
        // The OS user name only when a change is recorded: reading commands never need it.
        get actor() {
          return (actor ??= osUser());
        },
        commandLine: commandLineOf(command, argv),
        commandName: commandPath(command).join(' '),
        zone: resolveZone(opts.tz ?? (env.NOTIFYCTL_TZ || UTC), opts.tz === undefined ? 'NOTIFYCTL_TZ' : '--tz'),
      };
    },
  };
}

/** The names from the program to the command: ["users", "remove"]. */
function commandPath(command: CommandLike): string[] {
  const names: string[] = [];
  for (let c: CommandLike | null = command; c !== null && c.parent !== null; c = c.parent as CommandLike | null) names.unshift(c.name());
  return names;
}

function commandLineOf(command: CommandLike, argv: readonly string[]): string {
  const names = commandPath(command);
  // Record the command and its arguments, without the global --db.
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') i++;
    else if (!a.startsWith('--db=')) out.push(a);
  }
  return out.length > 0 ? out.join(' ') : names.join(' ');
}
