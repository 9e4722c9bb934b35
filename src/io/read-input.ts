/** Reading input files, or standard input for "-", with one sentence when it fails. */
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { DataError } from '../domain/errors.js';

/** How an input path is named in messages: standard input is "<stdin>". */
export function inputName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/** Why reading `path` failed, in words: "no such file", "it is a directory", or the system's message. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

/** The one error for an input that cannot be read. */
export function cannotRead(name: string, error: unknown, what = ''): DataError {
  return new DataError(`cannot read ${what === '' ? '' : `${what} `}${name}: ${readFailure(error)}`);
}

/** Drops a UTF-8 byte-order mark, which editors on Windows put at the start of files. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The text of an input's bytes, which must be UTF-8 (SPEC 10.4): anything else (a
 * Windows-1252 export, say) is refused naming the first line that is not, instead of
 * being stored with replacement characters. A byte-order mark is dropped.
 */
export function utf8Text(name: string, bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    let line = 1;
    for (let start = 0; ; line++) {
      let nl = bytes.indexOf(10, start);
      if (nl === -1) nl = bytes.length;
      // A line cut in the middle of a character is still judged whole.
      if (!isUtf8(bytes.subarray(start, nl))) break;
      start = nl + 1;
    }
    throw new DataError(`${name}:${line}: the line is not valid UTF-8; save the file as UTF-8 (from a spreadsheet: "CSV UTF-8") and try again; nothing was changed`);
  }
  return withoutBom(bytes.toString('utf8'));
}

/** Reads a whole input: a file, or standard input ("-") from `stdin`. */
export function readInput(path: string, stdin: { readStdin(): Buffer }): { name: string; text: string } {
  const name = inputName(path);
  let bytes: Buffer;
  try {
    bytes = path === '-' ? stdin.readStdin() : readFileSync(path);
  } catch (error) {
    throw cannotRead(name, error);
  }
  return { name, text: utf8Text(name, bytes) };
}
