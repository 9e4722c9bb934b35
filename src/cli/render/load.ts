/** `load` (SPEC 10.5) in each format, and its summary line. */
import type { Output } from '../output/iostreams.js';
import { plural } from '../../domain/text.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { UserLoad } from '../../engine/load.js';
import { jsonText } from '../output/json.js';
import { renderTable } from './table.js';

/**
 * A row as data: times as UTC ISO strings, each period's written once (`time`): the
 * users share their periods, hundreds of thousands of entries on a month's log.
 */
function loadObject(u: UserLoad, time: (ms: number) => string): Record<string, unknown> {
  return {
    user: u.user,
    alerts: u.alerts,
    emails: u.emails,
    alreadyHandled: u.alreadyHandled,
    busiest: { at: time(u.busiest.at), alerts: u.busiest.alerts },
    periods: u.periods.map((p) => ({ at: time(p.at), alerts: p.alerts, emails: p.emails })),
  };
}

function timeTexts(): (ms: number) => string {
  const texts = new Map<number, string>();
  return (ms) => {
    let text = texts.get(ms);
    if (text === undefined) texts.set(ms, (text = formatTime(ms)));
    return text;
  };
}

export async function renderLoad(rows: readonly UserLoad[], format: 'table' | 'json' | 'csv', o: Output): Promise<void> {
  o.out.write(await loadText(rows, format, o));
}

async function loadText(rows: readonly UserLoad[], format: 'table' | 'json' | 'csv', o: Output): Promise<string> {
  if (format === 'json') {
    const time = timeTexts();
    return jsonText(rows.map((u) => loadObject(u, time)));
  }
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([
      ['user', 'alerts', 'emails', 'alreadyHandled', 'busiestAt', 'busiestAlerts', 'periods'],
      ...rows.map((u) => [u.user, u.alerts, u.emails, u.alreadyHandled, formatTime(u.busiest.at), u.busiest.alerts, u.periods.length]),
    ]);
  }
  if (rows.length === 0) return '';
  return renderTable(
    ['USER', 'ALERTS', 'EMAILS', 'ALREADY HANDLED', 'BUSIEST', 'ALERTS THEN', 'PERIODS'],
    rows.map((u) => [u.user, String(u.alerts), String(u.emails), String(u.alreadyHandled), formatHuman(u.busiest.at, o.zone), String(u.busiest.alerts), String(u.periods.length)]),
    o.terminal,
    o.color,
  );
}

export function loadSummary(rows: readonly UserLoad[], by: 'hour' | 'day'): string {
  const sum = (f: (u: UserLoad) => number) => rows.reduce((n, u) => n + f(u), 0);
  return `${plural(sum((u) => u.alerts), 'alert')} and ${plural(sum((u) => u.emails), 'email')} to ${plural(rows.length, 'user')}; ${sum((u) => u.alreadyHandled).toLocaleString('en-US')} about a message someone else had already seen; periods of one ${by}.`;
}
