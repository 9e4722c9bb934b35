/**
 * `timeline CONVERSATION --log FILE|-`: what happened in one conversation, line by line,
 * and what the rules decided at each message (SPEC 9.1) — for "why didn't I hear about
 * the customer yesterday afternoon?" without a message id.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { didYouMean } from '../../domain/text.js';
import { DataError } from '../../domain/errors.js';
import { ask } from '../../engine/questions.js';
import { TimelineCollector, type NotAUser } from '../../engine/timeline.js';
import { ADDED, type TimedChange } from '../../domain/changes.js';
import type { Workspace } from '../../domain/workspace.js';
import { inputName } from '../../io/read-input.js';
import { readLineTexts } from '../../io/line-texts.js';
import { openLog } from '../../io/replay-log.js';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, collect, timeRange, examples, formatOption, logOption, sortOption, windowOption } from '../shell/options.js';
import { renderTimeline, timelineObject } from '../render/timeline.js';
import { resolveUsers, usersOfPast } from '../shell/resolve-user.js';
import { readPast } from '../shell/session.js';
import { jsonText } from '../output/json.js';
import { outputOf } from '../output/iostreams.js';

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
    .addOption(new Option('--until <time>', 'only lines at or before this time (a date alone: to its end; without a zone: read in --tz)'))
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

/**
 * Why `user` was not a user at `at` (the replay decides only for the users of each line's
 * time): never one before it (added later), or removed by then.
 */
function notAUser(user: string, at: number, past: { start: Workspace; changes: readonly TimedChange[] }): NotAUser {
  let was = past.start.users.has(user);
  for (const c of past.changes) {
    if (c.at > at) break;
    if (c.rows.some((r) => r.entity === 'user' && r.user === user && r.key === null && r.new === ADDED)) was = true;
  }
  return was ? 'no_longer_a_user' : 'not_a_user_yet';
}

export async function timelineRun(ctx: CliContext, options: TimelineOptions): Promise<void> {
  const { since, until } = timeRange(options, ctx.zone);
  const past = await readPast(ctx, options.asOf, asOfTime(options.asOf, ctx.zone));
  const workspace = past.start;
  const users = resolveUsers(usersOfPast(past), options.user ?? [], { flag: '--user' });
  const collector = new TimelineCollector(options.conversation, workspace, new Set(users), options.window);
  const replay = ask.timeline(workspace, { history: past.replayHistory, window: options.window, onDecision: collector.onDecision });
  // The log is read twice (the second time only for the `text` of the lines shown): standard input is kept in a file.
  const { withLogPath } = await import('../../io/spool.js');
  const events = await withLogPath(options.log, ctx.io.stdin, async (path) => {
    await openLog(path, { sort: options.sort === true, env: ctx.io.env }).replay({ workspace, sinks: [collector, replay], known: past });
    if (!collector.named) {
      const known = new Set([...workspace.conversations.keys(), ...collector.seen]);
      throw new DataError(`conversation ${JSON.stringify(options.conversation)} is not in the workspace, and no line of ${inputName(options.log)} names it${didYouMean(options.conversation, known)}`);
    }
    const shown = collector.events.filter((t) => (since === null || t.event.at >= since) && (until === null || t.event.at <= until));
    const texts = await readLineTexts(path, shown.map((t) => t.event.line));
    for (const t of shown) {
      const text = texts.get(t.event.line);
      if (text !== undefined) t.text = text;
      if (t.event.type !== 'message') continue;
      // A user asked about with no decision was not a user at the message's time: say why, not an empty cell.
      const at = t.event.at;
      const missing = users.filter((u) => !t.decisions.some((d) => d.user === u));
      if (missing.length > 0) t.notDecided = missing.map((user) => ({ user, reason: options.asOf !== undefined ? 'not_a_user_as_of' : notAUser(user, at, past) }));
    }
    return shown;
  });
  if (options.format === 'json') ctx.io.out.write(jsonText(timelineObject(options.conversation, collector.item, events, users.length > 0)));
  else renderTimeline(options.conversation, collector.item, events, { users, window: options.window }, outputOf(ctx.io, ctx.zone));
  const note = past.beforeNote(replay.linesBeforeHistory);
  if (note !== null) ctx.io.err.write(note + '\n');
}
