/**
 * Errors are values with a message for people. They are thrown from deep code and
 * turned into exit codes in one place (src/cli/main.ts).
 */

/** Bad invocation: unknown command or flag, bad flag value. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad data or a failed operation: a file, a log line, a database. Exit code 1. */
export class DataError extends Error {
  readonly exitCode = 1;
  /** Further problems, one sentence each, listed after the message. */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'DataError';
    this.details = details;
  }
}

/** Ctrl-C at a question or in a form (a key, not a signal): nothing was changed. Exit code 130, as for SIGINT. */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

/**
 * A problem with one line of a log. The engine and readers know the line; the caller
 * that knows the file name turns it into `FILE:LINE: what is wrong`.
 */
export class LogLineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'LogLineError';
  }
}

/**
 * A failure already reported on stdout (failed scenarios): exit 1 with nothing more said.
 * Or, for plan --detailed-exitcode, another code a pipeline reads (3 changes, 4 a gate).
 */
export class ReportedFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ReportedFailure';
  }
}
