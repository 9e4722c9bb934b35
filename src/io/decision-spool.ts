/**
 * The changed decisions of `plan --all-decisions` past the first 1,000, written to a
 * private temporary file as the replay finds them, already as the output's text, and
 * read back in pieces for each output: plan's memory stays flat however many change
 * (SPEC 10.2; 7M changed decisions held in memory were about a gigabyte), and nothing is
 * parsed or made an object again (that, and JSON.stringify per decision, were most of
 * --all-decisions' time). The text is gathered in a string of a few thousand characters,
 * encoded into a block of a megabyte, and read back as bytes, which go to the output
 * as they are (decoding and encoding them again was a third of the spool's time).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './temp.js';

const BLOCK = 1 << 20;
/** Characters gathered before they are encoded into the block (a UTF-8 character is at most 3 bytes per UTF-16 unit). */
const GATHER = 1 << 14;

export class DecisionSpool {
  private readonly dir: string;
  private readonly path: string;
  private fd: number;
  private pending = '';
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  /** `format`: a decision's text in the output, given its message, user and outcome code (see engine/comparison.ts changedDecision). */
  constructor(private readonly format: (message: string, user: string, code: number) => string) {
    this.dir = makeTempDir('to hold the changed decisions (--all-decisions)');
    this.path = join(this.dir, 'decisions.json');
    this.fd = openSync(this.path, 'w', 0o600);
  }

  /** One decision, after a separator (",\n"). */
  add = (message: string, user: string, code: number): void => {
    this.pending += `,\n${this.format(message, user, code)}`;
    if (this.pending.length >= GATHER) this.encode();
  };

  /** The gathered text into the block; the block to the file first when it might not fit. */
  private encode(): void {
    const text = this.pending;
    this.pending = '';
    if (this.used + text.length * 3 > BLOCK) this.flush();
    if (text.length * 3 > BLOCK) {
      this.writeAll(Buffer.from(text, 'utf8'));
      return;
    }
    this.used += this.block.write(text, this.used);
  }

  private flush(): void {
    this.writeAll(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
  }

  /**
   * Everything added, in order, as UTF-8 in pieces of about a megabyte: each decision
   * after its separator. A piece may end inside a character (the next completes it), and
   * is valid only until the next is asked for: write it, do not keep it.
   */
  *pieces(): Generator<Uint8Array> {
    this.encode();
    this.flush();
    const fd = openSync(this.path, 'r');
    try {
      const chunk = Buffer.allocUnsafe(BLOCK);
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        yield chunk.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  }

  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
    removeTempDir(this.dir);
  }
}
