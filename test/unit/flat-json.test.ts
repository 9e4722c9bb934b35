import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/domain/time.js';
import { FlatLine, Interner, parseFlatLine } from '../../src/io/flat-json.js';

const KNOWN = ['type', 'id', 'at', 'conversation', 'author', 'authorKind', 'audience', 'item', 'user'] as const;
const hasOwn = Object.prototype.hasOwnProperty;

/** The same value, or for "at" the same instant (a canonical time comes as epoch ms). */
function same(key: string, actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  return key === 'at' && typeof actual === 'number' && typeof expected === 'string' && parseTime(expected) === actual;
}

/** What JSON.parse gives for the fields parseFlatLine reports. */
function viaJsonParse(text: string): Record<string, unknown> {
  const raw = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(KNOWN.map((k) => [k, hasOwn.call(raw, k) ? raw[k] : undefined]));
}

// One holder and one interner for every call, as the reader uses them: nothing may leak
// from one line into the next.
const holder = new FlatLine();
const sharedIds = new Interner();
function flat(text: string): FlatLine | undefined {
  // Embedded in a longer text, as the reader calls it: only [start, end) counts.
  const padded = `x\n${text}\ny`;
  return parseFlatLine(padded, 2, 2 + text.length, sharedIds, holder);
}

const plainString = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', 'T', '0', '9', '-', ':', '.', ' ', 'é', '€', '😀', '/', '_') }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-29T00:00:00Z', '2026-03-02T09:00:00.5Z', '2026-03-02T09:00:60Z', '2026-03-02t09:00:00z', '2026-03-02T09:00:00+00:00'),
);
const key = fc.oneof(fc.constantFrom(...KNOWN), fc.constantFrom('__proto__', 'constructor', 'extra', 'ID', 'at2', '', 'types', 'ite', 'authorKin', 'authors', 'conversations', 'a', 'i', 'u'));
const value = fc.oneof(
  plainString,
  fc.constant(null),
  fc.integer({ min: -1e15, max: 1e15 }),
  fc.constantFrom(true, false, 0.5, -0, 1e21, 'a"b', 'a\\b', 'line\nbreak', '\u0001', '\u2028'),
  fc.constant({ nested: 1 }),
  fc.constant([1, 2]),
);
const pairs = fc.array(fc.tuple(key, value), { maxLength: 10 });
const space = fc.constantFrom('', ' ', '\t', ' \r', '  ');

function render(entries: [string, unknown][], ws: string[]): string {
  const w = (i: number) => ws[i % ws.length] ?? '';
  return `${w(0)}{${entries.map(([k, v], i) => `${w(i + 1)}${JSON.stringify(k)}${w(i + 2)}:${w(i + 3)}${JSON.stringify(v)}${w(i + 4)}`).join(',')}}${w(5)}`;
}

describe('parseFlatLine', () => {
  it('reads the usual log lines exactly as JSON.parse does', () => {
    const lines = [
      '{"type":"message","id":"m1","at":"2026-03-02T09:00:00Z","conversation":"c1","author":"cust-1","authorKind":"customer","item":"T-1"}',
      '{"type":"view","at":1772442000000,"user":"alice","conversation":"c1"}',
      '{ "type" : "follow" , "at" : -5 , "user" : "bob" , "item" : null }',
      '{}',
      '{"extra":"ignored","type":"unfollow"}',
    ];
    for (const line of lines) {
      const result = flat(line);
      expect(result).toBeDefined();
      const expected = viaJsonParse(line);
      if (typeof expected.at === 'string') expected.at = parseTime(expected.at);
      expect(Object.fromEntries(KNOWN.map((k) => [k, result![k]]))).toEqual(expected);
    }
  });

  it('leaves everything else to JSON.parse', () => {
    for (const line of [
      '',
      '   ',
      '[1]',
      '"text"',
      '{"type":"message"',
      '{"type":"message",}',
      '{"type":"message"} x',
      '{"type":"mes\\u0073age"}',
      '{"type":true}',
      '{"at":1.5}',
      '{"at":1e3}',
      '{"at":01}',
      '{"at":1234567890123456}',
      '{"id":"a","id":"b"}',
      '{"user":{"id":"x"}}',
      "{'type':'view'}",
      '{"type":"view"\u0000}',
      '{"type":"vi\u0001ew"}',
      '{"type":"vi\tew"}',
    ]) {
      expect(flat(line), line).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on every line it accepts, and accepts the plain shape', () => {
    fc.assert(
      fc.property(pairs, fc.array(space, { minLength: 1, maxLength: 6 }), (entries, ws) => {
        const text = render(entries, ws);
        const result = flat(text);
        const keys = entries.map(([k]) => k).filter((k) => (KNOWN as readonly string[]).includes(k));
        const plain = entries.every(([, v]) => v === null || (typeof v === 'string' && !/["\\\u0000-\u001f]/.test(v)) || (Number.isSafeInteger(v) && !Object.is(v, -0) && Math.abs(v as number) < 1e15));
        if (plain && new Set(keys).size === keys.length) expect(result).toBeDefined();
        if (result !== undefined) {
          const expected = viaJsonParse(text);
          for (const k of KNOWN) expect(same(k, result[k], expected[k]), `${k} in ${text}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts a line JSON.parse refuses', () => {
    fc.assert(
      fc.property(pairs, fc.nat(), fc.constantFrom('', '{', '}', '"', ',', ':', '\\', 'n', '1', '-', ' ', '\t', '\u0001'), (entries, at, inserted) => {
        const base = render(entries, ['']);
        const i = at % (base.length + 1);
        for (const text of [base.slice(0, i) + inserted + base.slice(i), base.slice(0, i) + base.slice(i + 1)]) {
          const result = flat(text);
          if (result === undefined) continue;
          const expected = viaJsonParse(text); // throws if JSON.parse refuses it
          for (const k of KNOWN) expect(same(k, result[k], expected[k]), `${k} in ${text}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Interner', () => {
  // Which string object comes back cannot be seen from JavaScript; what can is that the
  // text is right every time, before and after the table grows and past its limit.
  it('returns the id for each occurrence, when cached and when its slot was taken', () => {
    const ids = new Interner(1 << 8);
    const text = (n: number) => `[${'conversation-'.repeat(n % 3)}c${n}]`;
    for (const prefix of ['', 'xx', '']) {
      for (let n = 0; n < 6000; n++) {
        const t = prefix + text(n);
        expect(ids.get(t, prefix.length + 1, t.length - 1)).toBe(text(n).slice(1, -1));
      }
    }
  });

  it('is used for the ids of parsed lines', () => {
    const ids = new Interner();
    const lines = [
      '{"conversation":"c1","user":"alice","item":"T-1","author":"a-user-with-a-long-id","authorKind":"user"}',
      ' {"author":"a-user-with-a-long-id","authorKind":"user","item":"T-1","user":"alice","conversation":"c1"}',
    ];
    const slots: number[][] = [];
    for (const line of lines) {
      const f = parseFlatLine(line, 0, line.length, ids)!;
      expect([f.conversation, f.user, f.item, f.author]).toEqual(['c1', 'alice', 'T-1', 'a-user-with-a-long-id']);
      // Each id's slot in the cache comes with it, whatever the order of the keys.
      slots.push([f.conversationSlot, f.userSlot, f.itemSlot, f.authorSlot]);
      ids.get('c1', 0, 2);
      expect(ids.slot).toBe(f.conversationSlot);
      ids.get('alice', 0, 5);
      expect(ids.slot).toBe(f.userSlot);
    }
    expect(slots[1]).toEqual(slots[0]);
    expect(new Set(slots[0]).size).toBe(4);
    expect(slots[0]!.every((slot) => slot >= 0)).toBe(true);
    // A customer or a bot is not interned (most are seen once or twice): no slot.
    for (const kind of ['customer', 'bot', undefined]) {
      const line = `{"author":"cust-1",${kind === undefined ? '' : `"authorKind":"${kind}",`}"conversation":"c1"}`;
      const f = parseFlatLine(line, 0, line.length, ids)!;
      expect([f.author, f.authorSlot]).toEqual(['cust-1', -1]);
    }
    const none = parseFlatLine('{"type":"view","item":null}', 0, 27, ids)!;
    expect([none.conversationSlot, none.userSlot, none.itemSlot, none.authorSlot]).toEqual([-1, -1, -1, -1]);
  });
});
