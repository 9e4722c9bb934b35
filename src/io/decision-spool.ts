/**
 * The changed decisions of `plan --all-decisions` past the first 1,000, written to a
 * private temporary file as the replay finds them, already as the output's text, and
 * read back in pieces for each output: plan's memory stays flat however many change
 * (SPEC 10.2; 7M changed decisions held in memory were about a gigabyte), and nothing is
 * parsed or made an object again (that, and JSON.stringify per decision, were most of
 * --all-decisions' time).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { makeTempDir, removeTempDir } from './temp.js';

const FLUSH_AT = 1 << 20;

export class DecisionSpool {
  private readonly dir: string;
  private readonly path: string;
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  /** `format`: a decision's text in the output, given its message, user and outcome code (see engine/comparison.ts changedDecision). */
  constructor(private readonly format: (message: string, user: string, code: number) => string) {
    this.dir = makeTempDir('to hold the changed decisions (--all-decisions)');
    this.path = join(this.dir, 'decisions.json');
    this.fd = openSync(this.path, 'w', 0o600);
  }

  /** One decision, after a separator (",\n"). */
  add = (message: string, user: string, code: number): void => {
    const text = `,\n${this.format(message, user, code)}`;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  };

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Everything added, in order, as text in pieces of about a megabyte: each decision after its separator. */
  *pieces(): Generator<string> {
    this.flush();
    const fd = openSync(this.path, 'r');
    try {
      const chunk = Buffer.alloc(1 << 20);
      // A character cut by a chunk's end is completed by the next.
      const decoder = new StringDecoder('utf8');
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        const text = decoder.write(chunk.subarray(0, n));
        if (text !== '') yield text;
      }
      const rest = decoder.end();
      if (rest !== '') yield rest;
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
