/** DeferredOutput: results are held until the input has proved valid, in order, byte for byte. */
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeferredOutput } from '../../src/cli/output/output.js';
import { memoryIO } from '../../src/cli/output/iostreams.js';
import { makeTempDir } from '../../src/io/temp.js';

// Short lines (joined before encoding) between texts of 16 K to 400 K characters (encoded
// at once, sometimes into a nearly full block) and one longer than a block, with
// characters of 1 to 4 bytes in UTF-8.
const pieces = (): string[] => {
  // A block (1 MiB, filled while 3 bytes a character still fit) nearly full: 62 texts of
  // 16 K fill 1,015,808 bytes. Then a short text waits, and a long one comes: the short
  // one no longer fits in the block (36,000 bytes at most), which must be written once.
  const out: string[] = Array.from({ length: 62 }, () => 'a'.repeat(16_384));
  out.push('b'.repeat(12_000), 'c'.repeat(20_000));
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 40_000; i++) {
    out.push(`{"n":${i},"who":"${i % 7 === 0 ? 'Zoë – 名前 😀' : 'u1'}"}\n`);
    if (next() % 500 === 0) out.push((i % 2 === 0 ? 'x' : 'é').repeat(16_384 + (next() % 400_000)));
  }
  out.splice(6_000, 0, 'y'.repeat(3_000_000));
  out.push('the end\n');
  return out;
};

describe('DeferredOutput', () => {
  it('writes every text once, in order, when committed, and nothing before', () => {
    const io = memoryIO();
    const output = new DeferredOutput(io);
    const texts = pieces();
    for (const t of texts) output.write(t);
    expect(io.stdout()).toBe('');
    output.commit();
    expect(io.stdout()).toBe(texts.join(''));
  });

  it('writes nothing when discarded', () => {
    const io = memoryIO();
    const output = new DeferredOutput(io);
    for (const t of pieces()) output.write(t);
    output.discard();
    expect(io.stdout()).toBe('');
  });

  it('writing straight to a file it can take back: the same bytes, or an empty file', () => {
    const dir = makeTempDir('for a test');
    try {
      for (const keep of [true, false]) {
        const path = join(dir, `out-${keep}`);
        const fd = openSync(path, 'w');
        const io = { ...memoryIO(), undoableStdout: () => fd };
        const output = new DeferredOutput(io);
        const texts = pieces();
        for (const t of texts) output.write(t);
        if (keep) output.commit();
        else output.discard();
        closeSync(fd);
        expect(readFileSync(path, 'utf8')).toBe(keep ? texts.join('') : '');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
