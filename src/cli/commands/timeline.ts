/**
 * `timeline CONVERSATION --log FILE|-`: what happened in one conversation, line by line,
 * and what the rules decided at each message (SPEC 9.1) — for "why didn't I hear about
 * the customer yesterday afternoon?" without a message id.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { didYouMean } from '../../domain/text.js';
import { DataError, UsageError } from '../../domain/errors.js';
import { parseTimeIn } from '../../domain/zone.js';
import { Replay } from '../../engine/replay.js';
import { TimelineCollector } from '../../engine/timeline.js';
import { inputName } from '../../io/read-input.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../context.js';
import { asOfOption, asOfTime, collect, examples, formatOption, logOption, sortOption, windowOption } from '../options.js';
import { renderTimeline, timelineObject } from '../render/timeline.js';
import { resolveUser } from '../resolve-user.js';
import { readWorkspace } from '../session.js';
import { jsonText } from '../json.js';

export interface TimelineOptions {
  asOf?: string;
  conversation: string;
  log: string;
  user?: string[];
  since?: string;
  until?: string;
  window: number;
  sort?: boolean;
  format: 'table' | 'json';
}

export default function timelineCommand(f: Factory) {
  const command = new Command('timeline')
    .description('every line of the log that concerns a conversation, with what the rules decided at each message')
    .argument('<conversation>')
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--user <id>', "add this user's decision on every message and mark their lines (repeatable; an id, name or email)").argParser(collect))
    .addOption(new Option('--since <time>', 'only lines at or after this time (without a zone: read in --tz)'))
    .addOption(new Option('--until <time>', 'only lines at or before this time (without a zone: read in --tz)'))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['table', 'json'], 'table'))
    .action((conversation, o, cmd) => timelineRun(f.context(cmd), { ...o, conversation }));
  examples(command, [
    'notifyctl timeline c-7 --log day.ndjson',
    'notifyctl --tz Europe/Rome timeline c-7 --log day.ndjson --user dana --since "2026-03-02 14:00" --until "2026-03-02 16:00"',
    'notifyctl timeline c-7 --log day.ndjson --format json | jq ".events[] | select(.type == \\"message\\")"',
  ]);
  return command;
}

function timeFlag(flag: string, value: string | undefined, zone: string): number | null {
  if (value === undefined) return null;
  const ms = parseTimeIn(value, zone);
  if (ms === null) throw new UsageError(`${flag} ${value}: accepted: a date (2026-03-02), a date and time (2026-03-02 15:00, read in --tz) or one with a zone (2026-03-02T15:00:00Z)`);
  return ms;
}

export async function timelineRun(ctx: CliContext, options: TimelineOptions): Promise<void> {
  const since = timeFlag('--since', options.since, ctx.zone);
  const until = timeFlag('--until', options.until, ctx.zone);
  if (since !== null && until !== null && since > until) throw new UsageError(`--since ${options.since} is after --until ${options.until}; nothing could be shown`);
  const workspace = await readWorkspace(ctx, asOfTime(options.asOf, ctx.zone));
  const users = [...new Set((options.user ?? []).map((u) => resolveUser(workspace, u)))];
  const collector = new TimelineCollector(options.conversation, workspace, new Set(users));
  const replay = new Replay(workspace, { window: options.window, selection: { kind: 'all' }, reuseDecision: true, onDecision: collector.onDecision });
  await replayLogFile({ path: options.log, workspace, sort: options.sort === true, sinks: [collector, replay], stdin: ctx.io.stdin });
  if (!collector.named) {
    const known = new Set([...workspace.conversations.keys(), ...collector.seen]);
    throw new DataError(`conversation ${JSON.stringify(options.conversation)} is not in the workspace, and no line of ${inputName(options.log)} names it${didYouMean(options.conversation, known)}`);
  }
  const events = collector.events.filter((t) => (since === null || t.event.at >= since) && (until === null || t.event.at <= until));
  ctx.io.out.write(
    options.format === 'json'
      ? jsonText(timelineObject(options.conversation, collector.item, events, users.length > 0))
      : renderTimeline(options.conversation, collector.item, events, { users, window: options.window, zone: ctx.zone, terminal: ctx.io.stdoutIsTTY, color: ctx.io.color }),
  );
}
