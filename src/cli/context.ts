/** What every command needs from the global options and the environment. */
import type { Command } from 'commander';
import { userInfo } from 'node:os';

export interface CliContext {
  dbPath: string;
  actor: string;
  /** Colour on stdout: a terminal, no NO_COLOR, no --no-color, not TERM=dumb. */
  color: boolean;
  /** Standard output is a terminal: tables for people, else plain tab-separated text. */
  stdoutIsTty: boolean;
  stdinIsTty: boolean;
  stderrIsTty: boolean;
  /** The command line, for the audit trail. */
  commandLine: string;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function contextOf(command: Command): CliContext {
  const opts = command.optsWithGlobals() as { db?: string; actor?: string; color?: boolean };
  const env = process.env;
  const stdoutIsTty = process.stdout.isTTY === true;
  const noColor = (env.NO_COLOR ?? '') !== '' || opts.color === false || env.TERM === 'dumb';
  let actor = opts.actor ?? (env.NOTIFYCTL_ACTOR || undefined);
  return {
    dbPath: opts.db ?? (env.NOTIFYCTL_DB || './notifyctl.db'),
    // The OS user name only when a change is recorded: reading commands never need it.
    get actor() {
      return (actor ??= osUser());
    },
    color: stdoutIsTty && !noColor,
    stdoutIsTty,
    // Asked only when needed: looking opens stdin or stderr as a stream, which costs
    // start-up time in every command that never reads or reports progress.
    get stdinIsTty() {
      return process.stdin.isTTY === true;
    },
    get stderrIsTty() {
      return process.stderr.isTTY === true;
    },
    commandLine: commandLineOf(command),
  };
}

function commandLineOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null && c.parent !== null; c = c.parent) names.unshift(c.name());
  const args = process.argv.slice(2);
  // Record the command and its arguments, without the global --db.
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') i++;
    else if (!a.startsWith('--db=')) out.push(a);
  }
  return out.length > 0 ? out.join(' ') : names.join(' ');
}
