/** Times and durations as the log and the flags write them. */

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO 8601 date-time with a zone, or an integer of epoch milliseconds.
 * Returns null for anything else, including impossible dates such as 2026-02-30.
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && Math.abs(value) <= 8.64e15 ? value : null;
  }
  if (typeof value !== 'string') return null;
  const m = ISO_WITH_ZONE.exec(value);
  if (m === null) return null;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = m[6] === undefined ? 0 : +m[6];
  const millis = m[7] === undefined ? 0 : Math.floor(+(m[7] + '00').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 30 February over into March; refuse such dates.
  if (new Date(utc).getUTCDate() !== day) return null;
  const zone = m[8]!;
  if (zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const zh = +digits.slice(0, 2);
  const zm = +digits.slice(2);
  if (zh > 23 || zm > 59) return null;
  return utc - sign * (zh * 60 + zm) * 60_000;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `90`, `90s`, `2m`, `1h` or `500ms` into milliseconds; a bare number is seconds. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (m === null) return null;
  const ms = +m[1]! * UNIT_MS[m[2] ?? 's']!;
  return Number.isSafeInteger(ms) ? ms : null;
}
