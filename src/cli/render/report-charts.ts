/**
 * The report's charts (SPEC 10.6): Vega-Lite specifications, compiled and drawn to SVG
 * by Vega when the report is made, with no browser, DOM or canvas (Vega's headless
 * view, `toSVG()`). The only module that loads Vega: `report` imports it on demand, and
 * the build makes it a bundle of its own (dist/report-charts.cjs), so no other command
 * reads a byte of it.
 *
 * The charts are drawn for a page that may be light, dark or printed: no background,
 * and text and axes in `currentColor`, which the page's stylesheet sets.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';

/** A time axis: every period (hour or day, in the report's zone) from the first to the last, as the tables write them. */
export interface PeriodAxis {
  /** The scale's domain, empty periods included: `2026-03-02 09:00Z` (hours, with the zone's offset) or `2026-03-02` (days). */
  periods: string[];
  by: 'hour' | 'day';
  title: string;
}

export interface HeatmapCell {
  user: string;
  period: string;
  alerts: number;
}

export interface ReasonBar {
  reason: string;
  count: number;
  outcome: 'notified' | 'not notified';
}

export interface GapBar {
  period: string;
  project: string;
  kind: 'unreachable' | 'unnoticed';
  count: number;
}

export interface PlanBar {
  user: string;
  when: 'before' | 'after';
  alerts: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
const INK = 'currentColor';

const CONFIG: Config = {
  background: 'transparent',
  font: FONT,
  view: { stroke: null },
  axis: { labelColor: INK, titleColor: INK, domainColor: INK, tickColor: INK, gridColor: '#888888', gridOpacity: 0.35, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  header: { labelColor: INK, titleColor: INK, labelFontSize: 12 },
  text: { color: INK },
};

type Logger = NonNullable<NonNullable<ConstructorParameters<typeof View>[1]>['logger']>;

/**
 * Vega and Vega-Lite write their warnings to the console (a faceted chart with a scale of
 * its own per row is one): the report's standard error keeps to the report. An error is
 * one still: the report fails rather than drawing a wrong chart.
 */
const quiet = {
  level: (level?: number) => (level === undefined ? 0 : quiet),
  error: (...args: unknown[]): never => {
    throw new Error(`drawing a chart: ${args.join(' ')}`);
  },
  warn: () => quiet,
  info: () => quiet,
  debug: () => quiet,
} as unknown as Logger;

/** The widest a chart is drawn (the page's column). */
const WIDTH = 880;

/**
 * One chart as SVG for an HTML page. The namespace declarations are dropped: an <svg>
 * inside HTML has its namespace without them, and the report holds no address of any kind.
 */
export async function svgOf(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec, { config: CONFIG, logger: quiet }).spec), { renderer: 'none', logger: quiet });
  try {
    const svg = await view.toSVG();
    return svg.replace(/^<svg\b[^>]*>/, (open) => open.replace(/\s+xmlns(?::\w+)?="[^"]*"/g, ''));
  } finally {
    view.finalize();
  }
}

/**
 * The longest label a user's or a project's name gets, in pixels as Vega measures text without a browser
 * (0.8 × 11 pixels a character): 29 characters, enough for `firstname.lastname@company.io`
 * and more than the 20 of Vega's default, which cut `siobhan.obrien@acme.io` to
 * `siobhan.obrien@acme…`, alike for everyone of the same team's address.
 */
const NAME_LIMIT = 260;

/** The room the labels of these names take, as Vega measures them, at most NAME_LIMIT. */
function namesRoom(names: readonly string[]): number {
  const longest = names.reduce((most, name) => Math.max(most, [...name].length), 0);
  return Math.min(NAME_LIMIT, Math.ceil(0.8 * 11 * longest) + 8);
}

/** A cell's width for `count` periods across the page beside labels `room` wide: narrow for many, never wider than 36 pixels. */
function periodStep(count: number, room = 60): number {
  return Math.max(3, Math.min(36, Math.floor((WIDTH - 60 - room) / Math.max(1, count))));
}

/**
 * The room a label of five characters (`09:00`, `03-02`) takes as Vega measures it without
 * a browser: 0.8 × 5 × 11 pixels, 44, and a little space. Labels closer than that overlap,
 * and Vega hides every other one — the dates at midnight with them.
 */
const LABEL_ROOM = 50;

/**
 * The x axis of periods: a label every k periods, k the smallest step (1, 2, 3, 4, 6, 12
 * or 24 hours; 1, 2, 7 or 14 days) that leaves a label room to be read. An hour reads
 * `09:00`, with the date under it at the first label and at each midnight.
 */
function periodAxisOf(axis: PeriodAxis, room?: number) {
  const step = periodStep(axis.periods.length, room);
  const choices = axis.by === 'hour' ? [1, 2, 3, 4, 6, 12, 24] : [1, 2, 7, 14];
  const every = choices.find((k) => k * step >= LABEL_ROOM) ?? choices[choices.length - 1]!;
  const labels: Record<string, string[]> = {};
  // The period last labelled: a label comes `every` periods after it at the soonest. (The
  // hour repeated when the clocks go back is a second 02:00 one period after the first; two
  // labels that close would overlap, and Vega would hide every other one, the date's with them.)
  let last = -Infinity;
  axis.periods.forEach((p, i) => {
    if (axis.by === 'day') {
      if (i % every === 0) labels[p] = [p.slice(5, 10)];
      return;
    }
    const hour = +p.slice(11, 13);
    if (hour % every !== 0 || i - last < every) return;
    const dated = hour === 0 || last === -Infinity;
    labels[p] = dated ? [p.slice(11, 16), p.slice(5, 10)] : [p.slice(11, 16)];
    last = i;
  });
  return {
    step,
    scale: { domain: axis.periods },
    axis: { values: Object.keys(labels), labelExpr: `${JSON.stringify(labels)}[datum.value] || ''`, labelAngle: 0, labelOverlap: true, ticks: false },
  };
}

/** Alerts per user per period: a row per user (in the order given, busiest first), a column per period. */
export function heatmap(cells: readonly HeatmapCell[], users: readonly string[], axis: PeriodAxis): Promise<string> {
  const x = periodAxisOf(axis, namesRoom(users));
  return svgOf({
    data: { values: cells as HeatmapCell[] },
    width: { step: x.step },
    height: { step: 18 },
    mark: { type: 'rect', tooltip: false },
    encoding: {
      x: {
        field: 'period',
        type: 'ordinal',
        title: axis.title,
        scale: { ...x.scale, paddingInner: 0.08 },
        axis: { ...x.axis, domain: false },
      },
      y: { field: 'user', type: 'nominal', title: null, sort: users as string[], scale: { paddingInner: 0.08 }, axis: { ticks: false, domain: false, labelLimit: NAME_LIMIT } },
      color: { field: 'alerts', type: 'quantitative', title: 'alerts', scale: { scheme: { name: 'blues', extent: [0.15, 1] }, domainMin: 0 }, legend: { gradientLength: Math.min(200, Math.max(60, users.length * 18)), format: ',d', tickMinStep: 1 } },
    },
  });
}

/**
 * Decisions by reason: a bar each, longest first, the reasons that notify above those that
 * did not, each part on its own scale (one reason can outnumber the rest a hundredfold).
 */
export function reasonBars(bars: readonly ReasonBar[]): Promise<string> {
  const order = [...bars].sort((a, b) => b.count - a.count).map((b) => b.reason);
  return svgOf({
    data: { values: bars as ReasonBar[] },
    facet: { row: { field: 'outcome', type: 'nominal', title: null, sort: ['notified', 'not notified'], header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: WIDTH - 380,
      height: { step: 22 },
      encoding: {
        y: { field: 'reason', type: 'nominal', title: null, sort: order, axis: { ticks: false, labelLimit: 320 } },
        x: { field: 'count', type: 'quantitative', title: 'decisions', axis: { format: ',d', tickMinStep: 1 } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'outcome', type: 'nominal', scale: { domain: ['notified', 'not notified'], range: ['#4c78a8', '#9d9a96'] }, legend: null } } },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'count', type: 'quantitative', format: ',d' } } },
      ],
    },
  });
}

/** Unreachable and unnoticed customer messages per period, stacked by project: a row each. */
export function gapBars(bars: readonly GapBar[], projects: readonly string[], axis: PeriodAxis): Promise<string> {
  // The legend's names take the room the users' take beside the heatmap.
  const x = periodAxisOf(axis, namesRoom(projects));
  return svgOf({
    data: { values: bars as GapBar[] },
    width: { step: x.step },
    height: 120,
    mark: { type: 'bar' },
    encoding: {
      row: { field: 'kind', type: 'nominal', title: null, sort: ['unreachable', 'unnoticed'], header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelAnchor: 'start' } },
      x: {
        field: 'period',
        type: 'ordinal',
        title: axis.title,
        scale: { ...x.scale, paddingInner: 0.15 },
        axis: x.axis,
      },
      y: { field: 'count', type: 'quantitative', title: 'messages', stack: 'zero', axis: { format: ',d', tickMinStep: 1 } },
      color: { field: 'project', type: 'nominal', title: 'project', sort: projects as string[], scale: { scheme: projects.length <= 10 ? 'tableau10' : 'tableau20' }, legend: { labelLimit: NAME_LIMIT } },
    },
  });
}

/** Each user's alerts before and after a plan: two bars per user. */
export function planBars(bars: readonly PlanBar[], users: readonly string[]): Promise<string> {
  return svgOf({
    data: { values: bars as PlanBar[] },
    width: WIDTH - 360,
    height: { step: 16 },
    encoding: {
      y: { field: 'user', type: 'nominal', title: null, sort: users as string[], axis: { ticks: false, labelLimit: NAME_LIMIT } },
      yOffset: { field: 'when', type: 'nominal', sort: ['before', 'after'] },
      x: { field: 'alerts', type: 'quantitative', title: 'alerts', axis: { format: ',d', tickMinStep: 1 } },
      color: { field: 'when', type: 'nominal', title: null, sort: ['before', 'after'], scale: { domain: ['before', 'after'], range: ['#9d9a96', '#4c78a8'] }, legend: { orient: 'bottom' } },
    },
    // The numbers in the page's colour (the bars' blue on a dark page is hard to read).
    layer: [{ mark: { type: 'bar' } }, { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { color: { value: INK }, text: { field: 'alerts', type: 'quantitative', format: ',d' } } }],
  });
}

/** For the report's footer: which Vega and Vega-Lite drew it. */
export { version as vegaVersion } from 'vega';
export { version as vegaLiteVersion } from 'vega-lite';
