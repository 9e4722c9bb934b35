/**
 * `why USER MESSAGE --log FILE`: one decision explained — every check with its values —
 * and the changes that would have notified the user, each verified by replaying the log
 * against the changed workspace.
 */
import type { Decision } from '../../domain/decision.js';
import { DataError } from '../../domain/errors.js';
import { preferenceSpec } from '../../domain/preferences.js';
import { REASON_SENTENCES } from '../../domain/reasons.js';
import { formatTime } from '../../domain/time.js';
import type { Workspace } from '../../domain/workspace.js';
import { checks, type CheckId, type CheckResult, type DecisionFacts } from '../../engine/decide.js';
import { applyFix, fixCandidates, minimalFixes, type FixChange } from '../../engine/fixes.js';
import { Replay } from '../../engine/replay.js';
import { logDisplayName } from '../../io/log-reader.js';
import { replayLogFile } from '../../io/replay-log.js';
import type { CliContext } from '../context.js';
import { colors, writeStdout } from '../output.js';
import { decisionObject } from '../render/decisions.js';
import { readWorkspace } from '../session.js';

export interface WhyOptions {
  log: string;
  window: number;
  sort?: boolean;
  format: 'text' | 'json';
}

export interface Explanation {
  decision: Decision;
  facts: DecisionFacts;
  checks: CheckResult[];
  fixes: { description: string; command: string }[];
  notes: string[];
}

/** A replay that watches one user's decision on one message. */
function watcher(workspace: Workspace, user: string, message: string, window: number) {
  const found: { decision?: Decision; facts?: DecisionFacts } = {};
  const replay = new Replay(workspace, {
    window,
    selection: { kind: 'users', users: new Set([user]) },
    onDecision: (decision, facts) => {
      if (decision.message === message) {
        found.decision = decision;
        found.facts = { ...facts };
      }
    },
  });
  return { replay, found };
}

export async function explain(workspace: Workspace, user: string, message: string, options: WhyOptions): Promise<Explanation> {
  if (!workspace.users.has(user)) throw new DataError(`${JSON.stringify(user)} is not a user of the workspace`);
  const { withLogPath } = await import('../../io/spool.js');
  return withLogPath(options.log, async (path) => {
    const base = watcher(workspace, user, message, options.window);
    await replayLogFile({ path, workspace, sort: options.sort === true, sinks: [base.replay] });
    if (base.found.decision === undefined) {
      throw new DataError(`message ${JSON.stringify(message)} is not in ${logDisplayName(options.log)}`);
    }
    const decision = base.found.decision;
    const facts = base.found.facts!;
    const results = checks(facts);
    const proposal = fixCandidates(facts, results, decision.alert, decision.email);

    // Re-run the rules with each candidate applied, all in one more pass over the log.
    const trials = proposal.candidates.map((changes) => ({ changes, ...watcher(applyFix(workspace, changes), user, message, options.window) }));
    if (trials.length > 0) {
      await replayLogFile({ path, workspace, sort: options.sort === true, sinks: trials.map((t) => t.replay) });
    }
    const verified = trials
      .filter((t) => (proposal.goal === 'alert' ? t.found.decision?.alert : t.found.decision?.email) === true)
      .map((t) => t.changes);
    const fixes = minimalFixes(verified).map((changes) => ({ description: describeFix(changes), command: commandFor(changes) }));

    const notes: string[] = [];
    if (proposal.unfixable !== null) notes.push(`Nothing to change: ${proposal.unfixable}.`);
    else if (proposal.candidates.length > 0 && fixes.length === 0) {
      notes.push('No single change to the workspace would have notified them: the log itself (for example an unfollow) stands in the way.');
    }
    if (facts.prefs.showFromCustomers === 'off') {
      notes.push(
        `${user} has "From customers" turned off. That setting only hides a section of the messenger: it grants no access and changes no notification.`,
      );
    }
    return { decision, facts, checks: results, fixes, notes };
  });
}

const CHECK_LABELS: Record<CheckId, string> = {
  active: 'active',
  not_author: 'not the author',
  can_see: 'can see',
  customer_messages: 'customer messages',
  internal_messages: 'internal messages',
  customer_replies: 'replies to customers',
  follows: 'follows',
  not_seen: 'not seen in time',
};

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function describeFix(changes: readonly FixChange[]): string {
  return changes
    .map((c) => {
      switch (c.kind) {
        case 'activate':
          return `activate ${c.user}`;
        case 'preference':
          return `set ${c.user}'s ${preferenceSpec(c.key).label} to ${c.value}`;
        case 'member':
          return `add ${c.user} to project ${c.project}`;
        case 'follow-item':
          return `make ${c.user} a follower of item ${c.item}`;
        case 'follow-conversation':
          return `make ${c.user} a follower of conversation ${c.conversation}`;
      }
    })
    .join(' and ');
}

/** One command line per fix; preference changes go into a single `prefs set`. */
function commandFor(changes: readonly FixChange[]): string {
  const commands: string[][] = [];
  const prefFlags: string[] = [];
  let prefUser = '';
  for (const c of changes) {
    switch (c.kind) {
      case 'activate':
        commands.push(['users', 'activate', c.user]);
        break;
      case 'preference':
        prefUser = c.user;
        prefFlags.push(`--${preferenceSpec(c.key).flag}`, c.value);
        break;
      case 'member':
        commands.push(['projects', 'members', 'add', c.project, c.user]);
        break;
      case 'follow-item':
        commands.push(['items', 'follow', c.item, c.user]);
        break;
      case 'follow-conversation':
        commands.push(['conversations', 'follow', c.conversation, c.user]);
        break;
    }
  }
  if (prefFlags.length > 0) commands.push(['prefs', 'set', prefUser, ...prefFlags]);
  return commands.map((args) => ['notifyctl', ...args.map(quote)].join(' ')).join(' && ');
}

export async function runWhy(ctx: CliContext, user: string, message: string, options: WhyOptions): Promise<void> {
  const result = await explain(await readWorkspace(ctx), user, message, options);
  if (options.format === 'json') {
    await writeStdout(
      JSON.stringify({ decision: decisionObject(result.decision), checks: result.checks, fixes: result.fixes, notes: result.notes }, null, 2) + '\n',
    );
    return;
  }
  await writeStdout(renderExplanation(result, colors(ctx.color)));
}

export function renderExplanation(r: Explanation, c: ReturnType<typeof colors>): string {
  const d = r.decision;
  const m = r.facts.message;
  const kind = r.facts.kind === 'customer' ? 'customer message' : r.facts.kind === 'internal' ? 'internal message' : 'reply to customers';
  const where = d.item === null ? `conversation ${d.conversation} (not attached to an item)` : `conversation ${d.conversation} on item ${d.item}`;
  const lines: string[] = [];
  lines.push(`${c.bold(`${d.user} and ${d.message}`)}: a ${kind} by ${m.authorKind} ${m.author} in ${where}, at ${formatTime(d.at)}.`);
  lines.push('');
  const width = Math.max(...r.checks.map((x) => CHECK_LABELS[x.check].length));
  for (const check of r.checks) {
    const mark = check.passed ? c.green('✓') : c.red('✗');
    lines.push(`  ${mark} ${CHECK_LABELS[check.check].padEnd(width)}  ${check.detail}`);
  }
  lines.push('');
  const outcome = d.alert
    ? `${c.green('notified')}: an alert at ${formatTime(d.fireAt!)}${d.email ? ' and an email' : `, no email (${d.emailSkipped})`}`
    : `${c.yellow('not notified')}`;
  lines.push(`Decision: ${outcome} — ${d.reason}: ${REASON_SENTENCES[d.reason]}${d.via ? ` (follows via ${d.via})` : ''}.`);
  if (r.fixes.length > 0) {
    lines.push('');
    lines.push(d.alert ? 'Changes that would also have emailed them (each checked by replaying the log):' : 'Changes that would have notified them (each checked by replaying the log):');
    r.fixes.forEach((fix, i) => {
      lines.push(`  ${i + 1}. ${fix.description}`);
      lines.push(`     ${c.cyan(fix.command)}`);
    });
  }
  for (const note of r.notes) {
    lines.push('');
    lines.push(note);
  }
  return lines.join('\n') + '\n';
}
