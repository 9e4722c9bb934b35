/**
 * A log opened for replaying (openLog): the one place that decides whether it is read in
 * a worker thread (src/io/log-worker.ts) while this thread replays — a long file, when
 * the worker's bundle is there (it is in dist/, not when the sources run under the tests),
 * and as the environment the command was given says (NOTIFYCTL_LOG_WORKER) — and that
 * owns that thread. Either way the events, their order and every error are the same.
 */
import { statSync } from 'node:fs';
import { DataError } from '../domain/errors.js';
import type { LogEvent } from '../domain/events.js';
import type { Workspace } from '../domain/workspace.js';
import { BatchDecoder } from './event-batch.js';
import { UniqueMessageIds } from './log-events.js';
import { asLogError, readLog, type ReadLogOptions } from './log-reader.js';
import { inputName } from './read-input.js';
import type { LogWorkerData, LogWorkerKnown, LogWorkerMessage } from './log-worker.js';

export interface EventSink {
  /**
   * A view or follow event is valid during the call only (a log read in a thread gives
   * one object for all of them, BatchDecoder): copy what is to be kept. A message may be
   * kept. An event read in a thread carries its conversation's number (LogEvent's
   * `conversationKey`), which the replay uses.
   */
  push(event: LogEvent): void;
  end(): void;
}

/**
 * Thrown by a sink that has seen all it needs (why, past the message's window): reading
 * stops there, and the sinks end as at the end of the log. Lines after it are not read,
 * so neither are their errors.
 */
export class StopReading extends Error {
  constructor() {
    super('enough of the log was read');
    this.name = 'StopReading';
  }
}

/** What a replay of an opened log reads into. */
export interface ReplayLogOptions {
  workspace: Workspace;
  sinks: EventSink[];
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Read only the lines holding one of these (see ReadLogOptions.only); always in this thread. */
  only?: readonly Buffer[];
  /**
   * The users and items a line may name, when not only the workspace's: every one the
   * recorded history held (SPEC 10.1: a log does not stop because someone left).
   */
  known?: { users: ReadonlySet<string>; items: ReadonlySet<string> };
}

export interface OpenLogOptions {
  sort: boolean;
  /** The environment the command was given (the CLI context's, ctx.io.env): NOTIFYCTL_LOG_WORKER=1 reads any file in a thread, =0 none. */
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for "-". */
  stdin?: () => NodeJS.ReadableStream;
  /** The reading thread's bundle; by default the one beside this module (in dist/). */
  workerFile?: URL;
}

/** From this size up a log is read in a worker thread: below it, starting one costs more than it saves. */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Opens a log for replaying (nothing is read yet): whether it is read in a thread is
 * settled here, from the environment given and the file (see workerFor).
 */
export function openLog(path: string, options: OpenLogOptions): LogFile {
  return new LogFile(path, options, workerFor(path, options.env, options.workerFile ?? new URL('./log-worker.cjs', import.meta.url)));
}

/**
 * An opened log: each replay() is one pass over it, driving one or more sinks (replays
 * and collectors). Owns the reading thread of a long log: started by start() (a command
 * starts it before it reads the workspace, so that the thread's start overlaps that) or by
 * the replay; a thread reads the log once, so a later replay starts another. close()
 * stops one that was started and never read.
 */
export class LogFile {
  /** A thread started by start() and not yet read with. */
  private started: LogReader | null = null;

  constructor(
    readonly path: string,
    private readonly options: OpenLogOptions,
    private readonly worker: { file: URL; size: number } | null,
  ) {}

  /** Whether the log is read in a thread (the environment's NOTIFYCTL_LOG_WORKER, the file's size). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  /** Starts the reading thread now, when the log has one (see the class). */
  async start(): Promise<void> {
    if (this.worker !== null && this.started === null) this.started = await newReader(this.worker, this.path, this.options.sort);
  }

  /** Stops a started thread that no replay read with. */
  close(): void {
    this.started?.close();
    this.started = null;
  }

  /** One pass over the log into the sinks, which are ended at its end (or when one stops the reading, StopReading). */
  async replay(options: ReplayLogOptions): Promise<{ lines: number; events: number; messages: number }> {
    const { workspace, sinks } = options;
    let messages = 0;
    const onEvent =
      sinks.length === 1
        ? (event: LogEvent) => {
            if (event.type === 'message') messages++;
            sinks[0]!.push(event);
          }
        : (event: LogEvent) => {
            if (event.type === 'message') messages++;
            for (const sink of sinks) sink.push(event);
          };
    const read: ReadLogOptions = {
      path: this.path,
      sort: this.options.sort,
      known: options.known === undefined ? { isUser: (id) => workspace.users.has(id), isItem: (id) => workspace.items.has(id) } : { isUser: (id) => options.known!.users.has(id), isItem: (id) => options.known!.items.has(id) },
      // readLog's second argument is the parsed line: not the sinks'.
      onEvent: (event) => onEvent(event),
      ...(this.options.stdin && { stdin: this.options.stdin }),
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.only && { only: options.only }),
    };
    // Skipping lines costs less than handing them to a thread.
    let reader: LogReader | null = null;
    if (options.only === undefined && this.worker !== null) {
      reader = this.started ?? (await newReader(this.worker, this.path, this.options.sort));
      this.started = null;
    }
    let result: { lines: number; events: number };
    try {
      result = reader === null ? await readLog(read) : await reader.read(read, onEvent, options.known ?? workspace);
    } catch (error) {
      if (!(error instanceof StopReading)) throw error;
      result = { lines: -1, events: -1 };
    } finally {
      reader?.close();
    }
    for (const sink of sinks) sink.end();
    return { ...result, messages };
  }
}

/**
 * A long replay's heaps grow by a quarter at a time instead of V8's own factor (up to
 * several times the live size, from how fast the program allocates). Replaying allocates
 * fast and keeps little, so V8 let each thread's heap run to several times what was
 * alive: with 25,000 items, the peak went from about 305 to 265 MiB at 2M messages and
 * from 258 to 227 MiB at 1M, and the runs took no longer (BENCHMARKS.md). The flag is read
 * at each collection, so setting it now works; it is the process's, so the reading
 * thread started next has it too.
 */
async function growHeapsSlowly(): Promise<void> {
  // node:v8 loads only here: it would cost every command's start-up.
  (await import('node:v8')).setFlagsFromString('--heap-growing-percent=25');
}

/**
 * The worker's bundle and the log's size, when this log is worth a thread: a file (not
 * standard input) of WORKER_MIN_BYTES or more. NOTIFYCTL_LOG_WORKER=1 in the environment
 * given uses it for any file, =0 never.
 */
function workerFor(path: string, env: OpenLogOptions['env'], file: URL): { file: URL; size: number } | null {
  const setting = env.NOTIFYCTL_LOG_WORKER;
  if (setting === '0' || path === '-') return null;
  let size: number;
  try {
    statSync(file);
    size = statSync(path).size;
  } catch {
    // No worker bundle (the sources under test), or no such log: read it here, which
    // also says what is wrong with the path.
    return null;
  }
  return setting === '1' || size >= WORKER_MIN_BYTES ? { file, size } : null;
}

/**
 * A long log's reading thread, owned by its LogFile. Started before the workspace is read,
 * so that the thread's start (about 50 ms: a new isolate and the worker's bundle)
 * overlaps it; it reads nothing until read() gives it the workspace's ids. Until then it
 * does not keep the process alive, so a command that fails before its replay (a missing
 * database, a bad flag) ends as it would without one.
 */
export class LogReader {
  private readonly worker: import('node:worker_threads').Worker;
  /** Batches sent and not yet replayed (see MAX_IN_FLIGHT). */
  private readonly counter: Int32Array;
  /**
   * The reading thread is the busier one, so this thread checks that message ids are
   * unique as the events arrive, which is in file order for an unsorted log. A sorted
   * log's first repeat in file order is the one to name: the reading thread checks those.
   */
  private readonly readerChecksIds: boolean;
  private readonly totalBytes: number;
  /** What went wrong with the thread before read() listened. */
  private failure: { error: unknown } | null = null;
  private onMessage: ((message: LogWorkerMessage) => void) | null = null;
  private onFailure: ((error: unknown) => void) | null = null;
  private closed = false;

  constructor(
    { file, size }: { file: URL; size: number },
    private readonly path: string,
    sort: boolean,
    Worker: typeof import('node:worker_threads').Worker,
  ) {
    this.totalBytes = size;
    const inFlight = new SharedArrayBuffer(4);
    this.counter = new Int32Array(inFlight);
    this.readerChecksIds = sort;
    const data: LogWorkerData = { path, sort, inFlight, checkMessageIds: this.readerChecksIds };
    // The reader makes short-lived garbage only (decoded text, parsed lines): a young
    // generation of 12 MB instead of V8's default of about 48 keeps it as fast and the
    // process about 25 MB smaller (BENCHMARKS.md).
    this.worker = new Worker(file, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    this.worker.unref();
    this.worker.on('message', (message: LogWorkerMessage) => this.onMessage?.(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the log reader thread stopped early (exit code ${code})`)));
  }

  private fail(error: unknown): void {
    if (this.onFailure !== null) this.onFailure(error);
    else this.failure ??= { error };
  }

  /** Stops the thread: the replay is done or failed, or never came. */
  close(): void {
    this.closed = true;
    this.onFailure = () => {};
    void this.worker.terminate();
  }

  /** Reads the log in the thread, handing each event to `onEvent` here, with the lines checked against the `known` ids (a workspace's, or sets of them). */
  read(options: ReadLogOptions, onEvent: (event: LogEvent) => void, known: { users: { keys(): Iterable<string> }; items: { keys(): Iterable<string> } }): Promise<{ lines: number; events: number }> {
    // A thread reads one log, once: a stopped one would never answer.
    if (this.closed || options.path !== this.path) throw new Error(`the reading thread for ${this.path} cannot read ${options.path}${this.closed ? ' again' : ''}`);
    const name = inputName(options.path);
    const counter = this.counter;
    const decoder = new BatchDecoder();
    // From the hashes the reading thread sends with each id.
    const messageIds = this.readerChecksIds ? undefined : new UniqueMessageIds();
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, result?: { lines: number; events: number }) => {
        if (settled) return;
        settled = true;
        this.close();
        if (result !== undefined) resolve(result);
        else reject(error);
      };
      if (this.failure !== null) return settle(this.failure.error);
      // One message a turn of the event loop: Node hands over every message waiting in one
      // go, and a thread that keeps sending would keep a signal's handler waiting until
      // the whole log was replayed (SPEC 10.4: output stops within a second of Ctrl-C).
      // The thread's end comes after the messages it sent.
      const waiting: (() => void)[] = [];
      const next = () => {
        waiting.shift()!();
        if (waiting.length > 0) setImmediate(next);
      };
      const later = (task: () => void) => {
        waiting.push(task);
        if (waiting.length === 1) setImmediate(next);
      };
      this.onFailure = (error) => later(() => settle(error));
      this.onMessage = (message) => later(() => handle(message));
      const handle = (message: LogWorkerMessage) => {
        if (settled) return;
        if ('batch' in message) {
          try {
            decoder.decode(message.batch, onEvent, messageIds);
          } catch (error) {
            settle(asLogError(name, error));
            return;
          }
          Atomics.sub(counter, 0, 1);
          Atomics.notify(counter, 0);
          options.onProgress?.(message.batch.bytesRead, this.totalBytes);
        } else if ('done' in message) {
          settle(null, message.done);
        } else {
          const { message: text, details, data: isData } = message.error;
          settle(isData ? new DataError(text, details) : new Error(text));
        }
      };
      this.worker.ref();
      this.worker.postMessage({ users: [...known.users.keys()], items: [...known.items.keys()] } satisfies LogWorkerKnown);
    });
  }
}

/** A reading thread for this log, started now. */
async function newReader(worker: { file: URL; size: number }, path: string, sort: boolean): Promise<LogReader> {
  await growHeapsSlowly();
  // worker_threads loads only when a thread is used: it costs every command's start-up.
  return new LogReader(worker, path, sort, (await import('node:worker_threads')).Worker);
}
