/** Reading a whole input file, or standard input for "-", with a sentence when it fails. */
import { readFileSync } from 'node:fs';
import { DataError } from '../domain/errors.js';

export function readInput(path: string): { name: string; text: string } {
  const name = path === '-' ? '<stdin>' : path;
  try {
    return { name, text: readFileSync(path === '-' ? 0 : path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new DataError(`cannot read ${name}: ${why}`);
  }
}
