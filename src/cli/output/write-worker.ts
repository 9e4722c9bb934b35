/**
 * The writing thread of a BlockWriter (src/cli/block-writer.ts), bundled as
 * dist/write-worker.cjs: it writes the blocks the main thread fills, in order, with the
 * same writeFully() as every other write, and on a failure leaves its sentence for the
 * main thread and stops.
 */
import { workerData } from 'node:worker_threads';
import { DataError } from '../../domain/errors.js';
import { BLOCK_WRITER, type BlockWriterData } from './block-writer.js';
import { writeFully } from './iostreams.js';

function run({ fd, name, data, control, message }: BlockWriterData): void {
  const c = new Int32Array(control);
  // Started too late: the main thread writes the blocks itself.
  if (Atomics.compareExchange(c, BLOCK_WRITER.ALIVE, BLOCK_WRITER.NOT_STARTED, BLOCK_WRITER.RUNNING) !== BLOCK_WRITER.NOT_STARTED) return;
  try {
    writeBlocks(fd, name, data, c, message);
  } finally {
    Atomics.store(c, BLOCK_WRITER.ALIVE, BLOCK_WRITER.DONE);
    Atomics.notify(c, BLOCK_WRITER.ALIVE);
  }
}

function writeBlocks(fd: number, name: string, data: SharedArrayBuffer, c: Int32Array, message: SharedArrayBuffer): void {
  for (let k = 0; ; k++) {
    // Wait for block k; the timeout only makes sure a stop is seen.
    for (let submitted = Atomics.load(c, BLOCK_WRITER.SUBMITTED); submitted <= k; submitted = Atomics.load(c, BLOCK_WRITER.SUBMITTED)) {
      if (Atomics.load(c, BLOCK_WRITER.STOP) === 1) return;
      Atomics.wait(c, BLOCK_WRITER.SUBMITTED, submitted, 100);
    }
    if (Atomics.load(c, BLOCK_WRITER.STOP) === 1) return;
    const slot = k % BLOCK_WRITER.BLOCKS;
    const length = c[BLOCK_WRITER.LENGTHS + slot]!;
    try {
      writeFully(fd, new Uint8Array(data, slot * BLOCK_WRITER.BLOCK_BYTES, length), name);
    } catch (error) {
      const text = error instanceof DataError ? error.message : `cannot write to ${name}: ${(error as Error).message}`;
      const bytes = Buffer.from(text, 'utf8').subarray(0, message.byteLength);
      new Uint8Array(message).set(bytes);
      Atomics.store(c, BLOCK_WRITER.MESSAGE_BYTES, bytes.length);
      Atomics.store(c, BLOCK_WRITER.FAILED, 1);
      Atomics.notify(c, BLOCK_WRITER.WRITTEN);
      return;
    }
    Atomics.store(c, BLOCK_WRITER.WRITTEN, k + 1);
    Atomics.notify(c, BLOCK_WRITER.WRITTEN);
  }
}

run(workerData as BlockWriterData);
