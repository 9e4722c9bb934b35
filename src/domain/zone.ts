/**
 * Time zones for people (SPEC 9.7): every time printed for people is in one zone (--tz,
 * else NOTIFYCTL_TZ, else UTC), and a flag value written without a zone is read in it.
 * JSON, NDJSON and CSV stay UTC. Zones are Intl's (IANA names), with `local` for the
 * machine's own.
 */
import { UsageError } from './errors.js';
import { parseTime, utc } from './time.js';

export const UTC = 'UTC';

/** The IANA name of a zone as given (`local` is the machine's); a usage error for an unknown one. */
export function resolveZone(name: string, flag = '--tz'): string {
  // The default needs no time zone data: loading it costs every command about 20 ms.
  if (name === 'UTC') return 'UTC';
  const wanted = name === 'local' ? localZone() : name;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`${flag} ${name}: not a time zone; accepted: an IANA name such as Europe/Rome or America/New_York, UTC, or local`);
  }
}

/**
 * The machine's zone. With TZ set but empty, or naming no zone Intl knows, the C library
 * keeps the time in UTC, and so does this (Intl says "Etc/Unknown" or nothing).
 */
function localZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  return zone === undefined || zone === 'Etc/Unknown' ? UTC : zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(ms: number, zone: string): Record<string, number> {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = +p.value;
  return out;
}

/** The zone's offset from UTC at that instant, in minutes. */
export function offsetMinutes(ms: number, zone: string): number {
  if (zone === UTC) return 0;
  const p = partsIn(ms, zone);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

const two = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** The one human time format: `2026-03-02 09:30:00Z` in UTC, `2026-03-02 10:30:00+01:00` elsewhere. */
export function formatHuman(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const d = new Date(ms + offset * 60_000);
  const text = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  if (zone === UTC) return `${text}Z`;
  return `${text}${offset < 0 ? '-' : '+'}${two(Math.trunc(offset / 60))}:${two(offset % 60)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time given on the command line: with a zone (ISO 8601) as it says, or a date or a
 * date and time without one, read in `zone`. Null when it is neither.
 */
export function parseTimeIn(text: string, zone: string): number | null {
  const withZone = parseTime(text);
  if (withZone !== null) return withZone;
  const m = LOCAL.exec(text.trim());
  if (m === null) return null;
  const month = +m[2]!;
  // utc(), not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  const wall = utc(+m[1]!, month - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0);
  // The date whole: Date.UTC rolls month 13 into January and month 00 back into December.
  if (Number.isNaN(wall) || month < 1 || month > 12 || new Date(wall).getUTCDate() !== +m[3]! || +(m[4] ?? 0) > 23 || +(m[5] ?? 0) > 59 || +(m[6] ?? 0) > 59) return null;
  return parseTime(wallToInstant(wall, zone));
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time (given as if it were UTC) names in `zone`, as Temporal's
 * "compatible" reads it: in the hour when clocks go back, which happens twice, the
 * earlier occurrence; in the hour when they go forward, which never happens, the time
 * that far past the jump (02:30 in a one-hour gap is 03:30). The offsets a day before and
 * a day after are the two the zone can have around that time.
 */
function wallToInstant(wall: number, zone: string): number {
  const before = offsetMinutes(wall - DAY_MS, zone) * 60_000;
  const after = offsetMinutes(wall + DAY_MS, zone) * 60_000;
  const valid = [wall - before, wall - after].filter((ms) => offsetMinutes(ms, zone) * 60_000 === wall - ms);
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/**
 * What is wrong with a date that has the right shape but names no day ("2026-02-30"):
 * "there is no day 30 in February 2026", "there is no month 13". Null when the date is
 * whole or the text is not of that shape (the caller says what is accepted).
 */
export function impossibleDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (m === null) return null;
  const [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  if (month < 1 || month > 12) return `there is no month ${m[2]}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `there is no day ${m[3]} in ${new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${year}`;
  return null;
}
