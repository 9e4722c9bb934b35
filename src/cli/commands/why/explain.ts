/**
 * One decision explained — every check with its values — and the changes that would
 * have notified the user, each verified by replaying the log against the changed
 * workspace.
 */
import type { Decision } from '../../../domain/decision.js';
import type { LogEvent, MessageEvent } from '../../../domain/events.js';
import { preferenceSpec } from '../../../domain/preferences.js';
import { requireUsers } from '../../../domain/text.js';
import type { Workspace } from '../../../domain/workspace.js';
import { checks, type CheckResult, type DecisionFacts } from '../../../engine/decide.js';
import { EvidenceCollector, evidenceOf, type Evidence } from '../../../engine/evidence.js';
import { ADDRESS_PLACEHOLDER, applyFix, fixCandidates, minimalFixes, type FixChange } from '../../../engine/fixes.js';
import type { ReplayHistory } from '../../../engine/replay.js';
import { ask } from '../../../engine/questions.js';
import { workspaceAt } from '../../../domain/changes.js';
import type { AuditRow } from '../../../store/audit.js';
import { DataError } from '../../../domain/errors.js';
import { inputName } from '../../../io/read-input.js';
import { StopReading, type EventSink, type LogFile } from '../../../io/replay-log.js';

export interface ExplainOptions {
  log: string;
  window: number;
  sort?: boolean;
  /** The zone of times in the words of each check. */
  zone?: string;
  /**
   * SPEC 10.1: the recorded changes after the workspace given, for the workspace of the
   * message's time; and every user and item the history held (a log naming them is read).
   */
  history?: ReplayHistory;
  known?: { users: ReadonlySet<string>; items: ReadonlySet<string> };
  /** Today's workspace, for what it would decide (`now`). */
  today?: Workspace;
}

export interface ExplainedCheck extends CheckResult {
  /** The log lines (or database facts) behind the outcome (SPEC 9.6). */
  evidence: Evidence[];
}

/** A verified fix: in words, as a command, and the changes it makes. */
export interface ExplainedFix {
  description: string;
  command: string;
  changes: FixChange[];
  /**
   * Set by why when some of it has been made since the message (SPEC 10.1: a fix made
   * shows in changedSince): the changes that made those parts, and whether today's
   * workspace holds the whole fix.
   */
  made?: { changes: number[]; inEffect: boolean };
}

export interface Explanation {
  decision: Decision;
  facts: DecisionFacts;
  checks: ExplainedCheck[];
  fixes: ExplainedFix[];
  notes: string[];
  /** The message's `text` in the log, when it has one (SPEC 10.3). */
  text?: string;
  /** The workspace the decision used: the message's time's (SPEC 10.1), or the one given. */
  used: Workspace;
  /** SPEC 10.1: which workspace (set by why). */
  workspace?: { asOf: string | null; change: number | null; beforeHistory: boolean };
  /** The audit rows since that touched what the decision used (set by why). */
  changedSince?: AuditRow[];
  /** The same three in words, after the notes (text only). */
  pastNotes?: string[];
  /** What today's workspace would decide (null: the user is not in it). */
  now?: Pick<Decision, 'alert' | 'email' | 'reason'> | null;
}

/** A replay that watches one user's decision on one message. */
function watcher(workspace: Workspace, user: string, message: string, window: number, history?: ReplayHistory) {
  const found: { decision?: Decision; facts?: DecisionFacts } = {};
  const replay = ask.decisions(workspace, {
    history,
    window,
    selection: { kind: 'users', users: new Set([user]) },
    onDecision: (decision, facts) => {
      if (decision.message === message) {
        found.decision = { ...decision };
        found.facts = { ...facts };
      }
    },
  });
  return { replay, found };
}

/** One user's decisions on the messages of one conversation, in log order (why --conversation). */
export async function conversationDecisions(workspace: Workspace, user: string, conversation: string, options: ExplainOptions, log: LogFile): Promise<{ decision: Decision; message: MessageEvent }[]> {
  const found: { decision: Decision; message: MessageEvent }[] = [];
  const replay = ask.decisions(workspace, {
    history: options.history,
    window: options.window,
    selection: { kind: 'users', users: new Set([user]) },
    onDecision: (decision, facts) => {
      if (decision.conversation === conversation) found.push({ decision: { ...decision }, message: { ...facts.message } });
    },
  });
  await log.replay({ workspace, sinks: [replay], ...(options.known !== undefined && { known: options.known }) });
  return found;
}

/**
 * Ends the reading once the message's window has closed: nothing after it changes the
 * decision (a log is in time order; with --sort it is sorted before it is replayed).
 */
class UntilWindowCloses implements EventSink {
  private closesAt = Infinity;
  constructor(
    private readonly message: string,
    private readonly window: number,
  ) {}
  push(e: LogEvent): void {
    if (e.at > this.closesAt) throw new StopReading();
    if (e.type === 'message' && e.id === this.message && this.closesAt === Infinity) this.closesAt = e.at + this.window;
  }
  end(): void {}
}

/**
 * The lines the decision can depend on, found as bytes before any parsing: those naming
 * the user (follows, views, own messages) or the message, and those naming an item (a
 * message that attaches its conversation). An id that JSON could write in more than one
 * way (non-ASCII, quotes, backslashes) turns this off: every line is read. Any character
 * may also be written as a \u escape of four hex digits (Go writes & as \u0026), in a
 * value or a key: every line with such an escape is read too.
 */
function linesFor(user: string, message: string): { only?: Buffer[] } {
  const quoted = [JSON.stringify(user), JSON.stringify(message)];
  if (quoted.some((q) => !/^"[\x20-\x7e]*"$/.test(q) || q.slice(1, -1).includes('\\') || q.slice(1, -1).includes('/'))) return {};
  return { only: [...quoted, '"item"', '\\u'].map((q) => Buffer.from(q, 'latin1')) };
}

/** Replays `events` (a slice) against `workspace` and returns the user's decision on the message. */
function decide(workspace: Workspace, user: string, message: string, window: number, events: readonly LogEvent[], history?: ReplayHistory) {
  const w = watcher(workspace, user, message, window, history);
  for (const e of events) w.replay.push(e);
  w.replay.end();
  return w.found;
}

/**
 * One decision explained, in one pass that stops when the message's window closes. The
 * pass only collects the lines the decision depends on (EvidenceCollector.slice: the
 * follows in force, participation, the attachment, the message, the line that saw it);
 * the decision, and each fix, is then the replay of that slice, in memory. A property
 * test holds the slice's decision to the whole log's under any change to the user.
 */
export async function explainInLog(workspace: Workspace, user: string, message: string, options: ExplainOptions, log: LogFile): Promise<Explanation> {
  requireUsers([user], (u) => workspace.users.has(u) || options.known?.users.has(u) === true, false);
  const collector = new EvidenceCollector(workspace, user, message, options.window);
  const known = options.known !== undefined ? { known: options.known } : {};
  await log.replay({ workspace, sinks: [new UntilWindowCloses(message, options.window), collector], ...linesFor(user, message), ...known });
  const slice = collector.slice();
  const base = { found: decide(workspace, user, message, options.window, slice, options.history) };
  const line = slice.find((e): e is MessageEvent => e.type === 'message' && e.id === message);
  // The workspace of the message's time (SPEC 10.1): what the decision used, and what a fix is tried on.
  const used = line === undefined || options.history === undefined ? workspace : workspaceAt(workspace, options.history.changes, line.at);
  if (base.found.decision === undefined) {
    if (line !== undefined) throw new DataError(`${user} was not a user of the workspace at the time of message ${JSON.stringify(message)} (${inputName(options.log)}:${line.line}), so nothing was decided for them`);
    throw new DataError(`message ${JSON.stringify(message)} is not in ${inputName(options.log)}`);
  }
  const decision = base.found.decision;
  const facts = base.found.facts!;
  const evidence = evidenceOf(facts, used, collector.result()!);
  const results = checks(facts, options.zone).map((c) => ({ ...c, evidence: evidence[c.check] }));
  const proposal = fixCandidates(facts, results, decision.alert, decision.email);

  // Re-run the rules with each candidate applied, over the lines the decision depends on.
  const trials = proposal.candidates.map((changes) => ({ changes, found: decide(applyFix(used, changes), user, message, options.window, slice) }));
  const verified = trials
    .filter((t) => (proposal.goal === 'alert' ? t.found.decision?.alert : t.found.decision?.email) === true)
    .map((t) => t.changes);
  const fixes = minimalFixes(verified).map((changes) => ({ description: describeFix(changes), command: commandFor(changes), changes }));

  const notes: string[] = [];
  if (proposal.unfixable !== null) notes.push(`Nothing to change: ${proposal.unfixable}.`);
  else if (proposal.candidates.length > 0 && fixes.length === 0) {
    const inTheWay = results.filter((r) => !r.passed).flatMap((r) => r.evidence.filter((e) => e.line !== null && (e.type === 'follow' || e.type === 'unfollow')));
    notes.push(
      'No single change to the workspace would have notified them: the log itself stands in the way' +
        (inTheWay.length > 0 ? ` (${inTheWay.map((e) => `line ${e.line}: ${e.text}`).join('; ')}).` : ' (for example an unfollow).'),
    );
  }
  if (facts.prefs.showFromCustomers === 'off') {
    notes.push(
      `${user} has "From customers" turned off. That setting only hides a section of the messenger: it grants no access and changes no notification.`,
    );
  }
  const explanation: Explanation = { decision, facts, checks: results, fixes, notes, used };
  if (options.today !== undefined) {
    const today = options.today.users.has(user) ? decide(options.today, user, message, options.window, slice).decision : undefined;
    explanation.now = today === undefined ? null : { alert: today.alert, email: today.email, reason: today.reason };
  }
  return explanation;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function describeFix(changes: readonly FixChange[]): string {
  return changes
    .map((c) => {
      switch (c.kind) {
        case 'activate':
          return `activate ${c.user}`;
        case 'email-address':
          return `give ${c.user} an email address (they have none, so no email is sent whatever "email" says)`;
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

/**
 * One command line per fix; preference changes go into a single `prefs set`. Ids come
 * after `--`, so an id that starts with a dash (a user named "-rf" or "--db=/x.db") is
 * taken as an id, never as an option.
 */
function commandFor(changes: readonly FixChange[]): string {
  const commands: { words: string[]; flags: string[]; ids: string[] }[] = [];
  const prefFlags: string[] = [];
  let prefUser = '';
  for (const c of changes) {
    switch (c.kind) {
      case 'activate':
        commands.push({ words: ['users', 'activate'], flags: [], ids: [c.user] });
        break;
      case 'email-address':
        commands.push({ words: ['users', 'update'], flags: ['--email', ADDRESS_PLACEHOLDER], ids: [c.user] });
        break;
      case 'preference':
        prefUser = c.user;
        prefFlags.push(`--${preferenceSpec(c.key).flag}`, c.value);
        break;
      case 'member':
        commands.push({ words: ['projects', 'members', 'add'], flags: [], ids: [c.project, c.user] });
        break;
      case 'follow-item':
        commands.push({ words: ['items', 'follow'], flags: [], ids: [c.item, c.user] });
        break;
      case 'follow-conversation':
        commands.push({ words: ['conversations', 'follow'], flags: [], ids: [c.conversation, c.user] });
        break;
    }
  }
  if (prefFlags.length > 0) commands.push({ words: ['prefs', 'set'], flags: prefFlags, ids: [prefUser] });
  return commands.map((c) => ['notifyctl', ...c.words, ...c.flags, '--', ...c.ids].map(quote).join(' ')).join(' && ');
}
