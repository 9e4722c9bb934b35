import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageIdSet } from '../../src/io/id-set.js';

describe('MessageIdSet', () => {
  it('says whether an id was seen before, across growth', () => {
    const ids = new MessageIdSet();
    for (let i = 0; i < 200_000; i++) expect(ids.add(`m-${i}`)).toBe(true);
    expect(ids.add('m-0')).toBe(false);
    expect(ids.add('m-199999')).toBe(false);
    expect(ids.add('m-200000')).toBe(true);
    expect(ids.add('')).toBe(true);
    expect(ids.add('')).toBe(false);
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
});
