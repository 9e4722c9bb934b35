/**
 * The log's reading thread is chosen from the environment the command is given (the CLI
 * context's io.env), never from the process's own: NOTIFYCTL_LOG_WORKER=1 reads even a
 * small log in a thread, =0 never, and the output is the same either way. The log opener
 * is handed the built thread (the sources have none beside them), so the thread really
 * runs here, in-process.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLE_LOG, exampleDatabase } from '../fixtures/databases.js';
import { cli } from './run.js';

/** Whether each log opened was read in a thread, in the order opened. */
const threaded: boolean[] = [];

vi.mock('../../src/io/replay-log.js', async (original) => {
  const real = await original<typeof import('../../src/io/replay-log.js')>();
  const workerFile = pathToFileURL(resolve('dist/log-worker.cjs'));
  return {
    ...real,
    openLog: (path: string, options: import('../../src/io/replay-log.js').OpenLogOptions) => {
      const log = real.openLog(path, { ...options, workerFile });
      threaded.push(log.threaded);
      return log;
    },
  };
});

/** Runs `args` with the process's own NOTIFYCTL_LOG_WORKER set to `processSays` and the command's to `given`. */
async function withSetting(args: string[], given: '0' | '1', processSays: '0' | '1') {
  const saved = process.env.NOTIFYCTL_LOG_WORKER;
  process.env.NOTIFYCTL_LOG_WORKER = processSays;
  threaded.length = 0;
  try {
    const r = await cli(args, { env: { NOTIFYCTL_LOG_WORKER: given } });
    return { r, threaded: [...threaded] };
  } finally {
    if (saved === undefined) delete process.env.NOTIFYCTL_LOG_WORKER;
    else process.env.NOTIFYCTL_LOG_WORKER = saved;
  }
}

describe('NOTIFYCTL_LOG_WORKER comes from the environment the command is given', () => {
  it.each([
    ['simulate --all', ['simulate', '--log', EXAMPLE_LOG, '--all', '--format', 'ndjson']],
    ['simulate --stats', ['simulate', '--log', EXAMPLE_LOG, '--stats', '--format', 'json']],
    ['gaps', ['gaps', '--log', EXAMPLE_LOG, '--format', 'json']],
    ['load', ['load', '--log', EXAMPLE_LOG, '--format', 'json']],
    ['timeline', ['timeline', 'c-2', '--log', EXAMPLE_LOG, '--format', 'json']],
    ['why', ['why', 'dana', '--conversation', 'c-2', '--log', EXAMPLE_LOG]],
  ])('%s: =1 reads in a thread, =0 here, whatever the process says, and prints the same', async (_, command) => {
    const { db } = await exampleDatabase();
    const args = ['--db', db, ...command];
    const inThread = await withSetting(args, '1', '0');
    const here = await withSetting(args, '0', '1');
    expect(inThread.threaded).toEqual([true]);
    expect(here.threaded).toEqual([false]);
    expect(here.r.code).toBe(0);
    expect(here.r.stdout).not.toBe('');
    expect(inThread.r).toEqual(here.r);
  });
});
