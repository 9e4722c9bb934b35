/**
 * Writing results. Results go to stdout only once the whole input has proved valid, so
 * a bad line in a log prints no partial result. Large results spill to a temporary file
 * instead of growing memory.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export function colors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 2 : 0 });
}

const SPILL_BYTES = 32 * 1024 * 1024;
const FLUSH_CHARS = 1024 * 1024;

export class DeferredOutput {
  private chunks: string[] = [];
  private chars = 0;
  private spill: { dir: string; path: string; fd: number } | null = null;

  write(text: string): void {
    this.chunks.push(text);
    this.chars += text.length;
    if (this.chars >= FLUSH_CHARS && (this.spill !== null || this.chars * 2 >= SPILL_BYTES)) this.spillChunks();
  }

  private spillChunks(): void {
    if (this.spill === null) {
      const dir = mkdtempSync(join(tmpdir(), 'notifyctl-'));
      const path = join(dir, 'output');
      this.spill = { dir, path, fd: openSync(path, 'w', 0o600) };
    }
    writeSync(this.spill.fd, this.chunks.join(''));
    this.chunks = [];
    this.chars = 0;
  }

  /** The input was good: write everything to stdout. */
  async commit(): Promise<void> {
    if (this.spill === null) {
      await writeStdout(this.chunks.join(''));
      this.chunks = [];
      return;
    }
    this.spillChunks();
    closeSync(this.spill.fd);
    try {
      await pipeline(createReadStream(this.spill.path), process.stdout, { end: false });
    } finally {
      this.discard();
    }
  }

  /** The input was bad: nothing is written. */
  discard(): void {
    this.chunks = [];
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

export function writeStdout(text: string): Promise<void> {
  if (text === '') return Promise.resolve();
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
