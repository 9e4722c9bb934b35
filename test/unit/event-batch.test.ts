import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/domain/events.js';
import { BatchDecoder, BatchEncoder, Numbering } from '../../src/io/event-batch.js';

const id = fc.constantFrom('c-1', 'c-2', 'alice', 'bob', 'T-1', 'é€😀', '');
const at = fc.integer({ min: -8.64e15, max: 8.64e15 });
const line = fc.integer({ min: 1, max: 2 ** 40 });
const event: fc.Arbitrary<LogEvent> = fc.oneof(
  fc.record({
    type: fc.constant('message' as const),
    id: fc.string(),
    at,
    conversation: id,
    author: id,
    authorKind: fc.constantFrom('user' as const, 'customer' as const, 'bot' as const),
    audience: fc.constantFrom('internal' as const, 'customers' as const),
    item: fc.option(id),
    line,
  }),
  fc.record({ type: fc.constant('view' as const), at, user: id, conversation: id, line }),
  fc.record({ type: fc.constantFrom('follow' as const, 'unfollow' as const), at, user: id, item: fc.option(id), conversation: fc.option(id), line }),
);

describe('event batches (worker thread to main thread)', () => {
  it('give back the same events, fields in the same order, across batches', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (events, size) => {
        const encoder = new BatchEncoder(size);
        const decoder = new BatchDecoder();
        const out: LogEvent[] = [];
        for (const e of events) {
          const full = encoder.add(e);
          // Through a structured clone, as postMessage sends it.
          if (full !== null) decoder.decode(structuredClone(full), (d) => out.push(d));
        }
        decoder.decode(structuredClone(encoder.take()), (d) => out.push(d));
        // JSON text compares values and the order of the fields (the replay's objects keep one shape).
        expect(out.map((e) => JSON.stringify(e))).toEqual(events.map((e) => JSON.stringify(e)));
      }),
      { numRuns: 500 },
    );
  });

  it('number ids in order of first use, as a Map would, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.integer({ min: 0, max: 3000 }).map((n) => `c${n}`)), { maxLength: 4000 }), (ids) => {
        const numbering = new Numbering();
        const map = new Map<string, number>();
        for (const id of ids) {
          if (!map.has(id)) map.set(id, map.size);
          expect(numbering.number(id)).toBe(map.get(id));
        }
        expect(numbering.count).toBe(map.size);
      }),
      { numRuns: 100 },
    );
  });
});
