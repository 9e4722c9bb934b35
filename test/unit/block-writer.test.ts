/** The writing thread of long output (src/cli/block-writer.ts), with the built thread (npm test builds first). */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_WRITER, BlockWriter } from '../../src/cli/output/block-writer.js';
import { DataError } from '../../src/domain/errors.js';

const THREAD = resolve('dist/write-worker.cjs');
const dir = mkdtempSync(join(tmpdir(), 'notifyctl-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('BlockWriter', () => {
  it('writes the blocks in the order they were handed over, through every slot many times', () => {
    const path = join(dir, 'out');
    const fd = openSync(path, 'w');
    const writer = BlockWriter.start(fd, 'standard output', {}, THREAD)!;
    expect(writer).not.toBeNull();
    const expected: Buffer[] = [];
    let block = writer.block();
    for (let k = 0; k < 3 * BLOCK_WRITER.BLOCKS + 1; k++) {
      // Blocks of different lengths and contents; a slot is reused only once written.
      const text = `block ${k}\n`.repeat(1000 + k * 997);
      const length = block.write(text);
      expected.push(Buffer.from(text));
      block = writer.submit(length);
    }
    writer.finish();
    closeSync(fd);
    expect(readFileSync(path).equals(Buffer.concat(expected))).toBe(true);
  });

  it('a failed write comes back from the next hand-over or from finish() as a sentence naming the file', () => {
    const path = join(dir, 'read-only');
    writeFileSync(path, '');
    // Open for reading: every write fails (EBADF).
    const fd = openSync(path, 'r');
    const writer = BlockWriter.start(fd, 'standard output', {}, THREAD)!;
    const attempt = () => {
      for (let k = 0; k < 2 * BLOCK_WRITER.BLOCKS; k++) writer.submit(writer.block().write('x'.repeat(100)));
      writer.finish();
    };
    expect(attempt).toThrow(DataError);
    expect(attempt).toThrow(`cannot write to ${path}: it is closed; nothing of this part was written. Make room or choose another destination, and run the command again.`);
    closeSync(fd);
  });

  it('is not used for /dev/null, nor without its thread', () => {
    const fd = openSync('/dev/null', 'w');
    expect(BlockWriter.start(fd, 'standard output', {}, THREAD)).toBeNull();
    closeSync(fd);
    const file = openSync(join(dir, 'out'), 'w');
    expect(BlockWriter.start(file, 'standard output', {}, join(dir, 'no-such-thread.cjs'))).toBeNull();
    closeSync(file);
  });

  it('is turned off by NOTIFYCTL_WRITE_THREAD=0 in the environment the command was given, not by the process\'s', () => {
    const file = openSync(join(dir, 'out'), 'w');
    const saved = process.env.NOTIFYCTL_WRITE_THREAD;
    try {
      process.env.NOTIFYCTL_WRITE_THREAD = '0';
      const writer = BlockWriter.start(file, 'standard output', {}, THREAD);
      expect(writer).not.toBeNull();
      writer!.finish();
      delete process.env.NOTIFYCTL_WRITE_THREAD;
      expect(BlockWriter.start(file, 'standard output', { NOTIFYCTL_WRITE_THREAD: '0' }, THREAD)).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.NOTIFYCTL_WRITE_THREAD;
      else process.env.NOTIFYCTL_WRITE_THREAD = saved;
      closeSync(file);
    }
  });
});
