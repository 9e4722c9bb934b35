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
  return {
    dbPath: opts.db ?? (env.NOTIFYCTL_DB || './notifyctl.db'),
    actor: opts.actor ?? (env.NOTIFYCTL_ACTOR || osUser()),
    color: stdoutIsTty && !noColor,
    stdoutIsTty,
    stdinIsTty: process.stdin.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
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
