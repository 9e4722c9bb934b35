/** Dates given on the command line without a zone (SPEC 10.4: checked whole). */
import { describe, expect, it } from 'vitest';
import { parseTimeIn } from '../../src/domain/zone.js';

describe('a date without a zone', () => {
  it('is read whole: no month 13 or 00, no day 32 or 30 February, and years before 100 stay themselves', () => {
    for (const bad of ['2026-13-01', '2026-00-10', '2026-01-32', '2026-02-30', '2026-01-00', '2026-03-02 24:00']) expect(parseTimeIn(bad, 'UTC')).toBeNull();
    expect(new Date(parseTimeIn('0050-01-01', 'UTC')!).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(new Date(parseTimeIn('2024-02-29 10:00', 'Europe/Paris')!).toISOString()).toBe('2024-02-29T09:00:00.000Z');
  });
});
