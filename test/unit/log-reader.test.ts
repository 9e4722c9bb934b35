import fc from 'fast-check';
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/domain/events.js';
import { formatTime, parseDuration, parseTime } from '../../src/domain/time.js';
import { readLog } from '../../src/io/log-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'notifyctl-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const known = { isUser: (id: string) => ['alice', 'bob'].includes(id), isItem: (id: string) => id === 'T-1' };

async function read(lines: string[], sort = false): Promise<LogEvent[]> {
  const path = join(dir, `log-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(path, lines.join('\n'));
  const events: LogEvent[] = [];
  await readLog({ path, known, sort, onEvent: (e) => events.push(e) });
  return events;
}

async function errorOf(lines: string[]): Promise<string> {
  try {
    await read(lines);
  } catch (error) {
    return (error as Error).message.replace(/^.*\.ndjson:/, 'LOG:');
  }
  throw new Error('expected the log to be refused');
}

const cm = (id: string, time: string | number = '2026-03-02T09:00:00Z') =>
  JSON.stringify({ type: 'message', id, at: time, conversation: 'c-1', author: 'cust-1', authorKind: 'customer' });

describe('readLog', () => {
  it('reads every line across the 256 KiB chunks it is read in, a line longer than a chunk and one cut at the edge of a chunk included', async () => {
    // Lines of many lengths (CRLF now and then, a blank line, a line of 300 KB and one of
    // 600 KB that span chunks), so that lines end just before, at and just after the
    // chunks' edges: every line must come once, whole, with its number.
    const lengths = fc.sample(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40_000 })), { numRuns: 120, seed: 7 });
    lengths.splice(30, 0, 300_000);
    lengths.splice(70, 0, 600_000);
    const lines = lengths.map((n, i) => {
      const line = JSON.stringify({ type: 'message', id: `m${i}`, at: '2026-03-02T09:00:00Z', conversation: 'c-1', author: 'cust-1', authorKind: 'customer', pad: 'x'.repeat(n) });
      return i % 9 === 4 ? `${line}\r` : i === 50 ? `${line}\n` : line;
    });
    const events = await read(lines);
    expect(events.map((e) => (e.type === 'message' ? e.id : ''))).toEqual(lines.map((_, i) => `m${i}`));
    expect(events.map((e) => e.line)).toEqual(lines.map((_, i) => (i <= 50 ? i + 1 : i + 2)));
  });

  it('reads events with their line numbers, skipping blank lines and CRLF', async () => {
    const events = await read([cm('m1'), '', '   ', cm('m2') + '\r', JSON.stringify({ type: 'view', at: 1772442060000, user: 'bob', conversation: 'c-1' })]);
    expect(events.map((e) => [e.type, e.line])).toEqual([['message', 1], ['message', 4], ['view', 5]]);
    expect(events[0]).toMatchObject({ audience: 'customers', item: null, at: Date.parse('2026-03-02T09:00:00Z') });
  });

  it.each([
    [['{"type":'], /^LOG:1: not valid JSON/],
    [['[1,2]'], /^LOG:1: expected a JSON object, got \[1,2\]$/],
    [[JSON.stringify({ at: 0 })], /^LOG:1: missing "type"; accepted: message, view, follow, unfollow$/],
    [[JSON.stringify({ type: 'ping', at: 0 })], /^LOG:1: "type" is "ping"; accepted: message, view, follow, unfollow$/],
    [[cm('m1').replace('"customer"', '"robot"')], /^LOG:1: "authorKind" is "robot"; accepted: user, customer, bot$/],
    [[JSON.stringify({ type: 'message', id: 'm1', at: 0, conversation: 'c', author: 'alice', authorKind: 'user' })], /^LOG:1: a user message must state "audience": internal \(an internal message\) or customers \(a reply to the customer\)$/],
    [[JSON.stringify({ type: 'message', id: 'm1', at: 0, conversation: 'c', author: 'x', authorKind: 'customer', audience: 'internal' })], /^LOG:1: a customer message cannot have audience "internal"/],
    [[JSON.stringify({ type: 'message', id: 'm1', at: 0, conversation: 'c', author: 'zed', authorKind: 'user', audience: 'internal' })], /^LOG:1: "author" names "zed", which is not a user of the workspace$/],
    [[JSON.stringify({ type: 'message', id: 'm1', at: 0, conversation: 'c', author: 'x', authorKind: 'customer', item: 'T-9' })], /^LOG:1: "item" names "T-9", which is not an item of the workspace$/],
    [[JSON.stringify({ type: 'view', at: 0, conversation: 'c' })], /^LOG:1: view event is missing "user"$/],
    [[JSON.stringify({ type: 'follow', at: 0, user: 'bob' })], /^LOG:1: a follow event names exactly one of "item" or "conversation"$/],
    [[JSON.stringify({ type: 'follow', at: 0, user: 'bob', item: 'T-1', conversation: 'c' })], /^LOG:1: a follow event names exactly one of "item" or "conversation"$/],
    [[cm('m1', '2026-03-02T09:00:00')], /^LOG:1: "at" is "2026-03-02T09:00:00"; accepted: an ISO 8601 date-time with a zone/],
    [[cm('m1', '2026-02-30T09:00:00Z')], /^LOG:1: "at" is "2026-02-30T09:00:00Z"/],
    [[cm('m1', 1.5)], /^LOG:1: "at" is 1.5/],
    [[cm('m1'), cm('m1', '2026-03-02T09:00:01Z')], /^LOG:2: message id "m1" appears earlier in the log; message ids must be unique$/],
    [[cm('m1', '2026-03-02T09:00:05Z'), cm('m2', '2026-03-02T09:00:04Z')], /^LOG:2: time 2026-03-02T09:00:04.000Z is earlier than the line before \(2026-03-02T09:00:05.000Z\); events must be in time order, or pass --sort$/],
  ])('refuses %j', async (lines, message) => {
    expect(await errorOf(lines as string[])).toMatch(message as RegExp);
  });

  it('names invalid UTF-8 by line', async () => {
    const path = join(dir, 'bad-utf8.ndjson');
    writeFileSync(path, Buffer.concat([Buffer.from(cm('m1') + '\n'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]));
    await expect(readLog({ path, known, sort: false, onEvent: () => {} })).rejects.toThrow(`${path}:2: the line is not valid UTF-8`);
  });

  it('names a missing file', async () => {
    await expect(readLog({ path: join(dir, 'nope.ndjson'), known, sort: false, onEvent: () => {} })).rejects.toThrow(/cannot read the log .*nope.ndjson: no such file/);
  });

  it('--sort sorts stably by time', async () => {
    const events = await read([cm('m1', 3000), cm('m2', 1000), cm('m3', 3000), cm('m4', 1000)], true);
    expect(events.map((e) => (e as { id: string }).id)).toEqual(['m2', 'm4', 'm1', 'm3']);
  });
});

describe('times and durations', () => {
  it.each([
    ['2026-03-02T09:00:00Z', Date.parse('2026-03-02T09:00:00Z')],
    ['2026-03-02T10:00:00+01:00', Date.parse('2026-03-02T09:00:00Z')],
    ['2026-03-02T09:00:00.250Z', Date.parse('2026-03-02T09:00:00.250Z')],
    ['2026-03-02T04:30:00-0430', Date.parse('2026-03-02T09:00:00Z')],
    [1772442000000, 1772442000000],
    ['0099-03-02T09:00:00Z', Date.parse('0099-03-02T09:00:00Z')],
    ['0050-01-01T00:00:00.000Z', Date.parse('0050-01-01T00:00:00.000Z')],
    ['0050-01-01T01:00:00+01:00', Date.parse('0050-01-01T00:00:00.000Z')],
  ])('parses %j', (input, expected) => expect(parseTime(input)).toBe(expected));

  it.each(['2026-03-02', '2026-03-02T09:00:00', '20x6-03-02T09:00:00Z', '2026-0x-02T09:00:00Z', '2026-03-x2T09:00:00Z', '2026-03-02T09:x0:00Z', '2026-13-01T00:00:00Z', '2026-02-29T00:00:00Z', '2026-03-02T24:00:00Z', 'yesterday', 1e309, -0.5, null, true])(
    'refuses %j',
    (input) => expect(parseTime(input)).toBeNull(),
  );

  it('reads the day it read last from its cache, and any other day afresh', () => {
    const times = ['2026-03-02T09:00:00Z', '2026-03-02T23:59:59.999Z', '2026-03-03T00:00:00.000Z', '2026-03-02T12:00:00Z', '2024-02-29T08:00:00Z', '2024-02-29T09:00:00Z'];
    for (const t of times) expect(parseTime(t), t).toBe(Date.parse(t));
    expect(parseTime('2026-02-29T08:00:00Z')).toBeNull();
    expect(parseTime('2026-02-29T09:00:00Z')).toBeNull();
  });

  it('writes every instant as toISOString does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: Date.parse('0000-01-01T00:00:00Z') - 5, max: Date.parse('0000-01-01T00:00:00Z') + 5 }), fc.integer({ min: Date.parse('9999-12-31T23:59:59.995Z'), max: Date.parse('9999-12-31T23:59:59.999Z') + 5 }), fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') })), (ms) => {
        expect(formatTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20000 },
    );
  });

  it('reads every instant of years 0 to 9999 back from its ISO form, and refuses days past the month', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), fc.boolean(), (ms, short) => {
        const iso = new Date(ms).toISOString();
        expect(parseTime(short ? iso.slice(0, 19) + 'Z' : iso)).toBe(short ? ms - (ms % 1000 + 1000) % 1000 : ms);
      }),
      { numRuns: 5000 },
    );
    for (const [date, ok] of [['2024-02-29', true], ['2000-02-29', true], ['1900-02-29', false], ['2026-04-31', false], ['2026-12-31', true], ['0004-02-29', true], ['0100-02-29', false]] as const) {
      expect(parseTime(`${date}T00:00:00Z`) !== null, date).toBe(ok);
    }
  });

  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['0', 0],
  ])('duration %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '-5', '1.5m', '2d', 'm'])('refuses duration %j', (text) => expect(parseDuration(text)).toBeNull());
});
