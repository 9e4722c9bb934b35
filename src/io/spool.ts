/** A log that is read twice (why, --impact): a regular file as it is, anything else copied once. */
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataError } from '../domain/errors.js';
import { cannotRead, inputName } from './read-input.js';
import { makeTempDir, removeTempDir } from './temp.js';

/**
 * Runs `work` with a path to the log that can be read more than once: a regular file
 * itself; standard input ("-"), a pipe, a FIFO or a device copied to a private file
 * first, since a second read of those would find them empty (or wait forever).
 */
export async function withLogPath<T>(log: string, stdin: () => NodeJS.ReadableStream, work: (path: string) => Promise<T>): Promise<T> {
  if (log !== '-') {
    let regular: boolean;
    try {
      regular = statSync(log).isFile();
    } catch (error) {
      throw cannotRead(inputName(log), error, 'the log');
    }
    if (regular) return work(log);
  }
  const dir = makeTempDir(`to keep a copy of ${inputName(log)}`);
  try {
    const path = join(dir, 'log.ndjson');
    const { createReadStream } = await import('node:fs');
    await pipeline(log === '-' ? stdin() : createReadStream(log), createWriteStream(path, { mode: 0o600 }));
    try {
      return await work(path);
    } catch (error) {
      // A problem with a line names the log as it was given, not the private copy.
      if (error instanceof DataError && error.message.includes(path)) throw new DataError(error.message.split(path).join(inputName(log)), error.details);
      throw error;
    }
  } finally {
    removeTempDir(dir);
  }
}
