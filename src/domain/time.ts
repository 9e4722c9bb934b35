/** Times and durations as the log and the flags write them. */

/** Date.UTC, except that years 0 to 99 stay years 0 to 99 (Date.UTC maps them to 19xx). */
export function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (year >= 100) return Date.UTC(year, month, day, hour, minute, second, millis);
  const d = new Date(Date.UTC(2000, month, day, hour, minute, second, millis));
  d.setUTCFullYear(year);
  return d.getTime();
}

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO 8601 date-time with a zone, or an integer of epoch milliseconds.
 * Returns null for anything else, including impossible dates such as 2026-02-30.
 */
/** The times notifyctl takes: the years 0000 to 9999, so that a time plus any window is still a date. */
export const MIN_TIME = -62_167_219_200_000;
export const MAX_TIME = 253_402_300_799_999;
/** The longest window or duration: 100 years. */
export const MAX_DURATION_MS = 100 * 365 * 86_400_000;

export function parseTime(value: unknown): number | null {
  const ms = parseTimeUnbounded(value);
  return ms !== null && ms >= MIN_TIME && ms <= MAX_TIME ? ms : null;
}

function parseTimeUnbounded(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : null;
  }
  if (typeof value !== 'string') return null;
  const fast = parseUtcAt(value, 0, value.length);
  if (fast !== null) return fast;
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
  const ms = utc(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 30 February over into March; refuse such dates.
  if (new Date(ms).getUTCDate() !== day) return null;
  const zone = m[8]!;
  if (zone === 'Z') return ms;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const zh = +digits.slice(0, 2);
  const zm = +digits.slice(2);
  if (zh > 23 || zm > 59) return null;
  return ms - sign * (zh * 60 + zm) * 60_000;
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
/** The two digits at `i` as a number, or -1 unless both are digits. */
const two = (text: string, i: number) => {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The date parseUtcAt() read last, as year * 10000 + month * 100 + day, and its days
 * since 1970: a log's lines are in time order, so almost every line has the date of the
 * line before, and working the day out again was a third of reading the time.
 */
let lastDate = -1;
let lastDays = 0;

/**
 * The common shapes "2026-03-02T09:00:00Z" and "2026-03-02T09:00:00.000Z" without a
 * regular expression (logs have millions of them). Anything else returns null and goes
 * through the general parser, which also refuses what this one refuses. It reads the
 * text between `start` and `end` of a longer string (a log line), so the reader need not
 * cut the time out first.
 */
export function parseUtcAt(v: string, start: number, end: number): number | null {
  const length = end - start;
  if (length !== 20 && length !== 24) return null;
  const long = length === 24;
  const c = (i: number) => v.charCodeAt(start + i);
  if (c(length - 1) !== 90 /* Z */ || c(4) !== 45 || c(7) !== 45 || c(10) !== 84 /* T */ || c(13) !== 58 || c(16) !== 58) return null;
  if (long && c(19) !== 46 /* . */) return null;
  const century = two(v, start);
  const yy = two(v, start + 2);
  const month = two(v, start + 5);
  const day = two(v, start + 8);
  const hour = two(v, start + 11);
  const minute = two(v, start + 14);
  const second = two(v, start + 17);
  const tenths = long ? two(v, start + 20) : 0;
  const third = long ? digit(v, start + 22) : 0;
  // Each pair on its own: a year of 20*100 + (-1) would be 1999.
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (tenths < 0 || third < 0 || third > 9) return null;
  const year = century * 100 + yy;
  const date = year * 10000 + month * 100 + day;
  if (date !== lastDate) {
    if (day > daysInMonth(year, month)) return null;
    lastDays = daysFromCivil(year, month, day);
    lastDate = date;
  }
  return lastDays * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + tenths * 10 + third;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), without a Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const FIRST_4_DIGIT_YEAR = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const LAST_4_DIGIT_YEAR = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * The instant as Date#toISOString writes it ("2026-03-02T09:00:00.000Z"), by arithmetic:
 * output writes two or three times per decision, and building a Date for each was a
 * second of a ten-million-decision replay. Years outside 0-9999 go to toISOString.
 */
export function formatTime(ms: number): string {
  if (!(ms >= FIRST_4_DIGIT_YEAR && ms <= LAST_4_DIGIT_YEAR) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  // H. Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${TWO[Math.floor(year / 100)]}${TWO[year % 100]}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${THREE[millis]}Z`;
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `90`, `90s`, `2m`, `1h` or `500ms` into milliseconds; a bare number is seconds. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (m === null) return null;
  const ms = +m[1]! * UNIT_MS[m[2] ?? 's']!;
  return Number.isSafeInteger(ms) && ms <= MAX_DURATION_MS ? ms : null;
}
