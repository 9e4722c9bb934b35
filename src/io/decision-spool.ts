/**
 * The changed decisions of `plan --all-decisions` past the first 1,000, written to a
 * private temporary file as the replay finds them and read back in batches for each
 * output: plan's memory stays flat however many change (SPEC 10.2; 7M changed decisions
 * held in memory were about a gigabyte).
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

  constructor() {
    this.dir = makeTempDir('to hold the changed decisions (--all-decisions)');
    this.path = join(this.dir, 'decisions.ndjson');
    this.fd = openSync(this.path, 'w', 0o600);
  }

  /** One decision: its message, user and outcome code (see engine/comparison.ts changedDecision). */
  add = (message: string, user: string, code: number): void => {
    const line = `[${JSON.stringify(message)},${JSON.stringify(user)},${code}]\n`;
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  };

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Everything added, in order, in batches of about `size`, each turned into what `make` builds. */
  *batches<T>(make: (message: string, user: string, code: number) => T, size = 10_000): Generator<T[]> {
    this.flush();
    const fd = openSync(this.path, 'r');
    try {
      const chunk = Buffer.alloc(1 << 20);
      // A character cut by a chunk's end is completed by the next.
      const decoder = new StringDecoder('utf8');
      let carry = '';
      let batch: T[] = [];
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        const text = carry + decoder.write(chunk.subarray(0, n));
        const lines = text.split('\n');
        carry = lines.pop()!;
        for (const line of lines) {
          const [message, user, code] = JSON.parse(line) as [string, string, number];
          batch.push(make(message, user, code));
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
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
