/**
 * Reads an NDJSON message log, one line at a time, from a file or standard input ("-").
 * Pieces of complete lines are checked as UTF-8 and decoded at once; a line is bounded
 * in length; each line is parsed (the plain shape by parseFlatLine, anything else by
 * JSON.parse), validated and handed on synchronously.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { DataError, LogLineError } from '../domain/errors.js';
import type { LogEvent } from '../domain/events.js';
import { FlatLine, Interner, parseFlatLine } from './flat-json.js';
import { LogSequence, toEvent, type KnownIds } from './log-events.js';
import { cannotRead, inputName } from './read-input.js';

/** A longer line is an error, not a reason to use unbounded memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Text is decoded in pieces of about this size (see handleLines). */
const DECODE_BYTES = 64 * 1024;

export interface ReadLogOptions {
  /** A path, or "-" for standard input. */
  path: string;
  /** Standard input, for "-" (the command's IOStreams). */
  stdin?: () => NodeJS.ReadableStream;
  known: KnownIds;
  /** Sort the events by time (stably) instead of requiring time order. */
  sort: boolean;
  /**
   * `line`: the parsed line the event came from, when the plain-shape parser read it (it
   * is reused for the next line): its interned ids' slots in `ids`.
   */
  onEvent(event: LogEvent, line?: FlatLine): void;
  /**
   * The event given to onEvent is used during the call only (the reading thread encodes
   * it at once): a line the plain-shape parser read is then made its event in place (see
   * toEvent), not copied into an object of its own. Not with `sort`, which keeps them.
   */
  transient?: boolean;
  /** The cache the ids are interned in (the reading thread shares it with its numbering). */
  ids?: Interner;
  /** False: the caller checks that message ids are unique, as the events come (default true). */
  checkMessageIds?: boolean;
  /** Called now and then with bytes read so far and the size (0 when unknown). */
  onProgress?(bytesRead: number, totalBytes: number): void;
  /**
   * Read only the lines that contain one of these byte strings (why: the user's and the
   * message's ids, quoted); the others are counted, not parsed or checked.
   */
  only?: readonly Buffer[];
}


/**
 * What a failure while reading or replaying the log `name` becomes: a problem with a
 * line says FILE:LINE, a file that cannot be read says so, anything else stays as it is.
 */
export function asLogError(name: string, error: unknown): unknown {
  if (error instanceof LogLineError) return new DataError(`${name}:${error.line}: ${error.problem}`);
  if (error instanceof DataError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new DataError(`cannot read the log ${name}: ${(error as Error).message}`);
  }
  return error;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

export async function readLog(options: ReadLogOptions): Promise<{ lines: number; events: number }> {
  const name = inputName(options.path);
  const sequence = new LogSequence(options.sort, options.checkMessageIds ?? true);
  const ids = options.ids ?? new Interner();
  const holder = new FlatLine();
  const buffered: LogEvent[] = [];
  let events = 0;
  let lineNo = 0;

  const inPlace = options.transient === true && !options.sort;
  const accept = (raw: unknown): void => {
    const event = toEvent(raw, lineNo, options.known, inPlace);
    sequence.accept(event);
    events++;
    if (options.sort) buffered.push(event);
    else options.onEvent(event, raw === holder ? holder : undefined);
  };

  /** The line text.slice(start, end), without its newline. */
  const handleLine = (text: string, start: number, end: number): void => {
    lineNo++;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF
    if (end - start > MAX_LINE_BYTES) throw new LogLineError(lineNo, `the line is longer than ${MAX_LINE_BYTES} bytes`);
    const flat = parseFlatLine(text, start, end, ids, holder);
    if (flat !== undefined) return accept(flat);
    const line = text.slice(start, end);
    if (isBlank(line)) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new LogLineError(lineNo, `not valid JSON (${(error as Error).message})`);
    }
    accept(raw);
  };

  const handleText = (text: string): void => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      handleLine(text, start, nl);
      start = nl + 1;
    }
    if (start < text.length) handleLine(text, start, text.length);
  };

  /**
   * Complete lines (ending in a newline), decoded a piece of at most DECODE_BYTES at a time
   * (longer strings go to V8's large-object space, which made decoding several times
   * slower) — as Latin-1 when the piece is ASCII, which is the same text and faster.
   */
  const handleLines = (bytes: Buffer): void => {
    if (options.only !== undefined) return handleSomeLines(bytes, options.only);
    for (let start = 0; start < bytes.length; ) {
      let end = bytes.length;
      if (end - start > DECODE_BYTES) {
        const nl = bytes.lastIndexOf(10, start + DECODE_BYTES - 1);
        end = nl >= start ? nl + 1 : bytes.indexOf(10, start + DECODE_BYTES) + 1 || bytes.length;
      }
      const piece = bytes.subarray(start, end);
      if (isAscii(piece)) handleText(piece.toString('latin1'));
      else if (isUtf8(piece)) handleText(piece.toString('utf8'));
      else handleInvalidUtf8(piece);
      start = end;
    }
  };

  /**
   * Complete lines, of which only those holding a needle are read: the needles are found
   * in the whole piece, and the lines between are only counted.
   */
  const handleSomeLines = (bytes: Buffer, needles: readonly Buffer[]): void => {
    const next = needles.map((n) => bytes.indexOf(n));
    let start = 0;
    while (start < bytes.length) {
      let hit = -1;
      for (const at of next) if (at !== -1 && (hit === -1 || at < hit)) hit = at;
      if (hit === -1) {
        // No more hits in this piece: count the rest of its lines.
        for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, nl + 1)) lineNo++;
        return;
      }
      // Count the lines before the hit's line, then read that line.
      let nl = bytes.indexOf(10, start);
      while (nl !== -1 && nl < hit) {
        lineNo++;
        start = nl + 1;
        nl = bytes.indexOf(10, start);
      }
      const end = nl === -1 ? bytes.length : nl;
      const line = bytes.subarray(start, end);
      if (!isUtf8(line)) throw new LogLineError(lineNo + 1, 'the line is not valid UTF-8');
      const text = line.toString('utf8');
      handleLine(text, 0, text.length);
      start = end + 1;
      for (let i = 0; i < next.length; i++) if (next[i]! !== -1 && next[i]! < start) next[i] = bytes.indexOf(needles[i]!, start);
    }
  };

  /** Somewhere in here is invalid UTF-8: go line by line to name the line. */
  const handleInvalidUtf8 = (bytes: Buffer): void => {
    let start = 0;
    while (start < bytes.length) {
      let nl = bytes.indexOf(10, start);
      if (nl === -1) nl = bytes.length;
      const line = bytes.subarray(start, nl);
      if (!isUtf8(line)) throw new LogLineError(lineNo + 1, 'the line is not valid UTF-8');
      const text = line.toString('utf8');
      handleLine(text, 0, text.length);
      start = nl + 1;
    }
  };

  let totalBytes = 0;
  if (options.path !== '-') {
    try {
      totalBytes = statSync(options.path).size;
    } catch (error) {
      throw cannotRead(name, error, 'the log');
    }
  }
  const stream =
    options.path === '-'
      ? (options.stdin?.() ?? process.stdin)
      : createReadStream(options.path, { highWaterMark: 1 << 18 });

  try {
    let carry: Buffer | null = null;
    let bytesRead = 0;
    let first = true;
    for await (let chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      // A UTF-8 byte-order mark (Windows editors write one) is not part of the first line.
      if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      first = false;
      let data: Buffer = chunk;
      if (carry !== null) {
        // Only the line carried over from the chunk before is joined, not the whole chunk
        // (copying every chunk cost about 3% of reading a log).
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          data = Buffer.concat([carry, chunk]);
        } else {
          handleLines(Buffer.concat([carry, chunk.subarray(0, nl + 1)]));
          data = chunk.subarray(nl + 1);
        }
      }
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline === -1) {
        // No line ends here (a long line): all of it waits for the next chunk.
        carry = data.length === 0 ? null : Buffer.from(data);
      } else {
        carry = lastNewline + 1 < data.length ? Buffer.from(data.subarray(lastNewline + 1)) : null;
        handleLines(data.subarray(0, lastNewline + 1));
      }
      if (carry !== null && carry.length > MAX_LINE_BYTES) {
        throw new LogLineError(lineNo + 1, `the line is longer than ${MAX_LINE_BYTES} bytes`);
      }
      options.onProgress?.(bytesRead, totalBytes);
    }
    if (carry !== null) handleLines(carry);
    if (options.sort) {
      // Array.prototype.sort is stable: equal times keep file order.
      buffered.sort((a, b) => a.at - b.at);
      for (const event of buffered) options.onEvent(event);
    }
  } catch (error) {
    throw asLogError(name, error);
  } finally {
    if (options.path !== '-') (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
  return { lines: lineNo, events };
}
