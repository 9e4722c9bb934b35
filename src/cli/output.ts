/**
 * Writing results. Results go to stdout only once the whole input has proved valid, so
 * a bad line in a log prints no partial result. Large results spill to a temporary file
 * instead of growing memory.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { closeSync, createReadStream, fstatSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export function colors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 2 : 0 });
}

const SPILL_BYTES = 32 * 1024 * 1024;
const BLOCK_BYTES = 1024 * 1024;

/**
 * Whether standard output can take results before the input has proved valid: an empty
 * regular file (cut back to empty if the input turns out bad) or /dev/null (which keeps
 * nothing). A pipe or a terminal cannot take anything back.
 */
function stdoutCanBeUndone(): boolean {
  try {
    const out = fstatSync(1);
    if (out.isFile()) return out.size === 0;
    if (out.isCharacterDevice()) {
      const devNull = statSync('/dev/null');
      return out.rdev === devNull.rdev && out.ino === devNull.ino;
    }
  } catch {
    // No usable stdout: hold the results as usual.
  }
  return false;
}

/**
 * Text is encoded into one reusable block; full blocks are kept in memory up to
 * SPILL_BYTES, then go to a private temporary file — or, when standard output can be
 * undone (see stdoutCanBeUndone), straight to it.
 */
export class DeferredOutput {
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private spill: { dir: string; path: string; fd: number } | null = null;
  /** Writing to stdout directly; discard() empties it again. */
  private direct = stdoutCanBeUndone();

  write(text: string): void {
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
    if (this.used === 0) return;
    const filled = this.block.subarray(0, this.used);
    // Once spilling, the block goes straight to the file and is reused: no copy.
    if (this.direct) writeAll(1, filled);
    else if (this.spill !== null) writeAll(this.spill.fd, filled);
    else this.keep(Buffer.from(filled));
    this.used = 0;
  }

  private keep(bytes: Buffer): void {
    if (this.direct) {
      writeAll(1, bytes);
      return;
    }
    if (this.spill === null && this.keptBytes + bytes.length <= SPILL_BYTES) {
      this.kept.push(bytes);
      this.keptBytes += bytes.length;
      return;
    }
    if (this.spill === null) {
      const dir = mkdtempSync(join(tmpdir(), 'notifyctl-'));
      const path = join(dir, 'output');
      this.spill = { dir, path, fd: openSync(path, 'w', 0o600) };
      for (const b of this.kept) writeAll(this.spill.fd, b);
      this.kept = [];
      this.keptBytes = 0;
    }
    writeAll(this.spill.fd, bytes);
  }

  /** The input was good: write everything to stdout. */
  async commit(): Promise<void> {
    this.flushBlock();
    if (this.spill === null) {
      for (const b of this.kept) await writeStdout(b);
      this.kept = [];
      return;
    }
    closeSync(this.spill.fd);
    try {
      await pipeline(createReadStream(this.spill.path), process.stdout, { end: false });
    } finally {
      this.discard();
    }
  }

  /** The input was bad: nothing is written. */
  discard(): void {
    this.kept = [];
    this.used = 0;
    if (this.direct) {
      this.direct = false;
      try {
        ftruncateSync(1, 0);
      } catch {
        // /dev/null: nothing was kept
      }
    }
    if (this.spill !== null) {
      try {
        closeSync(this.spill.fd);
      } catch {
        // already closed by commit()
      }
      rmSync(this.spill.dir, { recursive: true, force: true });
      this.spill = null;
    }
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
}

export function writeStdout(text: string | Buffer): Promise<void> {
  if (text.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** A progress line on stderr, only when stderr is a terminal. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  constructor(
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
    process.stderr.write(`\r${this.label}${pct} (${(done / 1048576).toFixed(1)} MiB read)\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
