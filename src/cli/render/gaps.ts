/** `gaps` in each format: the unreachable customer messages, and the summary line. */
import type { Output } from '../output/iostreams.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { GapCounts, GapRow } from '../../engine/gaps.js';
import { renderTable, wrap } from './table.js';
import { jsonText, jsonLine } from '../output/json.js';
import { plural } from '../../domain/text.js';
import type { Suggestion } from '../../engine/suggest.js';

/** A row as data (SPEC 9.2): times as UTC ISO strings. */
export function gapObject(g: GapRow): Record<string, unknown> {
  return {
    message: g.message,
    at: formatTime(g.at),
    conversation: g.conversation,
    item: g.item,
    project: g.project,
    seenBy: g.seenBy,
    seenAt: g.seenAt === null ? null : formatTime(g.seenAt),
    blockers: g.blockers,
  };
}

const blockerText = (g: GapRow, separator: string) => Object.entries(g.blockers).map(([reason, n]) => `${reason}=${n}`).join(separator);

export async function renderGaps(rows: readonly GapRow[], format: 'table' | 'json' | 'ndjson' | 'csv', o: Output): Promise<void> {
  o.out.write(await gapsText(rows, format, o));
}

async function gapsText(rows: readonly GapRow[], format: 'table' | 'json' | 'ndjson' | 'csv', o: Output): Promise<string> {
  if (format === 'json') return jsonText(rows.map(gapObject));
  if (format === 'ndjson') return rows.map((g) => jsonLine(gapObject(g))).join('');
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([
      ['message', 'at', 'conversation', 'item', 'project', 'seenBy', 'seenAt', 'blockers'],
      ...rows.map((g) => [g.message, formatTime(g.at), g.conversation, g.item, g.project, g.seenBy, g.seenAt === null ? null : formatTime(g.seenAt), blockerText(g, ';')]),
    ]);
  }
  if (rows.length === 0) return '';
  return renderTable(
    ['TIME', 'MESSAGE', 'CONVERSATION', 'PROJECT', wrap('SEEN BY'), wrap('BLOCKERS')],
    rows.map((g) => [
      formatHuman(g.at, o.zone),
      g.message,
      g.item === null ? g.conversation : `${g.conversation} (${g.item})`,
      g.project ?? '',
      g.seenBy === null ? '— (unnoticed)' : `${g.seenBy} at ${formatHuman(g.seenAt!, o.zone)}`,
      blockerText(g, o.terminal ? ', ' : ';'),
    ]),
    o.terminal,
    o.color,
  );
}

export function gapSummary(c: GapCounts): string {
  return `${c.customerMessages} customer message${c.customerMessages === 1 ? '' : 's'}: ${c.unreachable} unreachable (no active user would be alerted), ${c.unnoticed} unnoticed (and nobody saw it in time).`;
}

/** A suggestion with its ready command (made by the command, which knows the shell). */
export interface SuggestionRow extends Suggestion {
  command: string;
}

function suggestionObject(s: SuggestionRow): Record<string, unknown> {
  const { entity, target, user, key } = s.change;
  return { command: s.command, change: { entity, target, user, key, new: s.change.new }, reaches: s.reaches, alertsAdded: s.alertsAdded, emailsAdded: s.emailsAdded };
}

/** Up to five ids on a line; more are counted, and --format json lists them all. */
function someIds(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${plural(ids.length, 'message')} (${ids.slice(0, 3).join(', ')}, …)`;
}

/** `gaps --suggest`: the gaps, then one line per suggestion, then what stays unreachable. */
export async function renderSuggestions(rows: readonly GapRow[], suggestions: readonly SuggestionRow[], stillUnreachable: readonly string[], format: 'table' | 'json' | 'csv', o: Output): Promise<void> {
  o.out.write(await suggestionsText(rows, suggestions, stillUnreachable, format, o));
}

async function suggestionsText(rows: readonly GapRow[], suggestions: readonly SuggestionRow[], stillUnreachable: readonly string[], format: 'table' | 'json' | 'csv', o: Output): Promise<string> {
  if (format === 'json') return jsonText({ gaps: rows.map(gapObject), suggestions: suggestions.map(suggestionObject), stillUnreachable });
  if (format === 'csv') {
    const { csvRows } = await import('../../io/csv.js');
    return csvRows([['command', 'reaches', 'alertsAdded', 'emailsAdded'], ...suggestions.map((s) => [s.command, s.reaches.join(';'), String(s.alertsAdded), String(s.emailsAdded)])]);
  }
  if (rows.length === 0) return '';
  const lines: string[] = [];
  if (suggestions.length === 0) lines.push('No single change to a preference, a membership or a follow reaches any of them.');
  else {
    lines.push(`Suggested changes, each given those before it (together they reach ${(rows.length - stillUnreachable.length).toLocaleString('en-US')} of ${plural(rows.length, 'listed message')}):`);
    for (const s of suggestions) lines.push(`${s.command}   # reaches ${someIds(s.reaches)}; adds ${plural(s.alertsAdded, 'alert')}, ${plural(s.emailsAdded, 'email')}`);
    if (stillUnreachable.length > 0) lines.push(`Still unreachable: ${someIds(stillUnreachable)}`);
  }
  return `${await gapsText(rows, 'table', o)}\n${lines.join('\n')}\n`;
}
