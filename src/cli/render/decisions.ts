/** Decisions in each format of SPEC section 6. One renderer per format. */
import type { Decision } from '../../domain/decision.js';
import { DECISION_FIELDS } from '../../domain/decision.js';
import { EMAIL_SKIPPED_VALUES, REASONS, REASON_SENTENCES, VIA_VALUES, type EmailSkipped, type Reason, type Via } from '../../domain/reasons.js';
import { formatTime } from '../../domain/time.js';
import { formatHuman } from '../../domain/zone.js';
import type { Output } from '../output/iostreams.js';
import { colors, ROOM_BYTES } from '../output/output.js';

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

const timeText = (v: number | null) => (v === null ? 'null' : `"${formatTime(v)}"`);
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

const REASON_NUMBER = new Map<Reason, number>(REASONS.map((r, i) => [r, i]));
const VIA_NUMBER = new Map<Via | null, number>([null, ...VIA_VALUES].map((v, i) => [v, i]));
const SKIPPED_NUMBER = new Map<EmailSkipped | null, number>([null, ...EMAIL_SKIPPED_VALUES].map((v, i) => [v, i]));

/** Where a writer may put bytes itself (DeferredOutput). */
export interface ByteTarget {
  /** The buffer, with room for `n` bytes (at most ROOM_BYTES) at `used`, after everything written before. */
  room(n: number): Uint8Array;
  /** Where the next bytes go; the writer moves it past what it put. */
  used: number;
}

/**
 * NDJSON decisions (the longest output: ten million lines and more) encoded straight into
 * the output's buffer, the same bytes as decisionJson(d, '\n'). A line is five pieces,
 * each encoded once and copied: the message's (`{"message":…,"user":`, once per message),
 * the user's, the outcome's (alert to `"fireAt":`; one per combination of its values), and the two times'.
 * Building a string per line, joining and encoding them took most of a long run.
 */
export class NdjsonBytes {
  private message: string | undefined;
  private at = NaN;
  private conversation: string | undefined;
  private item: string | null | undefined;
  private head: Uint8Array = new Uint8Array(0);
  private readonly users = new Map<string, Uint8Array>();
  private readonly outcomes: (Uint8Array | undefined)[] = [];
  private reason: Reason | undefined;
  private via: Via | null | undefined;
  private emailSkipped: EmailSkipped | null | undefined;
  private alert: boolean | undefined;
  private email: boolean | undefined;
  private outcome: Uint8Array = new Uint8Array(0);
  private fireAt: number | null | undefined;
  private fire: Uint8Array = new Uint8Array(0);
  private seenAt: number | null | undefined;
  private seen: Uint8Array = new Uint8Array(0);

  /** `text` takes a line too long for room() (an id of many kilobytes), in its place. */
  constructor(
    private readonly out: ByteTarget,
    private readonly text: (line: string) => void,
  ) {}

  write(d: Decision): void {
    if (d.message !== this.message || d.at !== this.at || d.conversation !== this.conversation || d.item !== this.item) {
      this.message = d.message;
      this.at = d.at;
      this.conversation = d.conversation;
      this.item = d.item;
      this.head = utf8(`{"message":${str(d.message)},"at":${timeText(d.at)},"conversation":${str(d.conversation)},"item":${str(d.item)},"user":`);
    }
    let user = this.users.get(d.user);
    if (user === undefined) {
      user = utf8(`${quote(d.user)},"alert":`);
      // Bounded: the workspace's users.
      if (this.users.size < 100_000) this.users.set(d.user, user);
    }
    if (d.reason !== this.reason || d.via !== this.via || d.emailSkipped !== this.emailSkipped || d.alert !== this.alert || d.email !== this.email) this.newOutcome(d);
    if (d.fireAt !== this.fireAt) {
      this.fireAt = d.fireAt;
      this.fire = utf8(`${timeText(d.fireAt)},"seenAt":`);
    }
    if (d.seenAt !== this.seenAt) {
      this.seenAt = d.seenAt;
      this.seen = utf8(`${timeText(d.seenAt)}}\n`);
    }
    const { head, outcome, fire, seen } = this;
    const n = head.length + user.length + outcome.length + fire.length + seen.length;
    if (n > ROOM_BYTES) {
      this.text(decisionJson(d, '\n'));
      return;
    }
    const out = this.out;
    const bytes = out.room(n);
    let at = out.used;
    bytes.set(head, at);
    at += head.length;
    bytes.set(user, at);
    at += user.length;
    bytes.set(outcome, at);
    at += outcome.length;
    bytes.set(fire, at);
    at += fire.length;
    bytes.set(seen, at);
    out.used = at + seen.length;
  }

  private newOutcome(d: Decision): void {
    this.reason = d.reason;
    this.via = d.via;
    this.emailSkipped = d.emailSkipped;
    this.alert = d.alert;
    this.email = d.email;
    // NaN for a value outside the vocabularies: encoded, not kept.
    const index = (((REASON_NUMBER.get(d.reason)! * VIA_NUMBER.size + VIA_NUMBER.get(d.via)!) * SKIPPED_NUMBER.size + SKIPPED_NUMBER.get(d.emailSkipped)!) * 2 + (d.alert ? 1 : 0)) * 2 + (d.email ? 1 : 0);
    let outcome = this.outcomes[index];
    if (outcome === undefined) {
      outcome = utf8(`${d.alert},"email":${d.email},"reason":"${d.reason}","via":${quoteKnown(d.via)},"emailSkipped":${quoteKnown(d.emailSkipped)},"fireAt":`);
      if (Number.isInteger(index)) this.outcomes[index] = outcome;
    }
    this.outcome = outcome;
  }
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

/** simulate's output (the renderers' Output), and what its long outputs also use. */
export interface RenderTarget extends Output {
  /** The same output, for writers that encode their own bytes (NDJSON); after every out.write(). */
  bytes?: ByteTarget;
  /** Extra lines for people (summaries) that must not pollute piped data. */
  note(text: string): void;
}

export async function decisionWriter(format: DecisionFormat, target: RenderTarget): Promise<DecisionWriter> {
  switch (format) {
    case 'ndjson': {
      const out = target.out;
      if (target.bytes === undefined) return { write: (d) => out.write(decisionJson(d, '\n')), end: () => {} };
      const lines = new NdjsonBytes(target.bytes, (text) => out.write(text));
      return { write: (d) => lines.write(d), end: () => {} };
    }
    case 'json': {
      let first = true;
      return {
        write: (d) => {
          target.out.write((first ? '[\n' : ',\n') + decisionJson(d));
          first = false;
        },
        end: () => target.out.write(first ? '[]\n' : '\n]\n'),
      };
    }
    case 'csv': {
      const { csvRows } = await import('../../io/csv.js');
      // Cells, not decisions, are batched: a decision may be reused after write().
      let batch: (string | boolean | null)[][] = [];
      const flush = () => {
        target.out.write(csvRows(batch));
        batch = [];
      };
      target.out.write(csvRows([[...DECISION_FIELDS]]));
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
  const { TableWriter, wrap } = await import('./table.js');
  const c = colors(target.color);
  const human = target.terminal;
  // Rows are written as they come (the widths from the first page): a long replay's table is never held whole.
  let table: InstanceType<typeof TableWriter> | null = null;
  const head = ['TIME', 'MESSAGE', 'CONVERSATION', 'USER', wrap('OUTCOME'), wrap('REASON'), 'VIA', ...(human ? [] : ['EMAIL-SKIPPED'])];
  const when = (ms: number) => formatHuman(ms, target.zone);
  return {
    write: (d) => {
      const outcome = d.alert ? (d.email ? 'alert + email' : `alert (no email: ${d.emailSkipped})`) : '—';
      table ??= new TableWriter(head, (text) => target.out.write(text), human, target.color);
      table.row([
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
      table?.end();
      target.note(summary);
    },
  };
}
