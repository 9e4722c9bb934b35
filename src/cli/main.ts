/**
 * The entry point: builds the command tree and turns errors into exit codes, in this
 * one place. 0 success, 1 bad data or a failure, 2 a usage error.
 */
import { CommanderError } from 'commander';
import { DataError, UsageError } from '../domain/errors.js';
import { buildProgram } from './program.js';

function fail(message: string, details: string[], exitCode: number): void {
  process.stderr.write(`error: ${message}\n${details.map((d) => `  ${d}\n`).join('')}`);
  process.exitCode = exitCode;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A reader that went away (| head) is not an error of ours.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// No top-level await: the bundle is CommonJS, which starts faster than ES modules.
async function main(): Promise<void> {
  try {
    await buildProgram(process.argv.slice(2)).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and --version are successes.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof UsageError || error instanceof DataError) {
      fail(error.message, error instanceof DataError ? error.details : [], error.exitCode);
    } else if (process.env.NOTIFYCTL_DEBUG === '1') {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    } else {
      fail(`${(error as Error).message ?? String(error)} (set NOTIFYCTL_DEBUG=1 for details)`, [], 1);
    }
  }
}

void main();
