/**
 * The HTML report (SPEC 10.6), from what `simulate --stats --all`, `gaps`, `load` and
 * `plan` print as JSON. One self-contained file: inline CSS, SVG charts drawn now by
 * Vega-Lite (render/report-charts.ts), no script, no address of anything outside it;
 * light, dark (prefers-color-scheme) and printed. Under each chart, a table of its numbers.
 */
import packageJson from '../../../package.json' with { type: 'json' };
import { REASON_SENTENCES, SUPPRESSION_REASONS, type Reason } from '../../domain/reasons.js';
import { compareIds } from '../../domain/workspace.js';
import { formatHuman } from '../../domain/zone.js';
import { periodStarts, type LoadPeriod } from '../../engine/load.js';
import type { Stats } from '../../engine/stats.js';
import type { GapBar, HeatmapCell, PeriodAxis, PlanBar, ReasonBar } from './report-charts.js';
import { xml } from './scenarios.js';

/** `simulate --stats --format json` (with its gap counts). */
export type StatsJson = Stats & { unreachable: number; unnoticed: number };

/** A row of `gaps --format json`. */
export interface GapJson {
  message: string;
  at: string;
  conversation: string;
  item: string | null;
  project: string | null;
  seenBy: string | null;
  seenAt: string | null;
  blockers: Record<string, number>;
}

/** A row of `load --format json`. */
export interface LoadJson {
  user: string;
  alerts: number;
  emails: number;
  alreadyHandled: number;
  busiest: { at: string; alerts: number };
  periods: { at: string; alerts: number; emails: number }[];
}

/** What the report shows of `plan --format json`. */
export interface PlanJson {
  changes: unknown[];
  users: { added: string[]; removed: string[] };
  impact: { user: string; alertsBefore: number; alertsAfter: number; emailsBefore: number; emailsAfter: number }[];
  totals: { alertsBefore: number; alertsAfter: number; emailsBefore: number; emailsAfter: number };
  gaps: { unreachableBefore: number; unreachableAfter: number; unnoticedBefore: number; unnoticedAfter: number };
  decisionsTotal: number;
  leftOut: { items: string[]; messages: number };
}

export interface ReportInput {
  /** The log and the database as given. */
  log: string;
  db: string;
  zone: string;
  window: number;
  asOf: string | null;
  /** What simulate said on stderr (lines before the recorded history), or null. */
  historyNote: string | null;
  stats: StatsJson;
  gaps: GapJson[];
  /** `load` by the hour: the load table. */
  load: LoadJson[];
  /** `load` by the period the pictures use (the same rows by the hour, or by the day for a long log). */
  pictured: { by: LoadPeriod; rows: LoadJson[] };
  plan: PlanJson | null;
  planName: string | null;
}

/** At most this many users in a picture (the busiest); the tables under them list every one. */
export const PICTURED_USERS = 50;
/** A table of more rows than this is folded (<details>), so the pictures stay close together. */
const OPEN_ROWS = 40;

const n = (v: number) => v.toLocaleString('en-US');
const h = (text: string) => xml(text);

/** A period as the pictures and their tables write it: `2026-03-02 09:00Z` (an hour, with the zone's offset) or `2026-03-02` (a day). */
export function periodText(ms: number, zone: string, by: LoadPeriod): string {
  const text = formatHuman(ms, zone);
  return by === 'day' ? text.slice(0, 10) : text.slice(0, 16) + text.slice(19);
}

/** The earliest and the latest of many instants (too many to spread into Math.min's arguments), or null for none. */
export function spanOf(instants: readonly number[]): { first: number; last: number } | null {
  if (instants.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const at of instants) {
    if (at < first) first = at;
    if (at > last) last = at;
  }
  return { first, last };
}

/** Every period from the first start to the last, in order (the charts show empty ones too). */
export function periodsBetween(first: number, last: number, by: LoadPeriod, startOf: (ms: number) => number): number[] {
  // A step a little longer than the period lands in the next one, whatever the clocks did (a day of 23 or 25 hours).
  const step = (by === 'hour' ? 3_600_000 : 86_400_000) * 1.1;
  const out: number[] = [];
  for (let at = startOf(first); at <= last; at = startOf(at + step)) out.push(at);
  return out;
}

/** A change, written with its sign: `+2`, `−13`, `0`. */
interface Signed {
  change: number;
}
/** A time: kept on one line however long the ids beside it are. */
interface Time {
  time: string;
}
type Cell = string | number | Signed | Time | null;

const signed = (v: number) => (v > 0 ? `+${n(v)}` : v < 0 ? `−${n(-v)}` : '0');

interface Table {
  id: string;
  head: string[];
  /** Cells as text; numbers (and changes) are given as numbers and written right-aligned with separators. */
  rows: Cell[][];
  foot?: Cell[];
}


function cell(tag: 'td' | 'th', v: Cell): string {
  if (typeof v === 'number') return `<${tag} class="num">${n(v)}</${tag}>`;
  if (v !== null && typeof v === 'object') return 'time' in v ? `<${tag} class="time">${h(v.time)}</${tag}>` : `<${tag} class="num">${signed(v.change)}</${tag}>`;
  return `<${tag}>${v === null ? '<span class="none">–</span>' : h(v)}</${tag}>`;
}

function table(t: Table): string {
  const head = `<thead><tr>${t.head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${t.rows.map((r) => `<tr>${r.map((v) => cell('td', v)).join('')}</tr>`).join('\n')}</tbody>`;
  const foot = t.foot === undefined ? '' : `<tfoot><tr>${t.foot.map((v) => cell('td', v)).join('')}</tr></tfoot>`;
  return `<table id="${t.id}">${head}\n${body}${foot}</table>`;
}

/** The table of a chart's numbers: open when short, folded (still there, one click away) when long. */
function numbers(t: Table, what: string): string {
  const open = t.rows.length <= OPEN_ROWS ? ' open' : '';
  return `<details class="numbers"${open}><summary>${h(what)}: ${n(t.rows.length)} row${t.rows.length === 1 ? '' : 's'}</summary>\n${table(t)}\n</details>`;
}

function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="${id}">${svg}<figcaption>${h(caption)}</figcaption></figure>`;
}

const code = (text: string) => `<code>${h(text)}</code>`;

/** A section of the page: its anchor, its heading (also the navigation's link) and its HTML. */
interface Section {
  id: string;
  title: string;
  body: string;
}

export async function renderReport(input: ReportInput): Promise<string> {
  const charts = await import('./report-charts.js');
  const { stats, load, zone } = input;
  const by = input.pictured.by;
  const startOf = periodStarts(by, zone);
  /** The period an instant falls in, as the pictures write it. */
  const text = (at: string) => periodText(startOf(Date.parse(at)), zone, by);

  // One time axis for both pictures over time: from the first period with an alert or a gap to the last.
  const instants = [...input.pictured.rows.flatMap((u) => u.periods.map((p) => Date.parse(p.at))), ...input.gaps.map((g) => startOf(Date.parse(g.at)))];
  const span = spanOf(instants);
  const axis: PeriodAxis = {
    periods: span === null ? [] : periodsBetween(span.first, span.last, by, startOf).map((at) => periodText(at, zone, by)),
    by,
    title: `${by} (${zone})`,
  };

  const sections: Section[] = [
    totalsSection(input),
    await heatmapSection(input, text, axis, charts.heatmap),
    await reasonsSection(stats, charts.reasonBars),
    await gapSection(input, text, axis, charts.gapBars),
    loadSection(load, zone),
  ];
  if (input.plan !== null) sections.push(await planSection(input.plan, input.planName!, charts.planBars));

  const { vegaVersion, vegaLiteVersion } = charts;
  return page(input, sections, `Made by notifyctl ${packageJson.version}; charts drawn by Vega-Lite ${vegaLiteVersion} and Vega ${vegaVersion} when the report was made. No script, nothing loaded from elsewhere.`);
}

const alreadyHandled = (load: readonly LoadJson[]) => load.reduce((sum, u) => sum + u.alreadyHandled, 0);

function totalsSection({ stats, load }: ReportInput): Section {
  return {
    id: 'totals',
    title: 'Totals',
    body: table({
      id: 'totals-table',
      head: ['', 'count', 'from'],
      rows: [
        ['messages', stats.messages, 'simulate --stats'],
        ['decisions (every user, every message)', stats.decisions, 'simulate --stats --all'],
        ['alerts', stats.alerts, 'simulate --stats'],
        ['emails', stats.emails, 'simulate --stats'],
        ['users alerted', load.length, 'load'],
        ['alerts about a message someone else had already seen', alreadyHandled(load), 'load'],
        ['customer messages that reached nobody (unreachable)', stats.unreachable, 'simulate --stats, gaps'],
        ['… of which nobody saw in time (unnoticed)', stats.unnoticed, 'simulate --stats, gaps --unnoticed'],
      ],
    }),
  };
}

/** Alerts per user per period: the busiest users (at most PICTURED_USERS), a row each. */
async function heatmapSection(input: ReportInput, text: (at: string) => string, axis: PeriodAxis, draw: (cells: HeatmapCell[], users: string[], axis: PeriodAxis) => Promise<string>): Promise<Section> {
  const { by, rows } = input.pictured;
  const title = `Alerts per user per ${by}`;
  const alerted = rows.filter((u) => u.alerts > 0);
  const shown = alerted.slice(0, PICTURED_USERS);
  if (shown.length === 0) return { id: `alerts-per-${by}`, title, body: '<p class="empty">Nobody was alerted.</p>' };
  const cells: HeatmapCell[] = shown.flatMap((u) => u.periods.filter((p) => p.alerts > 0).map((p) => ({ user: u.user, period: text(p.at), alerts: p.alerts })));
  const svg = await draw(cells, shown.map((u) => u.user), axis);
  const notes = [
    `Each row is a user, busiest first; each cell the alerts that fired in that ${by} (${h(input.zone)}), from ${code(by === 'hour' ? 'load' : 'load --by day')}.`,
    by === 'day' ? `The log spans ${n(axis.periods.length)} days, too many hours for one picture: it is counted by the day.` : '',
    alerted.length > shown.length ? `<strong>The ${n(shown.length)} busiest of ${n(alerted.length)} users alerted</strong>; the load table below lists every one.` : '',
  ].filter((note) => note !== '');
  return {
    id: `alerts-per-${by}`,
    title,
    body: `<p>${notes.join(' ')}</p>
${figure('chart-heatmap', svg, title)}
${numbers({ id: 'heatmap-table', head: ['user', by, 'alerts', 'emails'], rows: shown.flatMap((u) => u.periods.map((p) => [u.user, { time: text(p.at) }, p.alerts, p.emails])) }, `The numbers, each user's ${by}s with an alert or an email`)}`,
  };
}

/** Every decision by its reason, most first: those that notify, and those that stopped a notification. */
async function reasonsSection(stats: StatsJson, draw: (bars: ReasonBar[]) => Promise<string>): Promise<Section> {
  const suppression = new Set<Reason>(SUPPRESSION_REASONS);
  const bars: ReasonBar[] = [...stats.reasons].sort((a, b) => b.count - a.count).map((r) => ({ reason: r.reason, count: r.count, outcome: suppression.has(r.reason) ? 'not notified' : 'notified' }));
  const intro = `<p>Every user's decision for every message, by the reason it was made (${code('simulate --stats --all')}): the reasons that notify, and those that stopped a notification.</p>`;
  if (bars.length === 0) return { id: 'reasons', title: 'Decisions by reason', body: `${intro}\n<p class="empty">The log has no message.</p>` };
  return {
    id: 'reasons',
    title: 'Decisions by reason',
    body: `${intro}
${figure('chart-reasons', await draw(bars), 'Decisions by reason')}
${numbers({ id: 'reasons-table', head: ['reason', 'outcome', 'decisions', 'meaning'], rows: bars.map((b) => [b.reason, b.outcome, b.count, REASON_SENTENCES[b.reason as Reason]]), foot: ['all', '', stats.decisions, ''] }, 'The numbers')}`,
  };
}

/** The load table (SPEC 10.5), as load prints it: times in the report's zone. */
function loadSection(load: readonly LoadJson[], zone: string): Section {
  const intro = `<p>Per user: alerts and emails, how many alerts were about a message another user had already seen when it fired, and the busiest hour (${code('load')}, times in ${h(zone)}).</p>`;
  if (load.length === 0) return { id: 'load', title: 'Load', body: `${intro}\n<p class="empty">Nobody was alerted.</p>` };
  const sum = (f: (u: LoadJson) => number) => load.reduce((total, u) => total + f(u), 0);
  return {
    id: 'load',
    title: 'Load',
    body: `${intro}
${table({
  id: 'load-table',
  head: ['user', 'alerts', 'emails', 'already handled', 'busiest hour', 'alerts then', 'hours'],
  rows: load.map((u) => [u.user, u.alerts, u.emails, u.alreadyHandled, { time: formatHuman(Date.parse(u.busiest.at), zone) }, u.busiest.alerts, u.periods.length]),
  foot: ['all', sum((u) => u.alerts), sum((u) => u.emails), alreadyHandled(load), null, null, null],
})}`,
  };
}

/** At most this many colours in the gaps chart (Tableau 20's): beyond, the projects with the fewest gaps share one. */
export const PICTURED_PROJECTS = 20;

/**
 * The projects the gaps chart tells apart by colour, in the legend's order, and the one
 * each is drawn as: every project when they are few enough for colours of their own; else
 * those with the most unreachable messages (ties: by id), the others drawn together.
 */
function colouredProjects(rows: readonly { project: string; unreachable: number }[]): { projects: string[]; colour: (project: string) => string; note: string } {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.project, (totals.get(r.project) ?? 0) + r.unreachable);
  const all = [...totals.keys()].sort(compareIds);
  if (all.length <= PICTURED_PROJECTS) return { projects: all, colour: (p) => p, note: '' };
  const kept = new Set([...all].sort((a, b) => totals.get(b)! - totals.get(a)! || compareIds(a, b)).slice(0, PICTURED_PROJECTS - 1));
  const others = `the other ${n(all.length - kept.size)} projects`;
  return {
    projects: [...all.filter((p) => kept.has(p)), others],
    colour: (p) => (kept.has(p) ? p : others),
    note: `\n<p>The ${n(kept.size)} projects with the most unreachable messages have a colour each; <strong>${h(others)}</strong> share one. The table lists every project.</p>`,
  };
}

async function gapSection(input: ReportInput, text: (at: string) => string, axis: PeriodAxis, draw: (bars: GapBar[], projects: string[], axis: PeriodAxis) => Promise<string>): Promise<Section> {
  const { gaps, stats } = input;
  const by = input.pictured.by;
  const section = (body: string): Section => ({ id: 'gaps', title: 'Customer messages that reached nobody', body });
  const head = `<p><strong>Unreachable</strong>: no active user would be alerted, whoever looked. <strong>Unnoticed</strong>: unreachable, and nobody saw it within the window either. Per ${by} (${h(input.zone)}) and project (${code('gaps')}).</p>`;
  if (gaps.length === 0) return section(`${head}\n<p class="empty">None: every customer message could alert someone (${n(stats.unreachable)} unreachable, ${n(stats.unnoticed)} unnoticed).</p>`);
  const project = (g: GapJson) => g.project ?? '(no project)';
  const counts = new Map<string, { period: string; project: string; unreachable: number; unnoticed: number }>();
  for (const g of gaps) {
    const period = text(g.at);
    const key = `${period}\u0000${project(g)}`;
    let c = counts.get(key);
    if (c === undefined) counts.set(key, (c = { period, project: project(g), unreachable: 0, unnoticed: 0 }));
    c.unreachable++;
    if (g.seenBy === null) c.unnoticed++;
  }
  const rows = [...counts.values()];
  const { projects, colour, note } = colouredProjects(rows);
  const bars = new Map<string, GapBar>();
  for (const r of rows) {
    for (const kind of ['unreachable', 'unnoticed'] as const) {
      if (r[kind] === 0) continue;
      const project = colour(r.project);
      const key = `${r.period}\u0000${project}\u0000${kind}`;
      const bar = bars.get(key);
      if (bar === undefined) bars.set(key, { period: r.period, project, kind, count: r[kind] });
      else bar.count += r[kind];
    }
  }
  const svg = await draw([...bars.values()], projects, axis);
  return section(`${head}${note}
${figure('chart-gaps', svg, 'Unreachable and unnoticed customer messages over time, by project')}
${numbers({ id: 'gaps-table', head: [by, 'project', 'unreachable', 'unnoticed'], rows: rows.map((r) => [{ time: r.period }, r.project, r.unreachable, r.unnoticed]), foot: ['all', '', gaps.length, gaps.filter((g) => g.seenBy === null).length] }, 'The numbers')}
${numbers(
  {
    id: 'gaps-messages',
    head: ['message', 'time', 'conversation', 'project', 'seen by', 'what stood in the way (active users)'],
    rows: gaps.map((g) => [g.message, { time: formatHuman(Date.parse(g.at), input.zone) }, g.item === null ? g.conversation : `${g.conversation} (${g.item})`, g.project, g.seenBy, Object.entries(g.blockers).map(([reason, count]) => `${reason} ${count}`).join(', ')]),
  },
  'The messages',
)}`);
}

/** Who joins or leaves with the plan, as plan says it: " Users in one workspace only: added dana; removed eve." */
function usersInOne({ added, removed }: PlanJson['users']): string {
  const parts = [added.length > 0 && `added ${added.map(h).join(', ')}`, removed.length > 0 && `removed ${removed.map(h).join(', ')}`].filter(Boolean);
  return parts.length === 0 ? '' : ` Users in one workspace only: ${parts.join('; ')}.`;
}

async function planSection(plan: PlanJson, name: string, draw: (bars: PlanBar[], users: string[]) => Promise<string>): Promise<Section> {
  const section = (body: string): Section => ({ id: 'plan', title: 'The plan: alerts before and after', body });
  const t = plan.totals;
  const g = plan.gaps;
  const summary = table({
    id: 'plan-totals',
    head: ['', 'before', 'after', 'change'],
    rows: [
      ['alerts', t.alertsBefore, t.alertsAfter, { change: t.alertsAfter - t.alertsBefore }],
      ['emails', t.emailsBefore, t.emailsAfter, { change: t.emailsAfter - t.emailsBefore }],
      ['unreachable customer messages', g.unreachableBefore, g.unreachableAfter, { change: g.unreachableAfter - g.unreachableBefore }],
      ['unnoticed customer messages', g.unnoticedBefore, g.unnoticedAfter, { change: g.unnoticedAfter - g.unnoticedBefore }],
    ],
  });
  const leftOut = plan.leftOut.messages > 0 ? ` ${n(plan.leftOut.messages)} messages about items in one workspace only are left out, as ${code('plan')} leaves them out.` : '';
  const intro = `<p>${h(name)}: ${n(plan.changes.length)} change${plan.changes.length === 1 ? '' : 's'} to the workspace, ${n(plan.decisionsTotal)} decision${plan.decisionsTotal === 1 ? '' : 's'} change (${code('plan')}).${leftOut}${usersInOne(plan.users)}</p>`;
  // Biggest change first, as a reader looks for it.
  const impact = [...plan.impact].sort((a, b) => Math.abs(b.alertsAfter - b.alertsBefore) - Math.abs(a.alertsAfter - a.alertsBefore) || compareIds(a.user, b.user));
  if (impact.length === 0) return section(`${intro}\n${summary}\n<p class="empty">No user's alerts or emails change.</p>`);
  const shown = impact.slice(0, PICTURED_USERS);
  const svg = await draw(
    shown.flatMap((r) => [
      { user: r.user, when: 'before' as const, alerts: r.alertsBefore },
      { user: r.user, when: 'after' as const, alerts: r.alertsAfter },
    ]),
    shown.map((r) => r.user),
  );
  const capped = impact.length > shown.length ? ` <strong>The ${n(shown.length)} biggest changes of ${n(impact.length)}</strong>; the table lists every one.` : '';
  return section(`${intro}
${summary}
<p>Each user whose alerts or emails change, the biggest change first.${capped}</p>
${figure('chart-plan', svg, "Each user's alerts before and after the plan")}
${numbers({ id: 'plan-table', head: ['user', 'alerts before', 'alerts after', 'change', 'emails before', 'emails after'], rows: impact.map((r) => [r.user, r.alertsBefore, r.alertsAfter, { change: r.alertsAfter - r.alertsBefore }, r.emailsBefore, r.emailsAfter]) }, 'The numbers')}`);
}

/** A window as --window takes it: `60s`, `10m`, `2h`, `1500ms`. */
function windowText(ms: number): string {
  if (ms === 0) return '0s';
  const unit = [['h', 3_600_000], ['m', 60_000], ['s', 1000]].find(([, size]) => ms % (size as number) === 0);
  return unit === undefined ? `${ms}ms` : `${ms / (unit[1] as number)}${unit[0]}`;
}


function page(input: ReportInput, sections: readonly Section[], footer: string): string {
  const facts = [
    ['log', input.log],
    ['database', input.db],
    ['window', windowText(input.window)],
    ['times in', input.zone],
    ...(input.asOf === null ? [] : [['workspace as of', input.asOf]]),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>notifyctl report: ${h(input.log)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Notifications report</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${h(k!)}</dt><dd>${h(v!)}</dd></div>`).join('')}</dl>
${input.historyNote === null ? '' : `<p class="note">${h(input.historyNote)}</p>`}
<nav><ul>${sections.map((s) => `<li><a href="#${s.id}">${h(s.title)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections.map((s) => `<section id="${s.id}"><h2>${h(s.title)}</h2>\n${s.body}\n</section>`).join('\n')}
</main>
<footer><p>${h(footer)}</p></footer>
</body>
</html>
`;
}

/** Light by default, dark when the reader's system is, black on white on paper. Charts draw text and axes in currentColor. */
const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --rule: #d1d9e0; --stripe: #f6f8fa; --accent: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --rule: #3d444d; --stripe: #151b23; --accent: #4493f8; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 960px; padding: 24px 20px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
p { margin: 8px 0; max-width: 75ch; }
a { color: var(--accent); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--stripe); padding: 1px 4px; border-radius: 4px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.note, .empty { color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
figure.chart { margin: 12px 0; color: var(--fg); overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
thead th { font-weight: 600; border-bottom: 2px solid var(--rule); }
tbody tr:nth-child(even) { background: var(--stripe); }
tfoot td { font-weight: 600; border-top: 2px solid var(--rule); }
td.num, th.num { text-align: right; }
/* Ids may be long and unbroken (a wrap anywhere keeps the table on the page); numbers and times stay whole. */
td.num, th.num, td.time { white-space: nowrap; overflow-wrap: normal; }
.none { color: var(--muted); }
details.numbers { margin: 4px 0 12px; }
details.numbers summary { cursor: pointer; color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --rule: #bbb; --stripe: #f2f2f2; --accent: #000; }
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure.chart { break-inside: avoid; overflow: visible; }
  tr { break-inside: avoid; }
  details.numbers summary { list-style: none; }
}
`;
