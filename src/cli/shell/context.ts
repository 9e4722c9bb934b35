/**
 * What every command is given (gh's Factory): the output object, and the global options
 * and environment resolved once the command line is parsed.
 */
import type { Command } from '@commander-js/extra-typings';
import { userInfo } from 'node:os';
import { UsageError } from '../../domain/errors.js';
import { UTC, resolveZone } from '../../domain/zone.js';
import { globalOptions } from './global-options.js';
import type { IOStreams } from '../output/iostreams.js';
import type { Db } from '../../store/database.js';

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
  /**
   * A database already open in one read transaction, for a command that runs others and
   * must read one workspace for all of them (report): reads use it, and leave it open.
   */
  held?: Db;
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

/** The global options that say how to run, not what to change: left out of the audit trail (SPEC 10.4). */
const GLOBAL_WITH_VALUE = new Set(['--db', '--actor', '--tz']);
const GLOBAL_FLAGS = new Set(['--no-color', '--no-pager']);

/** One word for a POSIX shell: as it is when it is safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command as typed, for the audit trail: shell-quoted so that it can be pasted back,
 * without the global options, whose values (a path, a name, a zone) say nothing about
 * the change. Words after "--" are all arguments.
 */
export function commandLineOf(command: CommandLike, argv: readonly string[]): string {
  const names = commandPath(command);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!GLOBAL_FLAGS.has(a) && ![...GLOBAL_WITH_VALUE].some((g) => a.startsWith(`${g}=`))) out.push(a);
  }
  return (out.length > 0 ? out : names).map(shellQuote).join(' ');
}
