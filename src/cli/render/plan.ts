/** `plan` in words, as JSON (SPEC 9.3) and as markdown for a pull request or $GITHUB_STEP_SUMMARY. */
import type { Change } from '../../domain/workspace-diff.js';
import { plural } from '../../domain/text.js';
import type { ChangedDecision, ComparisonResult, ImpactRow, Outcome } from '../../engine/comparison.js';
import { renderTable, wrap } from './table.js';

export interface Plan {
  changes: Change[];
  impact: ImpactRow[];
  totals: { alertsBefore: number; alertsAfter: number; emailsBefore: number; emailsAfter: number };
  /** An array, or the comparison's compact list (ChangedDecisions). */
  decisions: Pick<ChangedDecision[], 'length' | 'slice'>;
  gaps: NonNullable<ComparisonResult['gaps']>;
}

export function planOf(changes: Change[], result: ComparisonResult): Plan {
  const sum = (k: keyof Omit<ImpactRow, 'user'>) => result.users.reduce((n, r) => n + r[k], 0);
  return {
    changes,
    impact: result.users.filter((r) => r.alertsBefore !== r.alertsAfter || r.emailsBefore !== r.emailsAfter),
    totals: { alertsBefore: sum('alertsBefore'), alertsAfter: sum('alertsAfter'), emailsBefore: sum('emailsBefore'), emailsAfter: sum('emailsAfter') },
    decisions: result.decisions,
    gaps: result.gaps!,
  };
}

const delta = (before: number, after: number) => `${before} → ${after}${after === before ? '' : ` (${after > before ? '+' : ''}${after - before})`}`;

export function verdict(p: Plan): string {
  if (p.changes.length === 0) return 'No workspace changes.';
  const parts = [`${plural(p.changes.length, 'workspace change')}`];
  if (p.decisions.length === 0) parts.push('no notification changes');
  else {
    parts.push(`${plural(p.decisions.length, 'decision')} change`);
    parts.push(`alerts ${delta(p.totals.alertsBefore, p.totals.alertsAfter)}, emails ${delta(p.totals.emailsBefore, p.totals.emailsAfter)}`);
  }
  if (p.gaps.newlyUnnoticed.length > 0) parts.push(`${plural(p.gaps.newlyUnnoticed.length, 'customer message')} newly unnoticed`);
  return parts.join('; ') + '.';
}

const outcome = (o: Outcome | null) => (o === null ? '(not a user)' : o.alert ? `${o.email ? 'alert + email' : 'alert'} (${o.reason})` : o.reason);

export function renderPlanText(p: Plan, terminal: boolean, color: boolean): string {
  let out = `${verdict(p)}\n`;
  if (p.changes.length > 0) {
    out += `\nWorkspace changes:\n${renderTable(['ENTITY', 'TARGET', 'USER', 'KEY', wrap('OLD'), wrap('NEW')], p.changes.map((c) => [c.entity ?? '', c.target ?? '', c.user ?? '', c.key ?? '', c.old ?? '—', c.new ?? '—']), terminal, color)}`;
  }
  if (p.impact.length > 0) {
    out += `\nImpact per user:\n${renderTable(
      ['USER', 'ALERTS', 'EMAILS'],
      [...p.impact.map((r) => [r.user, delta(r.alertsBefore, r.alertsAfter), delta(r.emailsBefore, r.emailsAfter)]), ['(total)', delta(p.totals.alertsBefore, p.totals.alertsAfter), delta(p.totals.emailsBefore, p.totals.emailsAfter)]],
      terminal,
      color,
    )}`;
  }
  const g = p.gaps;
  out += `\nGaps: unreachable ${delta(g.unreachableBefore, g.unreachableAfter)}, unnoticed ${delta(g.unnoticedBefore, g.unnoticedAfter)}`;
  if (g.newlyUnnoticed.length > 0) out += `; newly unnoticed: ${g.newlyUnnoticed.join(', ')}`;
  if (g.noLongerUnnoticed.length > 0) out += `; no longer unnoticed: ${g.noLongerUnnoticed.join(', ')}`;
  out += '\n';
  if (p.decisions.length > 0) {
    const shown = p.decisions.slice(0, TEXT_DECISIONS);
    out += `\nChanged decisions:\n${renderTable(['MESSAGE', 'USER', wrap('BEFORE'), wrap('AFTER')], shown.map((d) => [d.message, d.user, outcome(d.before), outcome(d.after)]), terminal, color)}`;
    if (p.decisions.length > shown.length) out += `… and ${(p.decisions.length - shown.length).toLocaleString('en-US')} more changed decisions; --format json lists every one.\n`;
  }
  return out;
}

/** The most changed decisions the text lists (a change for many users can change millions). */
export const TEXT_DECISIONS = 1000;

/**
 * The plan as JSON, written in pieces: `decisions` can hold millions of entries, more
 * than one string may (V8's limit is about 512 MB). The bytes are those of
 * JSON.stringify(plan, null, 2).
 */
export function writePlanJson(plan: Record<string, unknown> & { decisions: { length: number; slice(start: number, end: number): unknown[] } }, write: (text: string) => void): void {
  const keys = Object.keys(plan);
  write('{\n');
  keys.forEach((key, i) => {
    const comma = i === keys.length - 1 ? '\n' : ',\n';
    const value = plan[key];
    if (key !== 'decisions' || plan.decisions.length === 0) {
      write(`  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${comma}`);
      return;
    }
    write(`  ${JSON.stringify(key)}: [\n`);
    const list = plan.decisions;
    for (let start = 0; start < list.length; start += 10_000) {
      const part = list.slice(start, start + 10_000).map((d) => `    ${JSON.stringify(d, null, 2).replace(/\n/g, '\n    ')}`);
      write(part.join(',\n') + (start + 10_000 < list.length ? ',\n' : '\n'));
    }
    write(`  ]${comma}`);
  });
  write('}\n');
}

/** A table cell for GitHub markdown: pipes escaped, one line. */
export const md = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const mdTable = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)].join('\n') + '\n';

/** The most changed decisions the markdown lists; the rest are counted. */
export const MARKDOWN_DECISIONS = 50;

export function renderPlanMarkdown(p: Plan): string {
  const warn = p.gaps.newlyUnnoticed.length > 0;
  const lines: string[] = [`### ${warn ? '⚠️' : p.decisions.length > 0 ? '🔔' : '✅'} notifyctl plan: ${md(verdict(p))}`, ''];
  if (p.changes.length > 0) {
    lines.push('#### Workspace changes', '', mdTable(['entity', 'target', 'user', 'key', 'old', 'new'], p.changes.map((c) => [c.entity ?? '', c.target ?? '', c.user ?? '', c.key ?? '', c.old ?? '—', c.new ?? '—'])));
  }
  lines.push(
    '#### Impact per user',
    '',
    p.impact.length === 0
      ? 'No user gets more or fewer alerts or emails.\n'
      : mdTable(['user', 'alerts', 'emails'], [...p.impact.map((r) => [r.user, delta(r.alertsBefore, r.alertsAfter), delta(r.emailsBefore, r.emailsAfter)]), ['**total**', delta(p.totals.alertsBefore, p.totals.alertsAfter), delta(p.totals.emailsBefore, p.totals.emailsAfter)]]),
  );
  const g = p.gaps;
  lines.push('#### Gaps', '', `- customer messages that reach nobody: ${delta(g.unreachableBefore, g.unreachableAfter)}`, `- of those, seen by nobody in time: ${delta(g.unnoticedBefore, g.unnoticedAfter)}`);
  if (g.newlyUnnoticed.length > 0) lines.push(`- **newly unnoticed:** ${g.newlyUnnoticed.map(code).join(', ')}`);
  if (g.noLongerUnnoticed.length > 0) lines.push(`- no longer unnoticed: ${g.noLongerUnnoticed.map(code).join(', ')}`);
  lines.push('');
  if (p.decisions.length > 0) {
    const shown = p.decisions.slice(0, MARKDOWN_DECISIONS);
    lines.push(
      `<details><summary>Changed decisions (${p.decisions.length})</summary>`,
      '',
      mdTable(['message', 'user', 'before', 'after'], shown.map((d) => [d.message, d.user, outcome(d.before), outcome(d.after)])),
      ...(p.decisions.length > shown.length ? [`… and ${p.decisions.length - shown.length} more (see \`notifyctl plan --format json\`).`, ''] : []),
      '</details>',
      '',
    );
  }
  return lines.join('\n');
}
