import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankDecision } from '../../src/engine/decide.js';
import { NdjsonBytes, decisionJson, decisionWriter } from '../../src/cli/render/decisions.js';
import { DeferredOutput, ROOM_BYTES, colors } from '../../src/cli/output/output.js';
import { memoryIO } from '../../src/cli/output/iostreams.js';

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

describe('NdjsonBytes', () => {
  const REASONS_USED = ['customer_message_all', 'seen_within_window', 'no_access', 'customer_reply_followed'] as const;
  const build = (seed: number, count: number, idOf: (n: number) => string) => {
    // One decision object, changed in place between writes, as the replay does.
    const d = blankDecision();
    // mulberry32: every bit random, so that each field changes alone too.
    let s = seed;
    const next = (m: number) => {
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
      return ((t ^ (t >>> 14)) >>> 0) % m;
    };
    const steps: (() => void)[] = [];
    for (let i = 0; i < count; i++) {
      steps.push(() => {
        // Now and then a message id longer than room() allows (written as text, in its place).
        const long = i % 4_001 === 7;
        if (next(5) === 0 || long) {
          // Any of a message's fields may change alone.
          if (long || next(2) === 0) d.message = long ? `long-${'é'.repeat(40_000)}-${i}` : idOf(next(1000));
          if (next(2) === 0) d.at = 1_772_323_200_000 + next(10_000_000);
          if (next(2) === 0) d.conversation = idOf(next(50));
          if (next(2) === 0) d.item = next(3) === 0 ? null : idOf(next(20));
          if (next(2) === 0) d.fireAt = next(4) === 0 ? null : d.at + 60_000;
        }
        d.user = idOf(next(30));
        d.reason = REASONS_USED[next(REASONS_USED.length)]!;
        // Each field on its own, whether or not the engine would combine them so.
        d.alert = next(2) === 0;
        d.email = next(2) === 0;
        d.via = ([null, 'item_follower', 'participant'] as const)[next(3)]!;
        d.emailSkipped = ([null, 'email_off', 'no_email_address'] as const)[next(3)]!;
        d.seenAt = next(3) === 0 ? d.at + next(120_000) : null;
      });
    }
    return { d, steps };
  };

  // Ids with quotes, escapes, lone surrogates and characters of 1 to 4 bytes.
  const ids = (n: number) => ['u', 'a"b', 'a\\b', '\u2028', '\ud800', 'Zoë – 名前 😀', ''][n % 7]! + n;

  it('writes the bytes decisionJson writes, in order with the text around them, across blocks', () => {
    const io = memoryIO();
    const output = new DeferredOutput(io);
    const lines = new NdjsonBytes(output, (t) => output.write(t));
    const expected: string[] = [];
    const { d, steps } = build(11, 60_000, ids);
    steps.forEach((step, i) => {
      step();
      if (i % 5_000 === 0) {
        output.write(`# text ${i}\n`);
        expected.push(`# text ${i}\n`);
      }
      lines.write(d);
      expected.push(decisionJson(d, '\n'));
    });
    output.commit();
    const text = io.stdout();
    // More than one 4 MiB block, and long lines among them.
    expect(Buffer.byteLength(text)).toBeGreaterThan(8 * 1024 * 1024);
    expect(text.split('\n').filter((l) => Buffer.byteLength(l) > ROOM_BYTES).length).toBeGreaterThan(5);
    expect(text).toBe(expected.join(''));
  });

  it('writes a line longer than a whole block as text, between the lines around it', () => {
    const io = memoryIO();
    const output = new DeferredOutput(io);
    const lines = new NdjsonBytes(output, (t) => output.write(t));
    const d = { ...blankDecision(), message: 'm1', conversation: 'c1', user: 'u1', at: 0, alert: true, reason: 'customer_message_all' as const, via: 'participant' as const };
    const expected: string[] = [];
    const put = () => {
      lines.write(d);
      expected.push(decisionJson(d, '\n'));
    };
    put();
    // 5 MiB of id: more than one 4 MiB block could hold.
    d.message = 'x'.repeat(5 * 1024 * 1024);
    put();
    d.message = 'm3';
    put();
    output.commit();
    expect(Buffer.byteLength(io.stdout())).toBeGreaterThan(5 * 1024 * 1024);
    expect(io.stdout()).toBe(expected.join(''));
  });

  it('is what simulate writes for --format ndjson', async () => {
    const written: string[] = [];
    const io = memoryIO();
    const output = new DeferredOutput(io);
    const target = { out: { write: (t: string | Uint8Array) => output.write(t as string) }, bytes: output, note: () => {}, terminal: false, color: false, zone: 'UTC' };
    const writer = await decisionWriter('ndjson', target);
    const { d, steps } = build(5, 2_000, (n) => `id${n}`);
    for (const step of steps) {
      step();
      writer.write(d);
      written.push(decisionJson(d, '\n'));
    }
    writer.end('');
    output.commit();
    expect(io.stdout()).toBe(written.join(''));
  });
});
