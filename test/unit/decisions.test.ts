import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankDecision } from '../../src/engine/decide.js';
import { decisionJson } from '../../src/cli/render/decisions.js';

describe('decisionJson', () => {
  it('writes exactly what JSON.stringify writes, whatever the ids contain', () => {
    const id = fc.oneof(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'binary' }), fc.constantFrom('a"b', 'a\\b', '\u2028', '\ud800', 'é€😀', ''));
    const time = fc.integer({ min: -8.64e15, max: 8.64e15 });
    fc.assert(
      fc.property(id, id, id, fc.option(id), time, fc.option(time), fc.option(time), (message, conversation, user, item, at, fireAt, seenAt) => {
        const d = { ...blankDecision(), message, conversation, user, item, at, fireAt, seenAt, alert: true, reason: 'customer_message_all' as const, via: 'participant' as const };
        const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
        const expected = JSON.stringify({
          message, at: iso(at), conversation, item, user, alert: true, email: false, reason: 'customer_message_all',
          via: 'participant', emailSkipped: null, fireAt: iso(fireAt), seenAt: iso(seenAt),
        });
        expect(decisionJson(d)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
