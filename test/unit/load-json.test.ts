/** load's JSON (SPEC 10.5), written in pieces: byte for byte the one JSON writer's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/cli/output/json.js';
import { writeLoadJson } from '../../src/cli/render/load.js';
import { formatTime } from '../../src/domain/time.js';
import type { UserLoad } from '../../src/engine/load.js';

describe('writeLoadJson', () => {
  // Written in pieces (a month's log is hundreds of thousands of period entries): byte
  // for byte the one JSON writer's text of the rows as data, times as UTC ISO strings.
  const asData = (rows: UserLoad[]) =>
    jsonText(rows.map((u) => ({ user: u.user, alerts: u.alerts, emails: u.emails, alreadyHandled: u.alreadyHandled, busiest: { at: formatTime(u.busiest.at), alerts: u.busiest.alerts }, periods: u.periods.map((p) => ({ at: formatTime(p.at), alerts: p.alerts, emails: p.emails })) })));
  const written = (rows: UserLoad[]) => {
    const pieces: string[] = [];
    writeLoadJson({ write: (s) => void pieces.push(String(s)) }, rows);
    return pieces;
  };
  const at = fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(-1, 253402300800000, 1e15));
  const period = fc.record({ at, alerts: fc.nat(), emails: fc.nat() });
  const row = fc.record({ user: fc.string({ unit: 'binary' }), alerts: fc.nat(), emails: fc.nat(), alreadyHandled: fc.nat(), busiest: fc.record({ at, alerts: fc.nat() }), periods: fc.array(period, { maxLength: 4 }) });
  it('is jsonText of the rows as data, for any rows (odd ids, no periods, no rows)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        expect(written(rows).join('')).toBe(asData(rows));
      }),
      { numRuns: 300 },
    );
  });
  it('writes many periods in pieces', () => {
    const periods = Array.from({ length: 3000 }, (_, k) => ({ at: 1.7e12 + k * 3_600_000, alerts: k, emails: k % 3 }));
    const rows = [{ user: 'u"1', alerts: 9, emails: 1, alreadyHandled: 0, busiest: { at: 1.7e12, alerts: 4 }, periods }, { user: 'u2', alerts: 1, emails: 0, alreadyHandled: 1, busiest: { at: 1.7e12, alerts: 1 }, periods: [] }];
    const pieces = written(rows);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(asData(rows));
  });
});
