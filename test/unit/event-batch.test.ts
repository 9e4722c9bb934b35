import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/domain/events.js';
import { BatchDecoder, BatchEncoder, Numbering } from '../../src/io/event-batch.js';
import { Interner } from '../../src/io/flat-json.js';
import { readLog } from '../../src/io/log-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'notifyctl-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

/**
 * A decoded event without the conversation's number it carries (the fields toEvent()
 * makes, in their order), after checking that it carries one exactly when it names a
 * conversation, as its last field.
 */
function withoutKey(e: LogEvent): LogEvent {
  const { conversationKey, ...fields } = e;
  expect(typeof conversationKey === 'number').toBe(e.conversation !== null);
  expect(Object.keys(e).at(-1)).toBe('conversationKey');
  return fields as LogEvent;
}

describe('event batches (worker thread to main thread)', () => {
  it('give back the same events, fields in the same order, across batches', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 8 }), (events, size, first) => {
        // Batches of `first` events, then twice as many each time, up to `size`.
        const encoder = new BatchEncoder(size, undefined, first);
        const sizes: number[] = [];
        const decoder = new BatchDecoder();
        const out: LogEvent[] = [];
        for (const e of events) {
          const full = encoder.add(e);
          // Through a structured clone, as postMessage sends it.
          if (full !== null) {
            sizes.push(full.count);
            decoder.decode(structuredClone(full), (d) => out.push(withoutKey(d)));
          }
        }
        decoder.decode(structuredClone(encoder.take()), (d) => out.push(withoutKey(d)));
        expect(sizes).toEqual(sizes.map((_, i) => Math.min(Math.min(first, size) * 2 ** i, size)));
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

  it('number ids from the numbers kept in the intern cache as from the ids themselves, however often its slots change hands', async () => {
    // The reading thread's way: the reader's intern cache is the encoder's, and each event
    // comes with its parsed line. A cache of 1 to 8 slots makes ids take each other's
    // slots all the time; a number kept with the wrong id would decode to the wrong id.
    const ids = ['c-1', 'c-2', 'c-3', 'alice', 'bob', 'T-1', 'T-2', 'é€😀', 'a-much-longer-conversation-id'];
    const anId = fc.constantFrom(...ids);
    const lineOf = fc.oneof(
      fc.record({ type: fc.constant('message'), conversation: anId, author: anId, authorKind: fc.constantFrom('user', 'customer', 'bot'), audience: fc.constant('customers'), item: fc.option(anId) }),
      fc.record({ type: fc.constant('view'), user: anId, conversation: anId }),
      fc.record({ type: fc.constantFrom('follow', 'unfollow'), user: anId, item: anId }),
      fc.record({ type: fc.constantFrom('follow', 'unfollow'), user: anId, conversation: anId }),
      // JSON.parse reads this one (an escape): it has no parsed line to give.
      fc.record({ type: fc.constant('view'), user: anId, conversation: anId.map((c) => `${c}\\u0041`) }),
    );
    const known = { isUser: () => true, isItem: () => true };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineOf, { maxLength: 80 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 9 }), async (lines, slotBits, size) => {
        const path = join(dir, `log-${run++}.ndjson`);
        const text = lines.map((l, i) => JSON.stringify({ ...l, ...(l.type === 'message' && { id: `m${i}` }), at: 1000 + i }).replaceAll('\\\\u0041', '\\u0041'));
        writeFileSync(path, text.join('\n'));
        const direct: LogEvent[] = [];
        await readLog({ path, known, sort: false, onEvent: (e) => direct.push(e) });

        const cache = new Interner(1 << slotBits);
        const encoder = new BatchEncoder(size, cache);
        const decoder = new BatchDecoder();
        const out: LogEvent[] = [];
        const keys = new Map<string, number>();
        const onDecoded = (e: LogEvent) => {
          const key = e.conversationKey;
          // A view or follow is valid during the call only.
          out.push(withoutKey(e));
          // One conversation, one key, and no key for two.
          if (e.conversation !== null && key !== undefined) {
            if (!keys.has(e.conversation)) expect([...keys.values()]).not.toContain(key);
            keys.set(e.conversation, keys.get(e.conversation) ?? key);
            expect(keys.get(e.conversation)).toBe(key);
          }
        };
        await readLog({
          path,
          known,
          sort: false,
          ids: cache,
          // As the reading thread reads: each parsed line made its event in place.
          transient: true,
          onEvent: (e, parsed) => {
            const full = encoder.add(e, parsed);
            if (full !== null) decoder.decode(structuredClone(full), onDecoded);
          },
        });
        decoder.decode(structuredClone(encoder.take()), onDecoded);
        expect(out.map((e) => JSON.stringify(e))).toEqual(direct.map((e) => JSON.stringify(e)));
      }),
      { numRuns: 300 },
    );
  });
});
