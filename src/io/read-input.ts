/** Reading input files, or standard input for "-", with one sentence when it fails. */
import { readFileSync } from 'node:fs';
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

/** Reads a whole input: a file, or standard input ("-") from `stdin`. */
export function readInput(path: string, stdin: { readStdin(): Buffer }): { name: string; text: string } {
  const name = inputName(path);
  try {
    return { name, text: withoutBom(path === '-' ? stdin.readStdin().toString('utf8') : readFileSync(path, 'utf8')) };
  } catch (error) {
    throw cannotRead(name, error);
  }
}
