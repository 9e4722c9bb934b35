/** `why` for people: every check with its outcome, the decision, and the verified fixes. */
import { auditRowObject } from './audit.js';
import { REASON_SENTENCES } from '../../domain/reasons.js';
import { formatHuman } from '../../domain/zone.js';
import type { Evidence } from '../../engine/evidence.js';
import type { Decision } from '../../domain/decision.js';
import { messageKind, type MessageEvent } from '../../domain/events.js';
import { cut, renderTable, wrap } from './table.js';
import { decisionObject } from './decisions.js';
import { formatTime } from '../../domain/time.js';
import type { CheckId } from '../../engine/decide.js';
import type { ExplainedFix, Explanation } from '../commands/why/explain.js';
import { colors } from '../output/output.js';
import { terminalSafe, type Output } from '../output/iostreams.js';

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

/** One piece of evidence in words: "line 412, 13:05:00: cleo unfollowed T-104", or a fact of the workspace. */
export function evidenceText(e: Evidence, zone: string): string {
  if (e.line === null) return e.text;
  return `line ${e.line}, ${formatHuman(e.at!, zone)}: ${e.text}`;
}

/** `why --format json` (SPEC 7 and 9.6): times as UTC ISO strings. */
export function explanationObject(r: Explanation): Record<string, unknown> {
  const checks = r.checks.map((c) => ({ ...c, evidence: c.evidence.map((e) => ({ line: e.line, at: e.at === null ? null : formatTime(e.at), type: e.type, text: e.text })) }));
  return {
    decision: decisionObject(r.decision),
    ...(r.text !== undefined && { text: r.text }),
    ...(r.workspace !== undefined && { workspace: { ...r.workspace, asOf: r.workspace.asOf === null ? null : formatTime(Date.parse(r.workspace.asOf)) } }),
    checks,
    // SPEC 9.6's fields, and, for a fix made since the message in whole or in part, the changes that made it (additive).
    fixes: r.fixes.map((f) => ({ description: f.description, command: f.command, ...(f.made !== undefined && { madeSince: f.made.changes, inEffect: f.made.inEffect }) })),
    ...(r.changedSince !== undefined && { changedSince: r.changedSince.map(auditRowObject) }),
    ...(r.now !== undefined && { now: r.now }),
    notes: r.notes,
  };
}

/** " (made since: changes 6 and 7 — in effect today)", " (partly made since: change 6)", or nothing for a fix still to make. */
function madeText(fix: ExplainedFix): string {
  if (fix.made === undefined) return '';
  const { changes, inEffect } = fix.made;
  const numbers = changes.length === 0 ? '' : `${changes.length === 1 ? 'change' : 'changes'} ${changes.length === 1 ? changes[0] : `${changes.slice(0, -1).join(', ')} and ${changes.at(-1)}`}`;
  if (!inEffect) return numbers === '' ? ' (partly in effect today)' : ` (partly made since: ${numbers})`;
  return numbers === '' ? ' (in effect today)' : ` (made since: ${numbers} — in effect today)`;
}

/** Ids, names and log ids are shown, never obeyed, also when piped into a file or a pager (terminalSafe). */
export function renderExplanation(r: Explanation, o: Output): void {
  const c = colors(o.color);
  const zone = o.zone;
  const d = r.decision;
  const m = r.facts.message;
  const kind = r.facts.kind === 'customer' ? 'customer message' : r.facts.kind === 'internal' ? 'internal message' : 'reply to customers';
  const where = d.item === null ? `conversation ${d.conversation} (not attached to an item)` : `conversation ${d.conversation} on item ${d.item}`;
  const lines: string[] = [];
  lines.push(`${c.bold(`${d.user} and ${d.message}`)}: ${kind === 'internal message' ? 'an' : 'a'} ${kind} by ${m.authorKind} ${m.author} in ${where}, at ${formatHuman(d.at, zone)} (line ${m.line}).`);
  // The message as people remember it: its text, whole (why is about this one message).
  if (r.text !== undefined) lines.push(`  “${r.text.replace(/\r?\n/g, ' / ')}”`);
  lines.push('');
  const width = Math.max(...r.checks.map((x) => CHECK_LABELS[x.check].length));
  for (const check of r.checks) {
    const mark = check.passed ? c.green('✓') : c.red('✗');
    lines.push(`  ${mark} ${CHECK_LABELS[check.check].padEnd(width)}  ${check.detail}`);
    // The log lines behind the outcome; the workspace facts are in the detail already.
    for (const e of check.evidence) if (e.line !== null && e.line !== m.line) lines.push(`  ${' '.repeat(width + 4)}${c.dim(evidenceText(e, zone))}`);
  }
  lines.push('');
  const outcome = d.alert
    ? `${c.green('notified')}: an alert at ${formatHuman(d.fireAt!, zone)}${d.email ? ' and an email' : `, no email (${d.emailSkipped})`}`
    : `${c.yellow('not notified')}`;
  lines.push(`Decision: ${outcome} — ${d.reason}: ${REASON_SENTENCES[d.reason]}${d.via ? ` (follows via ${d.via})` : ''}.`);
  if (r.fixes.length > 0) {
    lines.push('');
    lines.push(d.alert ? 'Changes that would also have emailed them (each checked by replaying the log):' : 'Changes that would have notified them (each checked by replaying the log):');
    r.fixes.forEach((fix, i) => {
      lines.push(`  ${i + 1}. ${fix.description}${madeText(fix)}`);
      lines.push(`     ${c.cyan(fix.command)}`);
    });
  }
  for (const note of [...r.notes, ...(r.pastNotes ?? [])]) {
    lines.push('');
    lines.push(note);
  }
  o.out.write(terminalSafe(lines.join('\n') + '\n'));
}

/** why USER --conversation C without --at: the messages of C with the user's decision on each. */
export function renderConversationChoices(
  user: string,
  conversation: string,
  list: readonly { decision: Decision; message: MessageEvent }[],
  /** The messages' text, by line, for those that have one. */
  texts: ReadonlyMap<number, string>,
  o: Output,
): void {
  const { terminal, color, zone } = o;
  const rows = list.map(({ decision: d, message: m }) => [
    formatHuman(m.at, zone),
    m.id,
    `${messageKind(m)} by ${m.author}`,
    d.alert ? (d.email ? 'alert + email' : 'alert') : '—',
    d.reason,
    ...(texts.size > 0 ? [texts.get(m.line) ?? ''] : []),
  ]);
  const table = renderTable(['TIME', 'MESSAGE', wrap('KIND'), wrap('DECISION'), 'REASON', ...(texts.size > 0 ? [cut('TEXT')] : [])], rows, terminal, color);
  o.out.write(terminal ? `${table}\nExplain one: notifyctl why ${user} MESSAGE --log … (or --conversation ${conversation} --at TIME)\n` : table);
}
