/**
 * The one output object every command writes through (gh's IOStreams): standard output
 * and error, whether each is a terminal, colour, whether a question may be asked, and
 * standard input. `systemIO()` is the process's; `memoryIO()` keeps everything in memory,
 * so tests run commands in-process.
 *
 * Writes are synchronous and complete: a short write is continued, a full disk or a
 * closed file is an error naming where the output went (never a silently cut file), and
 * text for a terminal has its control and bidi characters made visible, so ids and names
 * cannot move the cursor, retitle the window or reverse a line.
 */
import { fstatSync, readSync, readlinkSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { DataError } from '../../domain/errors.js';

export interface OutputStream {
  /** Writes all of `data`, or throws: DataError when the destination cannot take it, BrokenPipe when its reader left. */
  write(data: string | Uint8Array): void;
}

export interface IOStreams {
  out: OutputStream;
  err: OutputStream;
  /** Standard output is a terminal: tables and colour for people, else plain tab-separated text. */
  readonly stdoutIsTTY: boolean;
  /** Asked only when needed: looking opens the stream, which costs start-up time. */
  stderrIsTTY(): boolean;
  stdinIsTTY(): boolean;
  /** Colour on stdout: a terminal, no NO_COLOR, no --no-color, not TERM=dumb. */
  color: boolean;
  /** The width of the terminal on stdout, when it is one. */
  columns(): number | undefined;
  /** Questions may be asked: standard input and output are both terminals (gh's CanPrompt). */
  canPrompt(): boolean;
  /** Standard input as a stream, for "-". */
  stdin(): NodeJS.ReadableStream;
  /** Standard input read whole. */
  readStdin(): Buffer;
  /**
   * The file descriptor behind stdout when results may go there before the input has
   * proved valid (an empty regular file or /dev/null; see DeferredOutput), else null.
   */
  undoableStdout(): number | null;
  env: NodeJS.ProcessEnv;
}

/**
 * What every renderer (src/cli/render/) is given, its one signature: the stream its text
 * goes to, whether that is a terminal (tables and colour for people, else tab-separated
 * text), colour, and the zone of the times it shows. outputOf() makes a command's.
 */
export interface Output {
  out: OutputStream;
  terminal: boolean;
  color: boolean;
  zone: string;
}

/** A command's standard output as renderers take it (`zone`: the context's, --tz). */
export function outputOf(io: Pick<IOStreams, 'out' | 'stdoutIsTTY' | 'color'>, zone: string): Output {
  return { out: io.out, terminal: io.stdoutIsTTY, color: io.color, zone };
}

/**
 * Where a reading command's summary line goes ("18 messages, 28 decisions…"): after the
 * results in a terminal (and in its pager), on standard error when the results are piped,
 * so that they stay data. A writing command's summary always goes to standard error
 * (write/flow.ts, SPEC 10.4).
 */
export function summaryStream(io: Pick<IOStreams, 'stdoutIsTTY' | 'out' | 'err'>): OutputStream {
  return io.stdoutIsTTY ? io.out : io.err;
}

/** The reader of standard output went away (`| head`): stop quietly, it is not an error of ours. */
export class BrokenPipe extends Error {
  constructor() {
    super('the reader of standard output went away');
    this.name = 'BrokenPipe';
  }
}

/** Standard output (or a file given for output) could not take what was written. */
export class OutputFailure extends DataError {
  constructor(
    /** "cannot write to /dev/full: the disk is full; the output is incomplete." */
    readonly what: string,
  ) {
    super(`${what} Make room or choose another destination, and run the command again.`);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Where a file descriptor points, for messages: a path, or "a pipe". */
function destinationOf(fd: number, fallback: string): string {
  try {
    const target = readlinkSync(`/proc/self/fd/${fd}`);
    return target.startsWith('/') ? target : fallback;
  } catch {
    return fallback;
  }
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file is too large',
  EIO: 'an input/output error',
  EBADF: 'it is closed',
  EROFS: 'the file system is read-only',
};

/** Writes every byte to `fd`, continuing short writes and waiting out a full non-blocking pipe. */
export function writeFully(fd: number, bytes: Uint8Array, name: string): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (code === 'EPIPE') throw new BrokenPipe();
      const why = WRITE_FAILURES[code] ?? (error as Error).message;
      throw new OutputFailure(`cannot write to ${destinationOf(fd, name)}: ${why}; ${off === 0 && bytes.length > 0 ? 'nothing of this part was written' : 'the output is incomplete'}.`);
    }
  }
}

/* eslint-disable no-control-regex */
/** Control characters (but tab and newline), escape sequences, C1 controls and bidi overrides. */
const UNSAFE = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe for a terminal: every control or bidi character is shown as a visible escape
 * (\x1b, \u202e). Colour sequences (SGR, ESC [ … m) that notifyctl itself writes are kept
 * when `keepColor`.
 */
export function terminalSafe(text: string, keepColor = true): string {
  return text.replace(UNSAFE, (c) => {
    if (c.length > 1) return keepColor ? c : `\\x1b${c.slice(1)}`;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function fdStream(fd: number, name: string, terminal: () => boolean): OutputStream {
  return {
    write(data) {
      if (data.length === 0) return;
      if (typeof data === 'string') data = Buffer.from(terminal() ? terminalSafe(data) : data, 'utf8');
      writeFully(fd, data, name);
    },
  };
}

function isTTY(fd: number): boolean {
  // Not process.stdin.isTTY: that opens the stream, which costs start-up time.
  try {
    // node:tty loads the network stack: asked only for a character device.
    return fstatSync(fd).isCharacterDevice() && (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
  } catch {
    return false;
  }
}

/**
 * Whether standard output can take results before the input has proved valid: an empty
 * regular file (cut back to empty if the input turns out bad) or /dev/null. A pipe or a
 * terminal cannot take anything back, and neither can a file that stderr shares (an error
 * written there would land behind the truncated part, as a run of NUL bytes).
 */
function undoableStdout(): number | null {
  try {
    const out = fstatSync(1);
    if (out.isFile()) {
      const err = fstatSync(2);
      if (err.dev === out.dev && err.ino === out.ino) return null;
      return out.size === 0 ? 1 : null;
    }
    if (out.isCharacterDevice()) {
      const devNull = statSync('/dev/null');
      return out.rdev === devNull.rdev && out.ino === devNull.ino ? 1 : null;
    }
  } catch {
    // No usable stdout: hold the results as usual.
  }
  return null;
}

export function systemIO(env: NodeJS.ProcessEnv = process.env, noColorFlag = false): IOStreams {
  let stdinTTY: boolean | undefined;
  let stderrTTY: boolean | undefined;
  const stdoutIsTTY = isTTY(1);
  const io: IOStreams = {
    out: fdStream(1, 'standard output', () => stdoutIsTTY),
    err: fdStream(2, 'standard error', () => false),
    stdoutIsTTY,
    stderrIsTTY: () => (stderrTTY ??= isTTY(2)),
    stdinIsTTY: () => (stdinTTY ??= isTTY(0)),
    color: stdoutIsTTY && !noColorFlag && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb',
    canPrompt: () => io.stdinIsTTY() && io.stdoutIsTTY,
    // Asking opens stdout as a stream, which a terminal's tables need anyway.
    columns: () => (stdoutIsTTY ? process.stdout.columns : undefined),
    stdin: () => process.stdin,
    readStdin: () => readAllStdin(),
    undoableStdout,
    env,
  };
  return io;
}

function readAllStdin(): Buffer {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

export interface MemoryIO extends IOStreams {
  stdout(): string;
  stderr(): string;
}

/** An in-memory IOStreams for tests: what was written, given input, chosen terminal flags. */
export function memoryIO(options: { input?: string; stdoutTTY?: boolean; stdinTTY?: boolean; color?: boolean; columns?: number; env?: NodeJS.ProcessEnv } = {}): MemoryIO {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdoutTTY = options.stdoutTTY === true;
  const sink = (into: Buffer[], terminal: boolean): OutputStream => ({
    write(data) {
      into.push(typeof data === 'string' ? Buffer.from(terminal ? terminalSafe(data) : data, 'utf8') : Buffer.from(data));
    },
  });
  const input = Buffer.from(options.input ?? '', 'utf8');
  const io: MemoryIO = {
    out: sink(out, stdoutTTY),
    err: sink(err, false),
    stdoutIsTTY: stdoutTTY,
    stderrIsTTY: () => false,
    stdinIsTTY: () => options.stdinTTY === true,
    color: options.color === true,
    canPrompt: () => options.stdinTTY === true && stdoutTTY,
    columns: () => (stdoutTTY ? options.columns : undefined),
    stdin: () => Readable.from([input]),
    readStdin: () => input,
    undoableStdout: () => null,
    env: options.env ?? {},
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
  return io;
}
