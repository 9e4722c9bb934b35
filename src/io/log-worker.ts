/**
 * The log reader in a worker thread (bundled as dist/log-worker.cjs). Reading, decoding,
 * parsing and checking a long log take about as long as replaying it, so with a second
 * core the two run side by side: this thread reads and hands over checked events in
 * batches (src/io/event-batch.ts); the main thread replays them (src/io/replay-log.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DataError } from '../domain/errors.js';
import { BatchEncoder, type EventBatch } from './event-batch.js';
import { Interner } from './flat-json.js';
import { readLog } from './log-reader.js';

export interface LogWorkerData {
  path: string;
  sort: boolean;
  /** One Int32: batches sent and not yet replayed. */
  inFlight: SharedArrayBuffer;
  /** Whether this thread checks that message ids are unique; if not, the main thread does. */
  checkMessageIds: boolean;
}

/**
 * The workspace's ids, which the lines are checked against: sent once the workspace is
 * read, so the thread can start (and boot) while it is. The thread reads nothing before.
 */
export interface LogWorkerKnown {
  users: string[];
  items: string[];
}

export type LogWorkerMessage =
  | { batch: EventBatch }
  | { done: { lines: number; events: number } }
  | { error: { message: string; details: string[]; data: boolean } };

const BATCH_EVENTS = 8192;
/** The first batch: the replay starts on it while this thread reads on (see BatchEncoder). */
const FIRST_BATCH_EVENTS = 256;
/**
 * The reader waits while the replay is this many batches behind, so memory stays flat
 * when replaying is the slower side (writing ten million decisions, say).
 */
export const MAX_IN_FLIGHT = 8;

async function run(port: NonNullable<typeof parentPort>, data: LogWorkerData): Promise<void> {
  const known = await new Promise<LogWorkerKnown>((resolve) => port.once('message', resolve));
  const users = new Set(known.users);
  const items = new Set(known.items);
  const inFlight = new Int32Array(data.inFlight);
  const ids = new Interner();
  const encoder = new BatchEncoder(BATCH_EVENTS, ids, FIRST_BATCH_EVENTS);
  let bytesRead = 0;
  const send = (batch: EventBatch): void => {
    for (let n = Atomics.load(inFlight, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, n);
    Atomics.add(inFlight, 0, 1);
    batch.bytesRead = bytesRead;
    port.postMessage({ batch } satisfies LogWorkerMessage, [batch.numbers.buffer, batch.messageIdHashes.buffer]);
  };
  try {
    const result = await readLog({
      path: data.path,
      sort: data.sort,
      known: { isUser: (id) => users.has(id), isItem: (id) => items.has(id) },
      ids,
      // Each event is encoded into the batch at once.
      transient: true,
      checkMessageIds: data.checkMessageIds,
      onEvent: (event, line) => {
        const full = encoder.add(event, line);
        if (full !== null) send(full);
      },
      onProgress: (done) => {
        bytesRead = done;
      },
    });
    send(encoder.take());
    port.postMessage({ done: result } satisfies LogWorkerMessage);
  } catch (error) {
    // The events before the bad line go first: replaying them may fail on an earlier
    // line, and the earliest problem is the one to report.
    send(encoder.take());
    const e = error as Error;
    port.postMessage({
      error: error instanceof DataError ? { message: e.message, details: error.details, data: true } : { message: e.stack ?? String(error), details: [], data: false },
    } satisfies LogWorkerMessage);
  }
}

if (parentPort !== null) void run(parentPort, workerData as LogWorkerData);
