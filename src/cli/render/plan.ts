/** `plan` in words, as JSON (SPEC 9.3, 10.2) and as markdown for a pull request or $GITHUB_STEP_SUMMARY. */
import type { Output } from '../output/iostreams.js';
import { toJsonValue } from '../../domain/preferences.js';
import type { SuppressionReason } from '../../domain/reasons.js';
import { plural } from '../../domain/text.js';
import type { Change } from '../../domain/changes.js';
import type { Workspace } from '../../domain/workspace.js';
import type { EffectiveChange } from '../../domain/workspace-diff.js';
import { changedDecision, type ChangedDecision, type GapComparison, type ImpactRow, type LeftOut, type Outcome, type Transition } from '../../engine/comparison.js';
import { changeObjects } from './changes.js';
import { renderTable, wrap } from './table.js';
import { jsonNested } from '../output/json.js';

/** The unreachable messages of one project (null: conversations with no item), with what stopped each active user. */
export interface GapGroup {
  project: string | null;
  messages: string[];
  /** Those of `messages` that nobody saw in time either. */
  unnoticed: ReadonlySet<string>;
  blockers: Partial<Record<SuppressionReason, number>>;
}

export interface Plan {
  changes: Change[];
  users: { added: string[]; removed: string[] };
  effective: EffectiveChange[];
  impact: ImpactRow[];
  totals: { alertsBefore: number; alertsAfter: number; emailsBefore: number; emailsAfter: number };
  transitions: Transition[];
  /** The first changed decisions, in log order (all of them with --all-decisions, the rest in `more`). */
  decisions: ChangedDecision[];
  decisionsTotal: number;
  gaps: GapComparison;
  leftOut: LeftOut;
  /**
   * For people, by project (after the change): the newly unreachable messages, and the
   * newly unnoticed ones that were unreachable before too (seen then by a user it removes).
   */
  gapGroups: { newlyUnreachable: GapGroup[]; newlyUnnoticed: GapGroup[] };
}

/** The changed decisions past `decisions`, in batches (plan --all-decisions); read each time it is called. */
/**
 * The changed decisions past the plan's own, as JSON text in pieces (strings, or UTF-8
 * that may cut a character between two pieces): each decision after its separator
 * (",\n"), as changedDecisionJson() writes it.
 */
export type MoreDecisions = () => Iterable<string | Uint8Array>;

const n = (x: number) => x.toLocaleString('en-US');
const delta = (before: number, after: number) => `${n(before)} → ${n(after)}${after === before ? '' : ` (${after > before ? '+' : '-'}${n(Math.abs(after - before))})`}`;

export function verdict(p: Plan): string {
  if (p.changes.length === 0) return 'No workspace changes.';
  const parts = [`${plural(p.changes.length, 'workspace change')}`];
  if (p.decisionsTotal === 0) parts.push('no notification changes');
  else {
    parts.push(`${plural(p.decisionsTotal, 'decision')} change`);
    parts.push(`alerts ${delta(p.totals.alertsBefore, p.totals.alertsAfter)}, emails ${delta(p.totals.emailsBefore, p.totals.emailsAfter)}`);
  }
  if (p.gaps.newlyUnreachable.length > 0) parts.push(`${plural(p.gaps.newlyUnreachable.length, 'customer message')} newly unreachable`);
  if (p.gaps.newlyUnnoticed.length > 0) parts.push(`${plural(p.gaps.newlyUnnoticed.length, 'customer message')} newly unnoticed`);
  return parts.join('; ') + '.';
}

const outcome = (o: Outcome | null) => (o === null ? '(not a user)' : o.alert ? `${o.email ? 'alert + email' : 'alert'} (${o.reason})` : o.reason);

/** "14 messages on items in one workspace only (T-1, T-2) are left out: …" */
function leftOutLine(l: LeftOut, ids: string): string {
  return `${plural(l.messages, 'message')} on ${l.items.length === 1 ? 'an item' : 'items'} in one workspace only (${ids}) ${l.messages === 1 ? 'is' : 'are'} left out of decisions, impact, totals and gaps.`;
}

const blockerText = (b: GapGroup['blockers']) => Object.entries(b).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'no active user';

export function renderPlanText(p: Plan, o: Output): void {
  o.out.write(planText(p, o));
}

function planText(p: Plan, { terminal, color }: Output): string {
  let out = `${verdict(p)}\n`;
  if (p.leftOut.messages > 0) out += `${leftOutLine(p.leftOut, p.leftOut.items.join(', '))}\n`;
  if (p.changes.length > 0) {
    out += `\nWorkspace changes:\n${renderTable(['ENTITY', 'TARGET', 'USER', 'KEY', wrap('OLD'), wrap('NEW')], p.changes.map((c) => [c.entity ?? '', c.target ?? '', c.user ?? '', c.key ?? '', c.old ?? '—', c.new ?? '—']), terminal, color)}`;
  }
  const { added, removed } = p.users;
  if (added.length > 0 || removed.length > 0) {
    out += `\nUsers in one workspace only: ${[added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean).join('; ')}\n`;
  }
  if (p.effective.length > 0) {
    out += `\nEffective preferences that change:\n${renderTable(['USER', 'KEY', 'OLD', 'NEW'], p.effective.map((e) => [e.user, e.key, e.old, e.new]), terminal, color)}`;
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
  out += `\nGaps: unreachable ${delta(g.unreachableBefore, g.unreachableAfter)}, unnoticed ${delta(g.unnoticedBefore, g.unnoticedAfter)}\n`;
  for (const [label, groups] of [['Newly unreachable', p.gapGroups.newlyUnreachable], ['Newly unnoticed', p.gapGroups.newlyUnnoticed]] as const) {
    for (const group of groups) {
      const ids = group.messages.map((m) => (group.unnoticed.has(m) && label === 'Newly unreachable' ? `${m} (unnoticed)` : m));
      out += `  ${label} in ${group.project === null ? 'conversations with no item' : `project ${group.project}`} (blockers: ${blockerText(group.blockers)}): ${ids.join(', ')}\n`;
    }
  }
  if (g.noLongerUnreachable.length > 0) out += `  No longer unreachable: ${g.noLongerUnreachable.join(', ')}\n`;
  if (g.noLongerUnnoticed.length > 0) out += `  No longer unnoticed: ${g.noLongerUnnoticed.join(', ')}\n`;
  if (p.transitions.length > 0) {
    out += `\nChanged decisions by user and outcome:\n${renderTable(['USER', 'BEFORE', 'AFTER', 'COUNT', 'FIRST'], p.transitions.map((t) => [t.user, outcome(t.before), outcome(t.after), String(t.count), t.first]), terminal, color)}`;
  }
  if (p.decisions.length > 0) {
    const shown = p.decisions.slice(0, TEXT_DECISIONS);
    out += `\nChanged decisions:\n${renderTable(['MESSAGE', 'USER', wrap('BEFORE'), wrap('AFTER')], shown.map((d) => [d.message, d.user, outcome(d.before), outcome(d.after)]), terminal, color)}`;
    if (p.decisionsTotal > shown.length) out += `… and ${(p.decisionsTotal - shown.length).toLocaleString('en-US')} more changed decisions; --format json --all-decisions lists every one.\n`;
  }
  return out;
}

/** The most changed decisions `decisions` lists, and text shows (a change for many users can change millions). */
export const TEXT_DECISIONS = 1000;

/** The plan as the JSON document of SPEC 10.2, but for its `decisions` (see writePlanJson). */
export function planObject(p: Plan, before: Workspace, after: Workspace): Record<string, unknown> & { decisions: ChangedDecision[] } {
  return {
    // The one shape of changes (SPEC 9.12), effective values for preferences and defaults.
    changes: changeObjects(p.changes, before, after),
    users: p.users,
    effective: p.effective.map((e) => ({ user: e.user, key: e.key, old: toJsonValue(e.key, e.old), new: toJsonValue(e.key, e.new) })),
    impact: p.impact,
    totals: p.totals,
    transitions: p.transitions,
    decisions: p.decisions,
    decisionsTotal: p.decisionsTotal,
    gaps: p.gaps,
    leftOut: p.leftOut,
  };
}

/** Outcome codes' JSON text inside a decision entry (see changedDecisionJson). */
const outcomeJson = new Map<number, string>();
let lastMessage = '';
let lastMessageJson = '""';
const userJson = new Map<string, string>();

/**
 * A changed decision as writePlanJson() writes an entry of `decisions` (the bytes of
 * jsonNested(changedDecision(…), 2) after its indent), from its ids and outcome code
 * without making an object: --all-decisions writes millions.
 */
export function changedDecisionJson(message: string, user: string, code: number): string {
  // A message's changed decisions come together, and there are few users: their JSON made once.
  if (message !== lastMessage) {
    lastMessage = message;
    lastMessageJson = JSON.stringify(message);
  }
  let userText = userJson.get(user);
  if (userText === undefined) userJson.set(user, (userText = JSON.stringify(user)));
  const side = (c: number) => {
    let text = outcomeJson.get(c);
    if (text === undefined) {
      const d = changedDecision('', '', c * 1024);
      outcomeJson.set(c, (text = jsonNested(d.before, 3)));
    }
    return text;
  };
  return `    {\n      "message": ${lastMessageJson},\n      "user": ${userText},\n      "before": ${side(Math.floor(code / 1024))},\n      "after": ${side(code % 1024)}\n    }`;
}

/**
 * The plan as JSON, written in pieces: with --all-decisions `decisions` can hold
 * millions of entries, more than one string may (V8's limit is about 512 MB), and they
 * come from a file (`more`). The bytes are those of JSON.stringify(plan, null, 2), with
 * `more`'s decisions after the plan's own.
 */
export function writePlanJson(plan: Record<string, unknown> & { decisions: unknown[] }, write: (text: string | Uint8Array) => void, more?: MoreDecisions): void {
  const keys = Object.keys(plan);
  const entry = (d: unknown) => `    ${jsonNested(d, 2)}`;
  write('{\n');
  keys.forEach((key, i) => {
    const comma = i === keys.length - 1 ? '\n' : ',\n';
    if (key !== 'decisions') {
      write(`  ${JSON.stringify(key)}: ${jsonNested(plan[key], 1)}${comma}`);
      return;
    }
    // Each batch is written with the separator before it, so that empty ones leave no trace.
    let written = 0;
    const batch = (list: readonly unknown[]) => {
      for (let start = 0; start < list.length; start += 10_000) {
        write((written === 0 ? '[\n' : ',\n') + list.slice(start, start + 10_000).map(entry).join(',\n'));
        written += Math.min(10_000, list.length - start);
      }
    };
    write(`  ${JSON.stringify(key)}: `);
    batch(plan.decisions);
    if (more !== undefined) {
      // Each entry comes after its separator: the first entry of all takes the bracket instead.
      let drop = 0;
      for (let piece of more()) {
        if (piece.length === 0) continue;
        if (written === 0) {
          write('[\n');
          drop = 2;
          written++;
        }
        if (drop > 0) {
          const cut = Math.min(drop, piece.length);
          drop -= cut;
          piece = typeof piece === 'string' ? piece.slice(cut) : piece.subarray(cut);
        }
        if (piece.length > 0) write(piece);
      }
    }
    write(`${written === 0 ? '[]' : '\n  ]'}${comma}`);
  });
  write('}\n');
}

/** A table cell for GitHub markdown: pipes escaped, one line. For text the tool wrote itself (reasons, counts). */
export const md = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));

/**
 * Text from a workspace or a log (ids, names, emails) as a code span, so nothing in a
 * pull request can mention, link or format: the fence is one backtick longer than the
 * longest run inside, padded with a space where the text starts or ends with a backtick
 * (or with spaces, which a code span would strip). In a table cell a pipe is escaped
 * (GFM splits cells before it reads code spans); one right after a backslash cannot be,
 * since parsers disagree on `\\|`, and is written as a fullwidth ｜.
 */
export function codeSpan(text: string | null, inTable = false): string {
  if (text === null || text === '') return '—';
  let t = text.replace(/[\r\n\t]+/g, ' ');
  if (inTable) t = t.replace(/\\\|/g, '\\｜').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** The longest markdown plan (GitHub refuses comments over 65,536 characters). */
export const MARKDOWN_LIMIT = 60_000;
/** The first line of every markdown plan: a workflow finds its comment by it and updates it. */
export const PLAN_MARKER = '<!-- notifyctl-plan -->';

/**
 * Lines of a table or list, as many as fit in `budget` characters and `maxRows` rows,
 * then (when some are left out) "… and N more". `total`: how many there are (more than
 * `rows` when only the first are at hand).
 */
function fitted(rows: readonly string[], total: number, budget: number, maxRows: number, what: string): { lines: string[]; more: string | null } {
  const lines: string[] = [];
  let used = 0;
  for (const row of rows) {
    if (lines.length >= maxRows || used + row.length + 1 > budget) break;
    lines.push(row);
    used += row.length + 1;
  }
  return { lines, more: total > lines.length ? `… and ${(total - lines.length).toLocaleString('en-US')} more ${what}` : null };
}

function mdTable(head: string[], rows: readonly string[][], total: number, budget: number, maxRows: number, what: string): string {
  const { lines, more } = fitted(rows.map((r) => `| ${r.join(' | ')} |`), total, budget, maxRows, what);
  // "… and N more" after a blank line, so that it is not read as a row.
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...lines].join('\n') + '\n' + (more === null ? '' : `\n${more}\n`);
}

/** An inline list of code spans that fits in `budget`: "`a`, `b` … and 3 more"; `note` adds words after an id. */
function spanList(ids: readonly string[], budget: number, note: (id: string) => string = () => ''): string {
  const shown: string[] = [];
  let used = 0;
  for (const id of ids) {
    const span = codeSpan(id) + note(id);
    if (used + span.length + 2 > budget) break;
    shown.push(span);
    used += span.length + 2;
  }
  return shown.join(', ') + (ids.length > shown.length ? `${shown.length > 0 ? ' ' : ''}… and ${(ids.length - shown.length).toLocaleString('en-US')} more` : '');
}

function gapGroupLines(label: string, groups: readonly GapGroup[], budget: number): string[] {
  if (groups.length === 0) return [];
  const total = groups.reduce((n, g) => n + g.messages.length, 0);
  const rows = groups.map((g) => {
    const unnoticed = label === 'newly unreachable' && g.unnoticed.size > 0 ? `, ${g.unnoticed.size} unnoticed` : '';
    const ids = spanList(g.messages, 400, (m) => (label === 'newly unreachable' && g.unnoticed.has(m) ? ' (unnoticed)' : ''));
    return `  - ${g.project === null ? 'conversations with no item' : `project ${codeSpan(g.project)}`}: ${plural(g.messages.length, 'message')}${unnoticed}; blockers: ${blockerText(g.blockers)}; ${ids}`;
  });
  const { lines, more } = fitted(rows, groups.length, budget, 40, 'projects');
  return [`- **${label}: ${total.toLocaleString('en-US')}**, by project:`, ...lines, ...(more === null ? [] : [`  - ${more}`])];
}

/** The plan as a pull request's comment (Markdown within GitHub's limits). */
export function renderPlanMarkdown(p: Plan, o: Output): void {
  o.out.write(planMarkdown(p));
}

function planMarkdown(p: Plan): string {
  const warn = p.gaps.newlyUnreachable.length > 0 || p.gaps.newlyUnnoticed.length > 0;
  const lines: string[] = [PLAN_MARKER, `### ${warn ? '⚠️' : p.decisionsTotal > 0 ? '🔔' : '✅'} notifyctl plan: ${md(verdict(p))}`, ''];
  if (p.leftOut.messages > 0) lines.push(leftOutLine(p.leftOut, spanList(p.leftOut.items, 1_000)), '');
  if (p.changes.length > 0) {
    const cell = (v: string | null) => codeSpan(v, true);
    lines.push(
      '#### Workspace changes',
      '',
      mdTable(['entity', 'target', 'user', 'key', 'old', 'new'], p.changes.map((c) => [c.entity, cell(c.target), cell(c.user), c.key ?? '—', cell(c.old), cell(c.new)]), p.changes.length, 11_000, 200, 'changes'),
    );
  }
  if (p.users.added.length > 0 || p.users.removed.length > 0) {
    lines.push('#### Users', '');
    if (p.users.added.length > 0) lines.push(`- added: ${spanList(p.users.added, 1_500)}`);
    if (p.users.removed.length > 0) lines.push(`- removed: ${spanList(p.users.removed, 1_500)}`);
    lines.push('');
  }
  if (p.effective.length > 0) {
    lines.push('#### Effective preferences that change', '', mdTable(['user', 'key', 'old', 'new'], p.effective.map((e) => [codeSpan(e.user, true), e.key, e.old, e.new]), p.effective.length, 8_000, 150, 'preferences'));
  }
  const total = ['**total**', delta(p.totals.alertsBefore, p.totals.alertsAfter), delta(p.totals.emailsBefore, p.totals.emailsAfter)];
  lines.push(
    '#### Impact per user',
    '',
    p.impact.length === 0
      ? 'No user gets more or fewer alerts or emails.\n'
      : mdTable(['user', 'alerts', 'emails'], [total, ...p.impact.map((r) => [codeSpan(r.user, true), delta(r.alertsBefore, r.alertsAfter), delta(r.emailsBefore, r.emailsAfter)])], p.impact.length + 1, 8_000, 150, 'users'),
  );
  const g = p.gaps;
  lines.push('#### Gaps', '', `- customer messages that reach nobody: ${delta(g.unreachableBefore, g.unreachableAfter)}`, `- of those, seen by nobody in time: ${delta(g.unnoticedBefore, g.unnoticedAfter)}`);
  lines.push(...gapGroupLines('newly unreachable', p.gapGroups.newlyUnreachable, 4_500), ...gapGroupLines('newly unnoticed, unreachable before too', p.gapGroups.newlyUnnoticed, 4_500));
  if (g.noLongerUnreachable.length > 0) lines.push(`- no longer unreachable: ${spanList(g.noLongerUnreachable, 800)}`);
  if (g.noLongerUnnoticed.length > 0) lines.push(`- no longer unnoticed: ${spanList(g.noLongerUnnoticed, 800)}`);
  lines.push('');
  if (p.decisionsTotal > 0) {
    const transitions = p.transitions.map((t) => [codeSpan(t.user, true), outcome(t.before), outcome(t.after), String(t.count), codeSpan(t.first, true)]);
    const decisions = p.decisions.slice(0, MARKDOWN_DECISIONS).map((d) => [codeSpan(d.message, true), codeSpan(d.user, true), outcome(d.before), outcome(d.after)]);
    lines.push(
      `<details><summary>Changed decisions (${p.decisionsTotal.toLocaleString('en-US')})</summary>`,
      '',
      mdTable(['user', 'before', 'after', 'count', 'first'], transitions, transitions.length, 6_000, 60, 'transitions'),
      mdTable(['message', 'user', 'before', 'after'], decisions, p.decisionsTotal, 8_000, MARKDOWN_DECISIONS, 'changed decisions (`notifyctl plan --format json --all-decisions` lists every one)'),
      '</details>',
      '',
    );
  }
  return withinLimit(lines.join('\n'));
}

/**
 * The sections' budgets add up to less than MARKDOWN_LIMIT; should they ever not, the
 * text is cut at a line rather than refused by GitHub.
 */
export function withinLimit(text: string): string {
  if (text.length <= MARKDOWN_LIMIT) return text;
  const cut = text.lastIndexOf('\n', MARKDOWN_LIMIT - 200);
  return `${text.slice(0, cut)}\n\n… cut at ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters; \`notifyctl plan --format json\` has it all.\n`;
}

/** The most changed decisions the markdown lists; the rest are counted. */
export const MARKDOWN_DECISIONS = 50;
