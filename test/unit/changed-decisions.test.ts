import { describe, expect, it } from 'vitest';
import { ChangedDecisions } from '../../src/engine/comparison.js';
import { REASONS } from '../../src/domain/reasons.js';

describe('ChangedDecisions', () => {
  it('gives back every change as pushed, across its chunks, as a list and as JSON', () => {
    const list = new ChangedDecisions();
    const n = 150_000;
    // Outcome codes: reason index * 4 + alert * 2 + email, or -1 for no decision.
    const code = (i: number) => (i % 7 === 0 ? -1 : ((i % REASONS.length) * 4 + (i % 4)));
    for (let i = 0; i < n; i++) list.push(`m${i}`, `u${i % 13}`, code(i), code(i + 3));
    expect(list.length).toBe(n);
    const expected = (i: number) => {
      const outcome = (c: number) => (c === -1 ? null : { alert: (c & 2) !== 0, email: (c & 1) !== 0, reason: REASONS[c >> 2] });
      return { message: `m${i}`, user: `u${i % 13}`, before: outcome(code(i)), after: outcome(code(i + 3)) };
    };
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) expect(list.at(i)).toEqual(expected(i));
    expect(list.slice(65_534, 65_538)).toEqual([65_534, 65_535, 65_536, 65_537].map(expected));
    expect(list.slice(n - 2)).toEqual([expected(n - 2), expected(n - 1)]);
    expect([...list].length).toBe(n);
    expect(JSON.parse(JSON.stringify({ decisions: list })).decisions[70_000]).toEqual(JSON.parse(JSON.stringify(expected(70_000))));
    expect(JSON.stringify(new ChangedDecisions())).toBe('[]');
  });
});
