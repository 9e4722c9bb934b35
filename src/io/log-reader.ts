/**
 * Reads an NDJSON message log, one line at a time, from a file or standard input ("-").
 * Lines are split on bytes so that line numbers are exact and a line can be bounded in
 * length; each line is parsed, validated and handed on synchronously.
 */
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

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

export async function readLog(options: ReadLogOptions): Promise<{ lines: number; events: number }> {
  const name = logDisplayName(options.path);
  const sequence = new LogSequence(options.sort);
  const buffered: LogEvent[] = [];
  let events = 0;
  let lineNo = 0;

  const handleLine = (bytes: Buffer): void => {
    lineNo++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--; // CRLF
    let text = bytes.toString('utf8', 0, end);
    if (text.includes('\uFFFD')) {
      try {
        text = fatalDecoder.decode(bytes.subarray(0, end));
      } catch {
        throw new LogLineError(lineNo, 'the line is not valid UTF-8');
      }
    }
    if (text.trim() === '') return;
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
      : createReadStream(options.path, { highWaterMark: 1 << 20 });

  try {
    let carry: Buffer | null = null;
    let bytesRead = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      let data: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      carry = null;
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        if (nl - start > MAX_LINE_BYTES) throw new LogLineError(lineNo + 1, `the line is longer than ${MAX_LINE_BYTES} bytes`);
        handleLine(data.subarray(start, nl));
        start = nl + 1;
      }
      if (start < data.length) {
        if (data.length - start > MAX_LINE_BYTES) throw new LogLineError(lineNo + 1, `the line is longer than ${MAX_LINE_BYTES} bytes`);
        carry = Buffer.from(data.subarray(start));
      }
      options.onProgress?.(bytesRead, totalBytes);
    }
    if (carry !== null) handleLine(carry);
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
