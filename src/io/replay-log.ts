/** Drives one or more replays from one pass over a log file. */
import type { Workspace } from '../domain/workspace.js';
import type { LogEvent } from '../domain/events.js';
import { readLog } from './log-reader.js';

export interface EventSink {
  push(event: LogEvent): void;
  end(): void;
}

export interface ReplayLogOptions {
  path: string;
  workspace: Workspace;
  sort: boolean;
  sinks: EventSink[];
  onProgress?(bytesRead: number, totalBytes: number): void;
}

export async function replayLogFile(options: ReplayLogOptions): Promise<{ lines: number; events: number; messages: number }> {
  const { workspace, sinks } = options;
  let messages = 0;
  const onEvent =
    sinks.length === 1
      ? (event: LogEvent) => {
          if (event.type === 'message') messages++;
          sinks[0]!.push(event);
        }
      : (event: LogEvent) => {
          if (event.type === 'message') messages++;
          for (const sink of sinks) sink.push(event);
        };
  const result = await readLog({
    path: options.path,
    sort: options.sort,
    known: { isUser: (id) => workspace.users.has(id), isItem: (id) => workspace.items.has(id) },
    onEvent,
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  for (const sink of sinks) sink.end();
  return { ...result, messages };
}
