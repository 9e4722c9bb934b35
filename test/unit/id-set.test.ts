import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageIdSet } from '../../src/io/id-set.js';

describe('MessageIdSet', () => {
  it('says whether an id was seen before, across growth', () => {
    const ids = new MessageIdSet();
    let refused = 0;
    // Not in order ("m-10" < "m-9"): the tables, from the tenth id on.
    for (let i = 0; i < 200_000; i++) if (!ids.add(`m-${i}`)) refused++;
    expect(refused).toBe(0);
    expect(ids.add('m-0')).toBe(false);
    expect(ids.add('m-199999')).toBe(false);
    expect(ids.add('m-200000')).toBe(true);
    expect(ids.add('')).toBe(true);
    expect(ids.add('')).toBe(false);
  });

  it('finds a repeat of any earlier id once ids that only increased stop increasing, across chunks', () => {
    // 150,000 increasing ids are three chunks of hashes; the tables are built from all of
    // them when an id first does not increase.
    const id = (i: number) => `m${String(i).padStart(7, '0')}`;
    for (const repeat of [0, 65_535, 65_536, 131_072, 149_999]) {
      const ids = new MessageIdSet();
      let refused = 0;
      for (let i = 0; i < 150_000; i++) if (!ids.add(id(i))) refused++;
      expect(refused).toBe(0);
      expect(ids.add(id(repeat))).toBe(false);
      // From then on, any order.
      expect(ids.add(id(200_000))).toBe(true);
      expect(ids.add(id(150_000))).toBe(true);
      expect(ids.add(id(149_999))).toBe(false);
      expect(ids.add(id(200_000))).toBe(false);
    }
    // The last id again is the first that does not increase.
    const ids = new MessageIdSet();
    expect(ids.add('b')).toBe(true);
    expect(ids.add('c')).toBe(true);
    expect(ids.add('c')).toBe(false);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('b')).toBe(false);
  });

  it('agrees with a Set on arbitrary ids', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 300 }), (list) => {
        const exact = new Set<string>();
        const compact = new MessageIdSet();
        for (const id of list) {
          expect(compact.add(id)).toBe(!exact.has(id));
          exact.add(id);
        }
      }),
    );
  });

  it('agrees with a Set on ids that mostly increase, then repeat', () => {
    // Runs of increasing ids, broken now and then: the set changes over at the first break.
    const ids = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 300 }).map((steps) => {
      let n = 0;
      return steps.map(([step, back]) => `id-${String((n = back ? Math.max(0, n - step) : n + step)).padStart(4, '0')}`);
    });
    fc.assert(
      fc.property(ids, (list) => {
        const exact = new Set<string>();
        const compact = new MessageIdSet();
        for (const id of list) {
          expect(compact.add(id)).toBe(!exact.has(id));
          exact.add(id);
        }
      }),
      { numRuns: 300 },
    );
  });
});
