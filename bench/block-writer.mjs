// The floors' way of writing text: encoded into a 1 MiB block, written to the file a
// block at a time (bench/floor-format.mjs, bench/floor-plan-decisions.mjs).
import { writeSync } from 'node:fs';

export function blockWriter(fd) {
  const block = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  return {
    /** Text of at most a third of a block (16 K characters at a time, say). */
    write(text) {
      if (used + text.length * 3 > block.length) {
        writeSync(fd, block, 0, used);
        used = 0;
      }
      used += block.write(text, used);
    },
    end() {
      writeSync(fd, block, 0, used);
    },
  };
}
