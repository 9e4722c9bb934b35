/**
 * Running one command line: builds the command tree and turns errors into exit codes, in
 * this one place. 0 success, 1 bad data or a failure, 2 a usage error. Tests call it
 * in-process with an in-memory IOStreams.
 */
import { CommanderError } from 'commander';
import { DataError, Interrupted, ReportedFailure, UsageError } from '../../domain/errors.js';
import { removeAllTempDirs } from '../../io/temp.js';
import { factory } from './context.js';
import { BrokenPipe, OutputFailure, type IOStreams } from '../output/iostreams.js';
import { committedChanges, forgetCommitted } from '../../store/transaction.js';
import { paged, pagerFor } from '../output/pager.js';
import { buildProgram } from './program.js';
import { loadTableLayout, setTerminalWidth } from '../render/table.js';

function fail(io: IOStreams, message: string, details: string[]): void {
  try {
    io.err.write(`error: ${message}\n${details.map((d) => `  ${d}\n`).join('')}`);
  } catch {
    // Standard error is gone too: the exit code is all that is left.
  }
}

/** Runs one command line (the arguments after the program name) and returns its exit code. */
export async function execute(argv: readonly string[], io: IOStreams): Promise<number> {
  // `help prefs set` is `prefs set --help` (commander's help command looks one level down only).
  if (argv[0] === 'help' && argv.length > 1 && !argv[1]!.startsWith('-')) argv = [...argv.slice(1), '--help'];
  const pager = pagerFor(argv, io);
  if (pager === null) return runCommandLine(argv, io);
  const paging = paged(io, pager);
  const code = await runCommandLine(argv, paging.io);
  // Also after an error: what was written before it is shown (the error is on stderr).
  let problem: string | null;
  try {
    problem = await paging.flush();
  } catch {
    // The terminal went away.
    return code;
  }
  if (problem === null) return code;
  // A pager that failed may have shown nothing: never a success that lost the output.
  fail(io, problem, []);
  return code === 0 ? 1 : code;
}

async function runCommandLine(argv: readonly string[], io: IOStreams): Promise<number> {
  forgetCommitted();
  try {
    setTerminalWidth(io.columns());
    if (io.stdoutIsTTY) await loadTableLayout();
    const program = await buildProgram(factory(io, argv), argv);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and --version are successes.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof BrokenPipe) return 0;
    if (error instanceof ReportedFailure) return error.exitCode;
    if (error instanceof OutputFailure && committedChanges().length > 0) {
      // The change is in the database: running the command again would make it twice.
      const change = committedChanges().at(-1)!;
      fail(io, `${error.what} The change was written all the same (change ${change}; "notifyctl audit --change ${change}" shows it): do not run the command again.`, []);
      return 1;
    }
    if (error instanceof UsageError || error instanceof DataError || error instanceof Interrupted) {
      fail(io, error.message, error instanceof DataError ? error.details : []);
      return error.exitCode;
    }
    if (io.env.NOTIFYCTL_DEBUG === '1') fail(io, (error as Error).stack ?? String(error), []);
    else fail(io, `${(error as Error).message ?? String(error)} (set NOTIFYCTL_DEBUG=1 for details)`, []);
    return 1;
  } finally {
    removeAllTempDirs();
  }
}

