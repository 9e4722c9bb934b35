import { describe, expect, it } from 'vitest';
import { DecisionSpool } from '../../src/io/decision-spool.js';

describe('DecisionSpool (plan --all-decisions)', () => {
  it('gives back every decision added, in order, each as format() makes it after ",\\n": across blocks, with ids of any length and characters', () => {
    const format = (message: string, user: string, code: number) => `[${message}|${user}|${code}]`;
    const spool = new DecisionSpool(format);
    let expected = '';
    try {
      const add = (message: string, user: string, code: number) => {
        spool.add(message, user, code);
        expected += `,\n${format(message, user, code)}`;
      };
      // Enough for several blocks of the file and of the output; a message of many decisions.
      for (let i = 0; i < 150_000; i++) add(`m${Math.floor(i / 7)}`, `u${i % 13}`, (i * 37) % 200_000);
      // Ids cut by a block's end, one longer than a block, and characters of 2 to 4 bytes.
      add('é'.repeat(600_000), 'ü\u{1F600}', 5);
      add('m-long-but-fits'.repeat(60_000), 'u"1', 6);
      for (let i = 0; i < 50_000; i++) add(`\u{1F600}${i}`, `u${i % 3}`, i);
      // Compared by where they first differ (a diff of 40 MB would not end).
      const firstDifference = (got: string) => {
        let i = 0;
        while (i < got.length && i < expected.length && got[i] === expected[i]) i++;
        return i === got.length && i === expected.length ? null : { at: i, got: got.slice(i, i + 80), expected: expected.slice(i, i + 80) };
      };
      // Each piece is copied as it comes (the next may reuse its memory); each output reads it all again.
      const read = () => {
        const copies: Buffer[] = [];
        for (const piece of spool.pieces()) copies.push(Buffer.from(piece));
        return Buffer.concat(copies).toString('utf8');
      };
      expect(firstDifference(read())).toBe(null);
      expect(firstDifference(read())).toBe(null);
    } finally {
      spool.close();
    }
  });
});
