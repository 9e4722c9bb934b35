/**
 * `why USER MESSAGE --log FILE`: one decision explained, with the changes that would have
 * notified the user. Support staff rarely know a message id: `why USER --conversation C
 * --at TIME` picks the message of C nearest to TIME, and without --at lists C's messages
 * with the user's decision on each. USER may be an id, or a name or email address that
 * matches one user.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { didYouMean } from '../../../domain/text.js';
import { DataError, UsageError } from '../../../domain/errors.js';
import { UTC, formatHuman, parseTimeIn } from '../../../domain/zone.js';
import { MESSAGE_KINDS, messageKind, type MessageEvent, type MessageKind } from '../../../domain/events.js';
import { readLineTexts } from '../../../io/line-texts.js';
import { inputName } from '../../../io/read-input.js';
import { lastChangeBy, rowsSince } from '../../../store/audit-query.js';
import { changedSince, changedSinceNotes, markFixesMade, rolesOf } from './changed-since.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { conversationDecisions, explainInLog, type Explanation, type ExplainOptions } from './explain.js';
import { openLog } from '../../../io/replay-log.js';
import { asOfOption, asOfTime, examples, formatOption, logOption, sortOption, whyNot, windowOption } from '../../shell/options.js';
import { outputOf } from '../../output/iostreams.js';
import { decisionObject } from '../../render/decisions.js';
import { explanationObject, renderConversationChoices, renderExplanation } from '../../render/explanation.js';
import { resolveUser, usersOfPast } from '../../shell/resolve-user.js';
import { readPast, readDatabase } from '../../shell/session.js';
import { jsonText } from '../../output/json.js';

export interface WhyOptions extends ExplainOptions {
  asOf?: string;
  user: string;
  message?: string;
  conversation?: string;
  at?: string;
  kind?: MessageKind;
  format: 'text' | 'json';
}

export default function whyCommand(f: Factory) {
  const command = new Command('why')
    .description('explain one decision: every check, and the changes that would have notified the user')
    .argument('<user>', 'the user: an id, or a name or email address that matches one user')
    .argument('[message]', 'the message id (or give --conversation)')
    .addOption(logOption())
    .addOption(asOfOption())
    .addOption(new Option('--conversation <id>', "without a message id: the conversation, to list its messages or pick one with --at"))
    .addOption(new Option('--at <time>', 'with --conversation: the message nearest to this time, within an hour (a time without a zone is read in --tz)'))
    .addOption(new Option('--kind <kind>', 'with --at: only messages of this kind').choices(MESSAGE_KINDS))
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((user, message, o, cmd) => whyRun(f.context(cmd), { ...o, user, ...(message !== undefined && { message }) }));
  examples(command, [
    'notifyctl why dana m-003 --log day.ndjson',
    'notifyctl why "Dana Lee" --conversation c-2 --at "2026-03-02 10:10" --tz Europe/Rome --log day.ndjson',
    'notifyctl why dana m-003 --log day.ndjson --format json | jq .checks',
  ]);
  return command;
}

/** How far from --at a message may be: further, and it is about another moment than the one asked about. */
const NEAREST_WITHIN_MS = 60 * 60_000;

/**
 * The id of the message of the kind asked for nearest to `at` (on a tie, the earlier);
 * none within an hour is an error listing the nearest ones, never a pick from another day.
 */
function nearestMessage(messages: readonly MessageEvent[], at: number, options: Pick<WhyOptions, 'kind' | 'conversation' | 'at'>, zone: string): string {
  const distance = (m: MessageEvent) => Math.abs(m.at - at);
  const candidates = options.kind === undefined ? messages : messages.filter((m) => messageKind(m) === options.kind);
  let best: MessageEvent | null = null;
  for (const m of candidates) if (best === null || distance(m) < distance(best)) best = m;
  if (best !== null && distance(best) <= NEAREST_WITHIN_MS) return best.id;
  const nearest = [...messages].sort((a, b) => distance(a) - distance(b) || a.line - b.line).slice(0, 5).sort((a, b) => a.line - b.line);
  const kind = options.kind === undefined ? 'message' : `${options.kind} message`;
  throw new DataError(
    `conversation ${JSON.stringify(options.conversation)} has no ${kind} within an hour of ${formatHuman(at, zone)}; its nearest messages (id, time, kind, author):`,
    nearest.map((m) => `${m.id}  ${formatHuman(m.at, zone)}  ${messageKind(m)}  ${m.author}`),
  );
}

export async function whyRun(ctx: CliContext, options: WhyOptions): Promise<void> {
  if (options.message === undefined && options.conversation === undefined) {
    throw new UsageError('why needs a message id, or --conversation ID (with --at TIME to pick the message nearest to a time)');
  }
  if (options.message !== undefined && options.conversation !== undefined) {
    throw new UsageError('why takes a message id or --conversation, not both');
  }
  if (options.at !== undefined && options.conversation === undefined) throw new UsageError('--at goes with --conversation');
  if (options.kind !== undefined && options.at === undefined) throw new UsageError('--kind goes with --conversation and --at');
  const at = options.at === undefined ? null : parseTimeIn(options.at, ctx.zone);
  if (options.at !== undefined && at === null) {
    throw new UsageError(`--at ${options.at}: ${whyNot(options.at)}accepted: a date and time (2026-03-02 10:10, read in --tz) or one with a zone (2026-03-02T09:10:00Z)`);
  }
  const zone = options.format === 'text' ? ctx.zone : UTC;
  const asOfMs = asOfTime(options.asOf, ctx.zone);
  const past = await readPast(ctx, options.asOf, asOfMs);
  const workspace = past.start;
  // A user of the history's start or of today.
  const user = resolveUser(usersOfPast(past), options.user);
  const explainOptions = { ...options, zone, history: past.replayHistory, known: past, today: past.today };
  const { withLogPath } = await import('../../../io/spool.js');
  await withLogPath(options.log, ctx.io.stdin, async (path) => {
    const log = openLog(path, { sort: options.sort === true, env: ctx.io.env });
    let message = options.message;
    if (message === undefined) {
      const conversation = options.conversation!;
      const list = await conversationDecisions(workspace, user, conversation, explainOptions, log);
      if (list.length === 0) throw new DataError(`conversation ${JSON.stringify(conversation)} has no messages in ${inputName(options.log)}${didYouMean(conversation, workspace.conversations.keys())}`);
      if (at === null) {
        const texts = options.format === 'json' ? new Map<number, string>() : await readLineTexts(path, list.map((x) => x.message.line));
        if (options.format === 'json') ctx.io.out.write(jsonText(list.map((x) => decisionObject(x.decision))));
        else renderConversationChoices(user, conversation, list, texts, outputOf(ctx.io, zone));
        return;
      }
      message = nearestMessage(list.map((x) => x.message), at, options, zone);
    }
    const result = await explainInLog(workspace, user, message, explainOptions, log);
    const text = (await readLineTexts(path, [result.facts.message.line])).get(result.facts.message.line);
    if (text !== undefined) result.text = text;
    // SPEC 10.1: the workspace used, and what changed since in what the decision used.
    const now = options.asOf !== undefined && asOfMs === undefined;
    const time = now ? null : (asOfMs ?? result.decision.at);
    const beforeHistory = options.asOf === undefined && past.begins !== null && result.decision.at < past.begins.at;
    const iso = new Date(time ?? Date.now()).toISOString();
    const { rows, last } = await readDatabase(ctx, (db) => ({ rows: time === null ? [] : rowsSince(db, iso), last: lastChangeBy(db, iso) }));
    const lastChange = beforeHistory ? past.begins!.change : last;
    // The rows that first created what the decision used are not changes since (the import before the history).
    result.changedSince = changedSince(rows.filter((r) => !(beforeHistory && r.change === past.begins!.change)), result.facts, rolesOf(user, result.decision.at, past));
    result.workspace = { asOf: time === null ? null : new Date(time).toISOString(), change: lastChange, beforeHistory };
    markFixesMade(result.fixes, result.changedSince, past.today);
    // In words for people; JSON has workspace, changedSince and now.
    result.pastNotes = [...workspaceNotes(result, ctx.dbPath, zone), ...changedSinceNotes(result.changedSince, zone), ...nowNotes(result)];
    if (options.format === 'json') {
      ctx.io.out.write(jsonText(explanationObject(result)));
      return;
    }
    renderExplanation(result, outputOf(ctx.io, zone));
  });
}

/** Which workspace the explanation used (SPEC 10.1). */
function workspaceNotes(r: Explanation, db: string, zone: string): string[] {
  const w = r.workspace!;
  if (w.asOf === null) return ['This explanation uses the workspace as it is now (--as-of now).'];
  const change = w.change === null ? '' : ` (change ${w.change})`;
  if (w.beforeHistory) return [`The message is older than the recorded history of ${db}: this explanation uses the workspace as the first recorded change left it${change}.`];
  return [`This explanation uses the workspace as it was at ${formatHuman(Date.parse(w.asOf), zone)}${change}.`];
}

/** What today's workspace would decide, when it differs. */
function nowNotes(r: Explanation): string[] {
  const now = r.now;
  if (now === undefined) return [];
  if (now === null) return [`${r.decision.user} is not a user of the workspace today.`];
  if (now.alert === r.decision.alert && now.email === r.decision.email && now.reason === r.decision.reason) return [];
  return [`Today's workspace would decide differently: ${now.alert ? `notified${now.email ? ' (alert and email)' : ' (alert, no email)'}` : 'not notified'} — ${now.reason}.`];
}
