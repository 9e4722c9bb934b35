/**
 * Writing long output in a second thread. Writing millions of lines into a file costs
 * the main thread the kernel's time as well as its own (11.7M decisions, 3 GB into a
 * file in memory: 5-8 s of system time on this machine), so a long output to a file is
 * handed over in blocks to a thread that writes them (src/cli/write-worker.ts) while the
 * main thread goes on making the next ones. The blocks are shared memory: nothing is
 * copied. For the caller every write stays synchronous in effect: blocks are written in
 * order, submit() waits while every block is still being written, and a failure comes
 * back from the next submit() or from finish() as the same sentence a direct write
 * gives (writeFully). Without the thread's bundle (the sources under test) there is no
 * thread, and the caller writes directly.
 */
import { existsSync, fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../domain/errors.js';
import { writeFully } from './iostreams.js';

/** The shared control words (Int32) and sizes. */
export const BLOCK_WRITER = {
  BLOCKS: 4,
  BLOCK_BYTES: 4 * 1024 * 1024,
  /** Blocks handed over so far, and blocks written. */
  SUBMITTED: 0,
  WRITTEN: 1,
  FAILED: 2,
  STOP: 3,
  /** The thread's state: NOT_STARTED, RUNNING, ABANDONED (it started too late: it writes nothing) or DONE. */
  ALIVE: 4,
  MESSAGE_BYTES: 5,
  /** The length of the block in each slot. */
  LENGTHS: 6,
  NOT_STARTED: 0,
  RUNNING: 1,
  ABANDONED: 2,
  DONE: 3,
} as const;

export interface BlockWriterData {
  fd: number;
  name: string;
  data: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** The failure's sentence, as UTF-8. */
  message: SharedArrayBuffer;
}

/** If the thread has not started by then, the main thread writes the blocks itself. */
const START_TIMEOUT_MS = 10_000;

export class BlockWriter {
  private readonly c: Int32Array;
  private submitted = 0;
  private stopped = false;
  /** The thread never started: the blocks from `written` on are written here. */
  private direct = false;

  private constructor(
    private readonly fd: number,
    private readonly name: string,
    private readonly shared: BlockWriterData,
    private readonly worker: import('node:worker_threads').Worker,
  ) {
    this.c = new Int32Array(shared.control);
  }

  /**
   * A writer for `fd`, or null where there is no thread to write with (see above), or
   * the environment the command was given (the CLI context's, io.env) says
   * NOTIFYCTL_WRITE_THREAD=0. `workerFile`: the thread's bundle, if not the one beside
   * this module (tests).
   */
  static start(fd: number, name: string, env: Readonly<Record<string, string | undefined>>, workerFile = fileURLToPath(new URL('./write-worker.cjs', import.meta.url))): BlockWriter | null {
    // Only a file costs the kernel much to write (not /dev/null).
    if (env.NOTIFYCTL_WRITE_THREAD === '0' || !fstatSync(fd).isFile() || !existsSync(workerFile)) return null;
    // worker_threads loads only here: it costs every command's start-up.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    const shared: BlockWriterData = {
      fd,
      name,
      data: new SharedArrayBuffer(BLOCK_WRITER.BLOCKS * BLOCK_WRITER.BLOCK_BYTES),
      control: new SharedArrayBuffer(4 * (BLOCK_WRITER.LENGTHS + BLOCK_WRITER.BLOCKS)),
      message: new SharedArrayBuffer(2048),
    };
    // It allocates next to nothing: a small young generation, and no limit that could end it mid-write.
    const worker = new Worker(workerFile, { workerData: shared, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // Its failures come back through the shared words; it never keeps the process alive.
    worker.on('error', () => {});
    worker.unref();
    return new BlockWriter(fd, name, shared, worker);
  }

  /** The block to fill next. */
  block(): Buffer {
    return Buffer.from(this.shared.data, (this.submitted % BLOCK_WRITER.BLOCKS) * BLOCK_WRITER.BLOCK_BYTES, BLOCK_WRITER.BLOCK_BYTES);
  }

  /** Hands over the first `length` bytes of block(); returns the next block to fill, once it is free. */
  submit(length: number): Buffer {
    const slot = this.submitted % BLOCK_WRITER.BLOCKS;
    this.c[BLOCK_WRITER.LENGTHS + slot] = length;
    this.submitted++;
    if (this.direct) this.writeHere(this.submitted);
    else {
      Atomics.store(this.c, BLOCK_WRITER.SUBMITTED, this.submitted);
      Atomics.notify(this.c, BLOCK_WRITER.SUBMITTED);
      // The next block's slot is free once the block it held is written.
      this.waitUntilWritten(this.submitted - BLOCK_WRITER.BLOCKS + 1);
    }
    return this.block();
  }

  /** Waits until every block is written, then lets the thread go; throws if one could not be. */
  finish(): void {
    try {
      if (!this.direct) this.waitUntilWritten(this.submitted);
    } finally {
      this.stop();
    }
  }

  /** Lets the thread go once it is done with what it is writing (discard: nothing more is to be written). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.c, BLOCK_WRITER.STOP, 1);
    Atomics.notify(this.c, BLOCK_WRITER.SUBMITTED);
    // The thread stops before its next block; a write under way finishes first, before
    // the caller truncates the file.
    while (Atomics.load(this.c, BLOCK_WRITER.ALIVE) === BLOCK_WRITER.RUNNING) Atomics.wait(this.c, BLOCK_WRITER.ALIVE, BLOCK_WRITER.RUNNING, 100);
    void this.worker.terminate();
  }

  private waitUntilWritten(count: number): void {
    const c = this.c;
    const started = Date.now();
    for (let written = Atomics.load(c, BLOCK_WRITER.WRITTEN); written < count; written = Atomics.load(c, BLOCK_WRITER.WRITTEN)) {
      if (Atomics.load(c, BLOCK_WRITER.FAILED) === 1) this.fail();
      // The thread ended without a failure it could report, or never started (no room
      // for one, say): this thread writes the rest, and every block from now on.
      const ended = Atomics.load(c, BLOCK_WRITER.ALIVE) === BLOCK_WRITER.DONE && Atomics.load(c, BLOCK_WRITER.WRITTEN) < count;
      if (ended || (Date.now() - started > START_TIMEOUT_MS && Atomics.compareExchange(c, BLOCK_WRITER.ALIVE, BLOCK_WRITER.NOT_STARTED, BLOCK_WRITER.ABANDONED) === BLOCK_WRITER.NOT_STARTED)) {
        this.direct = true;
        this.stop();
        this.writeHere(this.submitted);
        return;
      }
      Atomics.wait(c, BLOCK_WRITER.WRITTEN, written, 100);
    }
    if (Atomics.load(c, BLOCK_WRITER.FAILED) === 1) this.fail();
  }

  /** Writes the blocks not yet written, up to `count`, in this thread. */
  private writeHere(count: number): void {
    for (let k = Atomics.load(this.c, BLOCK_WRITER.WRITTEN); k < count; k++) {
      const slot = k % BLOCK_WRITER.BLOCKS;
      writeFully(this.fd, new Uint8Array(this.shared.data, slot * BLOCK_WRITER.BLOCK_BYTES, this.c[BLOCK_WRITER.LENGTHS + slot]!), this.name);
      Atomics.store(this.c, BLOCK_WRITER.WRITTEN, k + 1);
    }
  }

  private fail(): never {
    this.stop();
    const bytes = Atomics.load(this.c, BLOCK_WRITER.MESSAGE_BYTES);
    throw new DataError(Buffer.from(this.shared.message, 0, bytes).toString('utf8'));
  }
}
