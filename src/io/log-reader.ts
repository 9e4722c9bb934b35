/**
 * Reads an NDJSON message log, one line at a time, from a file or standard input ("-").
 * Whole chunks of complete lines are checked as UTF-8 and decoded at once; a line is
 * bounded in length; each line is parsed, validated and handed on synchronously.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { DataError, LogLineError } from '../domain/errors.js';
import type { LogEvent } from '../domain/events.js';
import { LogSequence, toEvent, type KnownIds } from './log-events.js';

/** A longer line is an error, not a reason to use unbounded memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface ReadLogOptions {
  /** A path, or "-" for standard input. */
  path: string;
  known: KnownIds;
  /** Sort the events by time (stably) instead of requiring time order. */
  sort: boolean;
  onEvent(event: LogEvent): void;
  /** Called now and then with bytes read so far and the size (0 when unknown). */
  onProgress?(bytesRead: number, totalBytes: number): void;
}

export function logDisplayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

export async function readLog(options: ReadLogOptions): Promise<{ lines: number; events: number }> {
  const name = logDisplayName(options.path);
  const sequence = new LogSequence(options.sort);
  const buffered: LogEvent[] = [];
  let events = 0;
  let lineNo = 0;

  const handleText = (text: string): void => {
    lineNo++;
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1); // CRLF
    if (text.length > MAX_LINE_BYTES) throw new LogLineError(lineNo, `the line is longer than ${MAX_LINE_BYTES} bytes`);
    if (isBlank(text)) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new LogLineError(lineNo, `not valid JSON (${(error as Error).message})`);
    }
    const event = toEvent(raw, lineNo, options.known);
    sequence.accept(event);
    events++;
    if (options.sort) buffered.push(event);
    else options.onEvent(event);
  };

  /** Complete lines (ending in a newline), decoded once and split as a string. */
  const handleLines = (bytes: Buffer): void => {
    if (isUtf8(bytes)) {
      const text = bytes.toString('utf8');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        handleText(text.slice(start, nl));
        start = nl + 1;
      }
      if (start < text.length) handleText(text.slice(start));
      return;
    }
    // Somewhere in here is invalid UTF-8: go line by line to name the line.
    let start = 0;
    while (start < bytes.length) {
      let nl = bytes.indexOf(10, start);
      if (nl === -1) nl = bytes.length;
      const line = bytes.subarray(start, nl);
      if (!isUtf8(line)) throw new LogLineError(lineNo + 1, 'the line is not valid UTF-8');
      handleText(line.toString('utf8'));
      start = nl + 1;
    }
  };

  let totalBytes = 0;
  if (options.path !== '-') {
    try {
      totalBytes = statSync(options.path).size;
    } catch (error) {
      throw new DataError(`cannot read the log ${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  const stream =
    options.path === '-'
      ? process.stdin
      : createReadStream(options.path, { highWaterMark: 1 << 18 });

  try {
    let carry: Buffer | null = null;
    let bytesRead = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const data: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline === -1) {
        carry = data;
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
    if (error instanceof LogLineError) throw new DataError(`${name}:${error.line}: ${error.problem}`);
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new DataError(`cannot read the log ${name}: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    if (options.path !== '-') (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
  return { lines: lineNo, events };
}
