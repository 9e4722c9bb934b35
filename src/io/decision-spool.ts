/**
 * The changed decisions of `plan --all-decisions` past the first 1,000, written to a
 * private temporary file as the replay finds them, and read back in pieces for each
 * output: plan's memory stays flat however many change (SPEC 10.2; 7M changed decisions
 * held in memory were about a gigabyte). The file holds them compactly (a message's id
 * once for its decisions, then a number for the user and the outcome code of each: 9
 * bytes a decision, where the output's text is about 290), and they are made the
 * output's text, encoded into blocks of a megabyte, only as each output is written:
 * writing the text to the file and reading it back cost more than making it.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './temp.js';

const BLOCK = 1 << 20;
/** Characters gathered before they are encoded into a block (a UTF-8 character is at most 3 bytes per UTF-16 unit). */
const GATHER = 1 << 14;
/** A record: a message (then its id's length and UTF-8), or a decision (then the user's number and the outcome code). */
const MESSAGE = 0;
const DECISION = 1;

export class DecisionSpool {
  private readonly dir: string;
  private readonly path: string;
  private fd: number;
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private lastMessage: string | null = null;
  /** Users by number, and their numbers. */
  private readonly users: string[] = [];
  private readonly userNumber = new Map<string, number>();

  /** `format`: a decision's text in the output, given its message, user and outcome code (see engine/comparison.ts changedDecision). */
  constructor(private readonly format: (message: string, user: string, code: number) => string) {
    this.dir = makeTempDir('to hold the changed decisions (--all-decisions)');
    this.path = join(this.dir, 'decisions.bin');
    this.fd = openSync(this.path, 'w', 0o600);
  }

  /** One decision. */
  add = (message: string, user: string, code: number): void => {
    if (message !== this.lastMessage) {
      this.lastMessage = message;
      const bytes = Buffer.from(message, 'utf8');
      this.room(5 + bytes.length);
      this.block[this.used] = MESSAGE;
      this.block.writeUInt32LE(bytes.length, this.used + 1);
      this.used += 5;
      // A longer id than a block (not a log anyone writes) goes to the file alone.
      if (this.used + bytes.length > BLOCK) this.room(BLOCK + 1);
      if (bytes.length > BLOCK) this.writeAll(bytes);
      else this.used += bytes.copy(this.block, this.used);
    }
    let n = this.userNumber.get(user);
    if (n === undefined) {
      n = this.users.length;
      this.users.push(user);
      this.userNumber.set(user, n);
    }
    this.room(9);
    this.block[this.used] = DECISION;
    this.block.writeUInt32LE(n, this.used + 1);
    this.block.writeUInt32LE(code, this.used + 5);
    this.used += 9;
  };

  /** Room for `bytes` more in the block: the block to the file first when needed. */
  private room(bytes: number): void {
    if (this.used + bytes <= BLOCK) return;
    this.writeAll(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
  }

  /**
   * Everything added, in order, as the output's UTF-8 text in pieces of about a
   * megabyte: each decision after its separator (",\n"). A piece may end inside a
   * character (the next completes it), and is valid only until the next is asked for:
   * write it, do not keep it.
   */
  *pieces(): Generator<Uint8Array> {
    this.writeAll(this.block.subarray(0, this.used));
    this.used = 0;
    const fd = openSync(this.path, 'r');
    try {
      let input = Buffer.allocUnsafe(BLOCK);
      const out = Buffer.allocUnsafe(BLOCK);
      let used = 0;
      let text = '';
      let message = '';
      /** Bytes of an unfinished record at the start of `input`. */
      let carried = 0;
      for (;;) {
        // A record longer than what is read at once (a very long message id): read more at once.
        if (carried === input.length) input = Buffer.concat([input, Buffer.allocUnsafe(input.length)]);
        const n = readSync(fd, input, carried, input.length - carried, null);
        const end = carried + n;
        let at = 0;
        for (;;) {
          if (at >= end) break;
          if (input[at] === DECISION) {
            if (at + 9 > end) break;
            text += `,\n${this.format(message, this.users[input.readUInt32LE(at + 1)]!, input.readUInt32LE(at + 5))}`;
            at += 9;
          } else {
            if (at + 5 > end) break;
            const length = input.readUInt32LE(at + 1);
            if (at + 5 + length > end) break;
            message = input.toString('utf8', at + 5, at + 5 + length);
            at += 5 + length;
          }
          if (text.length >= GATHER) {
            if (used + text.length * 3 > BLOCK) {
              yield out.subarray(0, used);
              used = 0;
            }
            if (text.length * 3 > BLOCK) yield Buffer.from(text, 'utf8');
            else used += out.write(text, used);
            text = '';
          }
        }
        carried = end - at;
        input.copy(input, 0, at, end);
        if (n === 0) break;
      }
      if (used + text.length * 3 > BLOCK) {
        yield out.subarray(0, used);
        used = 0;
      }
      if (text.length * 3 > BLOCK) yield Buffer.from(text, 'utf8');
      else used += out.write(text, used);
      if (used > 0) yield out.subarray(0, used);
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
