/** `timeline` for people (a table, tab-separated when piped) and for scripts (SPEC 9.1 JSON). */
import type { Output } from '../output/iostreams.js';
import type { LogEvent } from '../../domain/events.js';
import { messageKind } from '../../domain/events.js';
import { SUPPRESSION_REASONS, type Reason } from '../../domain/reasons.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { NotAUser, TimelineEvent } from '../../engine/timeline.js';
import { decisionObject } from './decisions.js';
import { cut, renderTable, wrap } from './table.js';

/** The suppression counts in the order of the reason vocabulary, whatever order users came in. */
function inReasonOrder(t: TimelineEvent): Partial<Record<Reason, number>> {
  return Object.fromEntries(SUPPRESSION_REASONS.filter((r) => t.suppressed[r] !== undefined).map((r) => [r, t.suppressed[r]]));
}

/** The log fields of an event, as the log writes them (times as UTC ISO). */
function logFields(e: LogEvent): Record<string, unknown> {
  switch (e.type) {
    case 'message':
      return { id: e.id, conversation: e.conversation, author: e.author, authorKind: e.authorKind, audience: e.audience, item: e.item };
    case 'view':
      return { user: e.user, conversation: e.conversation };
    default:
      return { user: e.user, ...(e.item !== null ? { item: e.item } : { conversation: e.conversation }) };
  }
}

export function timelineObject(conversation: string, item: string | null, events: readonly TimelineEvent[], withDecisions: boolean): Record<string, unknown> {
  return {
    conversation,
    item,
    events: events.map((t) => ({
      line: t.event.line,
      at: formatTime(t.event.at),
      type: t.event.type,
      ...logFields(t.event),
      ...(t.text !== undefined && { text: t.text }),
      ...(t.event.type === 'message' && {
        seenBy: t.seenBy.map((s) => ({ user: s.user, at: formatTime(s.at) })),
        ...(withDecisions && { decisions: t.decisions.map(decisionObject) }),
        ...(t.notDecided !== undefined && { notDecided: t.notDecided }),
        alerted: t.alerted,
        emailed: t.emailed,
        suppressed: inReasonOrder(t),
      }),
    })),
  };
}

const KIND_WORDS = { customer: 'customer message', internal: 'internal message', reply: 'reply to customers' } as const;

function what(t: TimelineEvent): string {
  const e = t.event;
  if (e.type === 'message') return `${KIND_WORDS[messageKind(e)]} ${e.id} by ${e.authorKind === 'user' ? '' : `${e.authorKind} `}${e.author}${t.attaches ? ` (attaches it to ${e.item})` : ''}`;
  if (e.type === 'view') return `${e.user} viewed it`;
  return `${e.user} ${e.type === 'follow' ? 'followed' : 'unfollowed'} ${e.item !== null ? `item ${e.item}` : 'the conversation'}`;
}

function outcome(t: TimelineEvent, window: number, zone: string): string {
  if (t.event.type !== 'message') return '';
  const parts: string[] = [];
  if (t.alerted.length > 0) parts.push(`alerts at ${formatHuman(t.event.at + window, zone).slice(11)}: ${t.alerted.join(' ')}`);
  if (t.emailed.length > 0) parts.push(`emailed: ${t.emailed.join(' ')}`);
  const quiet = Object.entries(inReasonOrder(t)).map(([reason, n]) => `${reason} ${n}`);
  if (quiet.length > 0) parts.push(`not alerted: ${quiet.join(', ')}`);
  // Who saw it in time, beside the counts: "not_following 3" may be people who read it at once.
  if (t.seenBy.length > 0) parts.push(`seen by: ${t.seenBy.map((s) => `${s.user} ${formatHuman(s.at, zone).slice(11)}`).join(', ')}`);
  return parts.join('; ');
}

/** A --user cell with no decision (nothing is decided for someone not a user at the message's time, SPEC 10.1); 'none': not a message. */
const NOT_A_USER: Record<NotAUser | 'none', string> = {
  not_a_user_yet: 'not a user yet',
  no_longer_a_user: 'no longer a user',
  not_a_user_as_of: 'not a user at --as-of',
  none: '',
};

export function renderTimeline(
  conversation: string,
  item: string | null,
  events: readonly TimelineEvent[],
  shown: { users: readonly string[]; window: number },
  o: Output,
): void {
  o.out.write(timelineText(conversation, item, events, { ...shown, ...o }));
}

function timelineText(conversation: string, item: string | null, events: readonly TimelineEvent[], o: { users: readonly string[]; window: number } & Output): string {
  const own = (e: LogEvent) => (e.type === 'message' ? e.authorKind === 'user' && o.users.includes(e.author) : o.users.includes(e.user));
  // The log's text, its first line cut to fit, when some line has one.
  const withText = events.some((t) => t.text !== undefined);
  const head = ['', 'TIME', 'LINE', wrap('WHAT'), ...(withText ? [cut('TEXT')] : []), wrap('OUTCOME'), ...o.users.map((u) => wrap(u.toUpperCase()))];
  // In a terminal, lines all of one day show the day once, in the title, and times of day in the table.
  const days = new Set(events.map((t) => formatHuman(t.event.at, o.zone).slice(0, 10)));
  const oneDay = o.terminal && days.size === 1 ? [...days][0]! : null;
  const rows = events.map((t) => [
    own(t.event) ? '*' : '',
    oneDay === null ? formatHuman(t.event.at, o.zone) : formatHuman(t.event.at, o.zone).slice(11),
    String(t.event.line),
    what(t),
    ...(withText ? [(t.text ?? '').split(/\r?\n/, 1)[0]!] : []),
    outcome(t, o.window, o.zone),
    ...o.users.map((u) => {
      const d = t.decisions.find((x) => x.user === u);
      if (d === undefined) return NOT_A_USER[t.notDecided?.find((x) => x.user === u)?.reason ?? 'none'];
      return d.alert ? `alerted${d.email ? ' + email' : ''} (${d.reason})` : d.reason;
    }),
  ]);
  const table = renderTable(head, rows, o.terminal, o.color);
  if (!o.terminal) return table;
  const title = `Conversation ${conversation}${item === null ? ' (not attached to an item)' : ` on item ${item}`}: ${events.length} line${events.length === 1 ? '' : 's'}${oneDay === null ? '' : ` on ${oneDay}`}.`;
  return `${title}\n${table}${o.users.length > 0 ? `* marks lines of ${o.users.join(', ')}.\n` : ''}`;
}
