/** Decisions in each format of SPEC section 6. One renderer per format. */
import type { Decision } from '../../domain/decision.js';
import { DECISION_FIELDS } from '../../domain/decision.js';
import { REASON_SENTENCES } from '../../domain/reasons.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { ChalkInstance } from 'chalk';

export type DecisionFormat = 'table' | 'json' | 'ndjson' | 'csv';
export const DECISION_FORMATS: DecisionFormat[] = ['table', 'json', 'ndjson', 'csv'];

/** JSON.stringify of a string, without its overhead for the plain ids that are nearly all of them. */
function quote(v: string): string {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // Quotes, backslashes, control characters and surrogates (JSON.stringify escapes lone ones).
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(v);
  }
  return `"${v}"`;
}

const str = (v: string | null) => (v === null ? 'null' : quote(v));

/** The decisions of one message share their times: remember the last one formatted. */
function timeMemo(): (v: number | null) => string {
  let lastMs = NaN;
  let lastText = '';
  return (v) => {
    if (v === null) return 'null';
    if (v !== lastMs) {
      lastMs = v;
      lastText = `"${formatTime(v)}"`;
    }
    return lastText;
  };
}
const atTime = timeMemo();
const fireTime = timeMemo();
const seenTime = timeMemo();

/** The same for ids: a message's decisions share its id, conversation and item. */
function quoteMemo(): (v: string | null) => string {
  let last: string | null = null;
  let lastText = 'null';
  return (v) => {
    if (v !== last) {
      last = v;
      lastText = str(v);
    }
    return lastText;
  };
}
const messageId = quoteMemo();
const conversationId = quoteMemo();
const itemId = quoteMemo();

/** Users, and the few values of via and emailSkipped, recur: each is quoted once. */
const quoted = new Map<string, string>();
function quoteKnown(v: string | null): string {
  if (v === null) return 'null';
  let text = quoted.get(v);
  if (text === undefined) {
    text = quote(v);
    // Bounded: the workspace's users and a few names.
    if (quoted.size < 100_000) quoted.set(v, text);
  }
  return text;
}

/** One decision as a JSON object with the fields in SPEC order, built without a detour; `end` follows it (a newline). */
export function decisionJson(d: Decision, end = ''): string {
  return (
    `{"message":${messageId(d.message)},"at":${atTime(d.at)},"conversation":${conversationId(d.conversation)},` +
    `"item":${itemId(d.item)},"user":${quoteKnown(d.user)},"alert":${d.alert},"email":${d.email},` +
    `"reason":"${d.reason}","via":${quoteKnown(d.via)},"emailSkipped":${quoteKnown(d.emailSkipped)},` +
    `"fireAt":${fireTime(d.fireAt)},"seenAt":${seenTime(d.seenAt)}}${end}`
  );
}

/** The decision as a plain object, for tests and documents that embed it. */
export function decisionObject(d: Decision): Record<string, unknown> {
  return JSON.parse(decisionJson(d)) as Record<string, unknown>;
}

export interface DecisionWriter {
  write(d: Decision): void;
  /** Everything is written; `summary` is a line for people. */
  end(summary: string): void;
}

export interface RenderTarget {
  out(text: string): void;
  /** Extra lines for people (summaries) that must not pollute piped data. */
  note(text: string): void;
  terminal: boolean;
  color: ChalkInstance;
  colorEnabled: boolean;
  /** The zone of times for people. */
  zone: string;
}

export async function decisionWriter(format: DecisionFormat, target: RenderTarget): Promise<DecisionWriter> {
  switch (format) {
    case 'ndjson':
      return { write: (d) => target.out(decisionJson(d, '\n')), end: () => {} };
    case 'json': {
      let first = true;
      return {
        write: (d) => {
          target.out((first ? '[\n' : ',\n') + decisionJson(d));
          first = false;
        },
        end: () => target.out(first ? '[]\n' : '\n]\n'),
      };
    }
    case 'csv': {
      const { csvRows } = await import('../../io/csv.js');
      // Cells, not decisions, are batched: a decision may be reused after write().
      let batch: (string | boolean | null)[][] = [];
      const flush = () => {
        target.out(csvRows(batch));
        batch = [];
      };
      target.out(csvRows([[...DECISION_FIELDS]]));
      return {
        write: (d) => {
          batch.push(decisionCells(d));
          if (batch.length >= 1000) flush();
        },
        end: () => flush(),
      };
    }
    case 'table':
      return tableWriter(target);
  }
}

function decisionCells(d: Decision): (string | boolean | null)[] {
  return [
    d.message,
    formatTime(d.at),
    d.conversation,
    d.item,
    d.user,
    d.alert,
    d.email,
    d.reason,
    d.via,
    d.emailSkipped,
    d.fireAt === null ? null : formatTime(d.fireAt),
    d.seenAt === null ? null : formatTime(d.seenAt),
  ];
}

async function tableWriter(target: RenderTarget): Promise<DecisionWriter> {
  const { renderTable } = await import('./table.js');
  const rows: string[][] = [];
  const c = target.color;
  const human = target.terminal;
  const when = (ms: number) => formatHuman(ms, target.zone);
  return {
    write: (d) => {
      const outcome = d.alert ? (d.email ? 'alert + email' : `alert (no email: ${d.emailSkipped})`) : '—';
      rows.push([
        when(d.at),
        d.message,
        d.item === null ? d.conversation : `${d.conversation} (${d.item})`,
        d.user,
        human ? (d.alert ? c.green(outcome) : c.dim(outcome)) : d.alert ? (d.email ? 'alert+email' : 'alert') : 'none',
        human ? `${REASON_SENTENCES[d.reason]} (${d.reason})` : d.reason,
        d.via ?? '',
        // Piped, why an alert had no email is a column of its own (the terminal says it in OUTCOME).
        ...(human ? [] : [d.emailSkipped ?? '']),
      ]);
    },
    end: (summary) => {
      if (rows.length > 0) {
        target.out(renderTable(['TIME', 'MESSAGE', 'CONVERSATION', 'USER', 'OUTCOME', 'REASON', 'VIA', ...(human ? [] : ['EMAIL-SKIPPED'])], rows, human, target.colorEnabled));
      }
      target.note(summary);
    },
  };
}
