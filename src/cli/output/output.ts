/**
 * Writing results. Results go to stdout only once the whole input has proved valid, so
 * a bad line in a log prints no partial result. Large results spill to a temporary file
 * instead of growing memory.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { closeSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../io/temp.js';
import { BLOCK_WRITER, BlockWriter } from './block-writer.js';
import { endingAtOnce } from '../shell/interrupt.js';
import { writeFully, type IOStreams } from './iostreams.js';

export function colors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 2 : 0 });
}

const SPILL_BYTES = 32 * 1024 * 1024;
/** The blocks of a writing thread are the same size. */
const BLOCK_BYTES = BLOCK_WRITER.BLOCK_BYTES;
const PENDING_CHARS = 16 * 1024;
/** The most a writer may ask room() for at once. */
export const ROOM_BYTES = 64 * 1024;

/**
 * Text is encoded into one reusable block; full blocks are kept in memory up to
 * SPILL_BYTES, then go to a private temporary file — or, when standard output can be
 * undone (IOStreams.undoableStdout), straight to it.
 */
export class DeferredOutput {
  private block: Buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  /** Bytes filled in `block`; a writer that encodes for itself moves it (see room()). */
  used = 0;
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private spill: { dir: string; path: string; fd: number } | null = null;
  /** Writing to stdout directly; discard() empties it again. */
  private direct: number | null;
  /** Direct output past its first block goes through a writing thread (see BlockWriter). */
  private writer: BlockWriter | null = null;
  private directBlocks = 0;

  constructor(private readonly io: IOStreams) {
    this.direct = io.undoableStdout();
  }

  /**
   * Short texts (a decision's line) are joined here first and encoded 16 K characters at
   * a time: encoding costs mostly per call, and ten million lines are ten million calls.
   */
  private pending = '';

  write(text: string): void {
    if (text.length < PENDING_CHARS) {
      this.pending += text;
      if (this.pending.length < PENDING_CHARS) return;
      text = this.pending;
      this.pending = '';
    } else this.flushPending();
    this.encode(text);
  }

  /** Encodes the joined short texts, so what comes next follows them. */
  private flushPending(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.encode(text);
  }

  /**
   * For a writer that encodes its own bytes (NDJSON decisions, the commonest long
   * output): the block, with room for `n` bytes (at most ROOM_BYTES) at `used`, after
   * every text written before. The writer puts its bytes there and moves `used` past
   * them. It saves building a string per line, joining and encoding them.
   */
  room(n: number): Buffer {
    this.flushPending();
    if (this.used + n > BLOCK_BYTES) this.flushBlock();
    return this.block;
  }

  private encode(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > BLOCK_BYTES) {
      this.flushBlock();
      if (text.length * 3 > BLOCK_BYTES) {
        this.keep(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private flushBlock(): void {
    this.flushPending();
    if (this.used === 0) return;
    const filled = this.block.subarray(0, this.used);
    // Once spilling, the block goes straight to the file and is reused: no copy.
    if (this.writer !== null) this.block = this.writer.submit(this.used);
    else if (this.direct !== null) {
      writeFully(this.direct, filled, 'standard output');
      // A long output: the blocks after the first are written by a second thread, while
      // this one makes the next (about 5-8 s of the kernel's time for 3 GB into a file).
      if (++this.directBlocks === 1) {
        this.writer = BlockWriter.start(this.direct, 'standard output', this.io.env);
        if (this.writer !== null) this.block = this.writer.block();
      }
    } else if (this.spill !== null) this.toSpill(filled);
    else this.keep(Buffer.from(filled));
    this.used = 0;
  }

  private toSpill(bytes: Uint8Array): void {
    writeFully(this.spill!.fd, bytes, `the temporary file ${this.spill!.path}`);
  }

  private keep(bytes: Buffer): void {
    if (this.direct !== null) {
      // After every block before it.
      this.writer?.finish();
      this.writer = null;
      writeFully(this.direct, bytes, 'standard output');
      return;
    }
    if (this.spill === null && this.keptBytes + bytes.length <= SPILL_BYTES) {
      this.kept.push(bytes);
      this.keptBytes += bytes.length;
      return;
    }
    if (this.spill === null) {
      const dir = makeTempDir('to hold the results until the log has proved valid');
      const path = join(dir, 'output');
      this.spill = { dir, path, fd: openSync(path, 'w', 0o600) };
      for (const b of this.kept) this.toSpill(b);
      this.kept = [];
      this.keptBytes = 0;
    }
    this.toSpill(bytes);
  }

  /** The input was good: write everything to stdout. */
  commit(): void {
    this.flushBlock();
    if (this.writer !== null) {
      const writer = this.writer;
      this.writer = null;
      writer.finish();
    }
    if (this.spill === null) {
      for (const b of this.kept) this.io.out.write(b);
      this.kept = [];
      return;
    }
    const spill = this.spill;
    this.spill = null;
    closeSync(spill.fd);
    let fd: number;
    try {
      fd = openSync(spill.path, 'r');
    } finally {
      // Open, the file is still read once its folder is gone: nothing is left on disk if
      // the copy is interrupted, so a signal may end it at once (src/cli/interrupt.ts).
      removeTempDir(spill.dir);
    }
    try {
      endingAtOnce(() => {
        for (let n; (n = readSync(fd, this.block, 0, BLOCK_BYTES, null)) > 0; ) this.io.out.write(this.block.subarray(0, n));
      });
    } finally {
      closeSync(fd);
    }
  }

  /** The input was bad (or writing failed): nothing is written, and the spill file goes. */
  discard(): void {
    this.pending = '';
    this.kept = [];
    this.used = 0;
    // No block is being written when the file is emptied.
    this.writer?.stop();
    this.writer = null;
    if (this.direct !== null) {
      try {
        ftruncateSync(this.direct, 0);
      } catch {
        // /dev/null: nothing was kept
      }
      this.direct = null;
    }
    if (this.spill !== null) {
      try {
        closeSync(this.spill.fd);
      } catch {
        // already closed
      }
      removeTempDir(this.spill.dir);
      this.spill = null;
    }
  }
}

/** A progress line on stderr, only when stderr is a terminal. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: IOStreams,
    private readonly enabled: boolean,
    private readonly label: string,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Quick runs show nothing; long ones update five times a second.
    if (now - this.started < 500 || now - this.last < 200) return;
    this.last = now;
    const pct = total > 0 ? ` ${Math.min(100, Math.floor((done * 100) / total))}%` : '';
    this.io.err.write(`\r${this.label}${pct} (${(done / 1048576).toFixed(1)} MiB read)\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.io.err.write('\r\x1b[K');
    this.shown = false;
  }
}
