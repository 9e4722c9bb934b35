/** `load` (SPEC 10.5) in each format, and its summary line. */
import type { Output, OutputStream } from '../output/iostreams.js';
import { plural } from '../../domain/text.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { UserLoad } from '../../engine/load.js';
import { jsonScalar } from '../output/json.js';
import { renderTable } from './table.js';

/**
 * The rows as JSON, written in pieces as they go, byte for byte jsonText of the rows as
 * data (a row's times as UTC ISO strings): the users share their periods, hundreds of
 * thousands of entries on a month's log, and JSON.stringify(…, null, 2) of an object per
 * entry was most of what load spent after the replay. Each period's time is made once.
 */
export function writeLoadJson(out: OutputStream, rows: readonly UserLoad[]): void {
  const time = timeTexts();
  if (rows.length === 0) {
    out.write('[]\n');
    return;
  }
  let pending = '[';
  for (let k = 0; k < rows.length; k++) {
    const u = rows[k]!;
    pending += `${k === 0 ? '' : ','}\n  {\n    "user": ${jsonScalar(u.user)},\n    "alerts": ${u.alerts},\n    "emails": ${u.emails},\n    "alreadyHandled": ${u.alreadyHandled},\n    "busiest": {\n      "at": "${time(u.busiest.at)}",\n      "alerts": ${u.busiest.alerts}\n    },\n    "periods": [`;
    const periods = u.periods;
    for (let j = 0; j < periods.length; j++) {
      const p = periods[j]!;
      pending += `${j === 0 ? '' : ','}\n      {\n        "at": "${time(p.at)}",\n        "alerts": ${p.alerts},\n        "emails": ${p.emails}\n      }`;
      if (pending.length >= 1 << 16) {
        out.write(pending);
        pending = '';
      }
    }
    pending += periods.length === 0 ? ']\n  }' : '\n    ]\n  }';
  }
  out.write(pending + '\n]\n');
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
  if (format === 'json') writeLoadJson(o.out, rows);
  else o.out.write(await loadText(rows, format, o));
}

async function loadText(rows: readonly UserLoad[], format: 'table' | 'csv', o: Output): Promise<string> {
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
