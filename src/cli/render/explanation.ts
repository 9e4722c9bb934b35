/** `why` for people: every check with its outcome, the decision, and the verified fixes. */
import { REASON_SENTENCES } from '../../domain/reasons.js';
import { formatTime } from '../../domain/time.js';
import type { CheckId } from '../../engine/decide.js';
import type { Explanation } from '../explain.js';
import type { colors } from '../output.js';

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
