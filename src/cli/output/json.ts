/**
 * The one JSON writer (gh's Exporter): commands hand it plain data and never format JSON
 * themselves. It speaks the document dialect of SPEC 9.12 — the data given is already
 * in it (booleans for on/off, UTC times with milliseconds, durations in milliseconds) —
 * and writes it indented, with a final newline.
 */
import type { OutputStream } from './iostreams.js';

/** The JSON text of `value`, as every command prints it. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Writes `value` as JSON to `out`. */
export function writeJson(out: OutputStream, value: unknown): void {
  out.write(jsonText(value));
}

/** One value a line (NDJSON), for streams of rows. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value) + '\n';
}

/**
 * `value` as it stands inside a document written in pieces (a long array written as it
 * goes): indented as JSON.stringify(…, null, 2) would indent it at that depth, without
 * the leading indent or a newline after.
 */
export function jsonNested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** The characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON.stringify of a string, null or boolean, byte for byte; a string with nothing to
 * escape is quoted without JSON.stringify's set-up, which was most of the time of
 * documents of hundreds of thousands of short values written in pieces.
 */
export function jsonScalar(x: string | boolean | null): string {
  if (x === null) return 'null';
  if (typeof x === 'boolean') return x ? 'true' : 'false';
  return ESCAPED.test(x) ? JSON.stringify(x) : `"${x}"`;
}
