/**
 * report (SPEC 10.6): every number in the HTML equals what simulate --stats, gaps, load
 * and plan print for the same database and log; the file reaches nothing outside itself;
 * bad input is one sentence, the right exit code, and no file.
 */
import Database from 'better-sqlite3';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHuman } from '../../src/domain/zone.js';
import { periodsBetween, periodText, type GapJson, type LoadJson, type StatsJson } from '../../src/cli/render/report.js';
import { periodStarts } from '../../src/engine/load.js';
import { EXAMPLE_LOG, EXAMPLE_WORKSPACE, EXAMPLES, exampleDatabase, workspaceDatabase } from '../fixtures/databases.js';
import { GAPS_LOG, GAPS_WORKSPACE } from '../fixtures/gaps-helpdesk.js';
import { externalReferences, reportNumber, reportTable } from '../fixtures/report-html.js';
import { cli, scratch } from './run.js';

const NEXT = join(EXAMPLES, 'workspace-next.yaml');

type Stats = StatsJson;
type Load = LoadJson;
type Gap = GapJson;

async function json<T>(args: string[]): Promise<T> {
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** The report on stdout, and what the commands print for the same input (`extra`: global options, flags of all, flags of report only). */
async function reportAndCommands(db: string, log: string, extra: { global?: string[]; flags?: string[]; report?: string[] } = {}) {
  const g = ['--db', db, ...(extra.global ?? [])];
  const flags = extra.flags ?? [];
  const r = await cli([...g, 'report', '--log', log, '--out', '-', ...flags, ...(extra.report ?? [])]);
  expect(r.code, r.stderr).toBe(0);
  return {
    html: r.stdout,
    stderr: r.stderr,
    stats: await json<Stats>([...g, 'simulate', '--log', log, '--stats', '--all', '--format', 'json', ...flags]),
    notifiedStats: await json<Stats>([...g, 'simulate', '--log', log, '--stats', '--format', 'json', ...flags]),
    gaps: await json<Gap[]>([...g, 'gaps', '--log', log, '--format', 'json', ...flags]),
    load: await json<Load[]>([...g, 'load', '--log', log, '--format', 'json', ...flags]),
  };
}

/** Checks every table of the report against the commands' JSON. */
function expectSameNumbers(html: string, c: Awaited<ReturnType<typeof reportAndCommands>>, zone = 'UTC'): void {
  const totals = Object.fromEntries(reportTable(html, 'totals-table').rows.map(([what, count]) => [what, reportNumber(count!)]));
  const handled = c.load.reduce((s, u) => s + u.alreadyHandled, 0);
  expect(totals).toEqual({
    messages: c.notifiedStats.messages,
    'decisions (every user, every message)': c.stats.decisions,
    alerts: c.notifiedStats.alerts,
    emails: c.notifiedStats.emails,
    'users alerted': c.load.length,
    'alerts about a message someone else had already seen': handled,
    'customer messages that reached nobody (unreachable)': c.gaps.length,
    '… of which nobody saw in time (unnoticed)': c.gaps.filter((g) => g.seenBy === null).length,
  });
  expect([c.notifiedStats.unreachable, c.notifiedStats.unnoticed]).toEqual([c.gaps.length, c.gaps.filter((g) => g.seenBy === null).length]);

  // Decisions by reason: simulate --stats --all's, most first.
  const reasons = reportTable(html, 'reasons-table');
  expect(reasons.rows.map(([reason, , count]) => ({ reason, count: reportNumber(count!) }))).toEqual([...c.stats.reasons].sort((a, b) => b.count - a.count));
  expect(reportNumber(reasons.foot![2]!)).toBe(c.stats.decisions);

  // The load table: load's rows, in load's order.
  const load = reportTable(html, 'load-table');
  expect(load.rows).toEqual(c.load.map((u) => [u.user, String(u.alerts), String(u.emails), String(u.alreadyHandled), formatHuman(Date.parse(u.busiest.at), zone), String(u.busiest.alerts), String(u.periods.length)]));
  expect(load.foot!.slice(1, 4).map(reportNumber)).toEqual([c.notifiedStats.alerts, c.notifiedStats.emails, handled]);

  // The heatmap's numbers: each user's periods as load lists them (busiest users first).
  expect(reportTable(html, 'heatmap-table').rows).toEqual(c.load.flatMap((u) => u.periods.map((p) => [u.user, periodText(Date.parse(p.at), zone, 'hour'), String(p.alerts), String(p.emails)])));
}

/** The report of a log of a customer message an hour, `hours` of them from `from`, each alerting ann. */
async function hourlyReport(from: string, hours: number, global: string[] = []): Promise<string> {
  const log = Array.from({ length: hours }, (_, i) => ({ type: 'message', id: `m${i}`, at: new Date(Date.parse(from) + i * 3_600_000).toISOString(), conversation: 'c', author: 'x', authorKind: 'customer' }));
  const { db, log: path } = await workspaceDatabase({ version: 1, users: [{ id: 'ann', preferences: { customerMessages: 'all' } }], projects: [{ id: 'p', members: ['ann'] }], conversations: [{ id: 'c' }] }, log);
  const r = await cli(['--db', db, ...global, 'report', '--log', path, '--out', '-']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** The time labels of a chart's axis that a reader sees: those Vega hides where labels would overlap are drawn with opacity 0. */
function shownLabels(html: string, id: string): string[] {
  const figure = new RegExp(`<figure class="chart" id="${id}">[\\s\\S]*?</figure>`).exec(html)![0];
  const shown = [...figure.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)].filter((t) => !t[1]!.includes('opacity="0"'));
  return shown.flatMap((t) => [...t[2]!.matchAll(/(?:^|>)(\d\d-\d\d|\d\d:\d\d)(?:<|$)/g)].map((l) => l[1]!));
}

describe('report: the numbers are the commands\'', () => {
  it('the example helpdesk, with a plan: totals, reasons, the heatmap, the load table and the plan equal simulate --stats, load and plan', async () => {
    const { db } = await exampleDatabase();
    const c = await reportAndCommands(db, EXAMPLE_LOG, { report: ['--plan', NEXT] });
    expectSameNumbers(c.html, c);
    // The example's numbers, spelled out once.
    expect(reportTable(c.html, 'totals-table').rows.map((r) => r.slice(0, 2))).toEqual([
      ['messages', '18'],
      ['decisions (every user, every message)', '216'],
      ['alerts', '28'],
      ['emails', '23'],
      ['users alerted', '10'],
      ['alerts about a message someone else had already seen', '13'],
      ['customer messages that reached nobody (unreachable)', '0'],
      ['… of which nobody saw in time (unnoticed)', '0'],
    ]);
    expect(c.html).toContain('<p class="empty">None: every customer message could alert someone (0 unreachable, 0 unnoticed).</p>');
    // The plan: plan's impact and totals.
    const plan = await json<{ impact: { user: string; alertsBefore: number; alertsAfter: number; emailsBefore: number; emailsAfter: number }[]; totals: Record<string, number>; gaps: Record<string, number> }>(['--db', db, 'plan', NEXT, '--log', EXAMPLE_LOG, '--format', 'json']);
    expect(reportTable(c.html, 'plan-table').rows.map((r) => [r[0], ...r.slice(1).map(reportNumber)])).toEqual(
      plan.impact.map((i) => [i.user, i.alertsBefore, i.alertsAfter, i.alertsAfter - i.alertsBefore, i.emailsBefore, i.emailsAfter]),
    );
    expect(reportTable(c.html, 'plan-totals').rows.map((r) => r.slice(1, 3).map(reportNumber))).toEqual([
      [plan.totals.alertsBefore, plan.totals.alertsAfter],
      [plan.totals.emailsBefore, plan.totals.emailsAfter],
      [plan.gaps.unreachableBefore, plan.gaps.unreachableAfter],
      [plan.gaps.unnoticedBefore, plan.gaps.unnoticedAfter],
    ]);
    expect(reportTable(c.html, 'plan-table').rows).toEqual([
      ['alice', '8', '0', '−8', '8', '0'],
      ['lena', '5', '0', '−5', '5', '0'],
    ]);
    // The log is older than the database: said once on stderr, and in the report.
    expect(c.stderr).toMatch(/^the recorded history of .* begins at .*; 23 earlier lines use the workspace as it stood then\nWrote the report: 18 messages, 28 alerts, 23 emails, 0 unreachable customer messages\.\n$/);
    expect(c.html).toContain('23 earlier lines use the workspace as it stood then</p>');
  });

  it('gaps over time by project: the counts per hour and project add up to gaps\' rows', async () => {
    const { db, log } = await workspaceDatabase(GAPS_WORKSPACE, GAPS_LOG);
    const c = await reportAndCommands(db, log);
    expectSameNumbers(c.html, c);
    const table = reportTable(c.html, 'gaps-table');
    expect(table.rows).toEqual([
      ['2026-03-02 09:00Z', 'p', '2', '2'],
      ['2026-03-02 09:00Z', '(no project)', '1', '0'],
    ]);
    const project = (g: Gap) => g.project ?? '(no project)';
    for (const [, p, unreachable, unnoticed] of table.rows) {
      expect([reportNumber(unreachable!), reportNumber(unnoticed!)]).toEqual([c.gaps.filter((g) => project(g) === p).length, c.gaps.filter((g) => project(g) === p && g.seenBy === null).length]);
    }
    expect(table.foot!.slice(2).map(reportNumber)).toEqual([3, 2]);
    expect(reportTable(c.html, 'gaps-messages').rows.map((r) => [r[0], r[4]])).toEqual(c.gaps.map((g) => [g.message, g.seenBy ?? '–']));
  });

  it('users are named whole beside the heatmap and the plan\'s bars, up to 29 characters (Vega cut at 20); the plan says who joins', async () => {
    const users = ['siobhan.obrien@acme.io', 'siobhan.obrien@acme.com', `${'z'.repeat(40)}-of-forty`];
    const workspace = { version: 1, users: users.map((id) => ({ id, preferences: { customerMessages: 'all' } })), projects: [{ id: 'p', members: users }], conversations: [{ id: 'c' }] };
    const { dir, db, log } = await workspaceDatabase(workspace, [{ type: 'message', id: 'm1', at: '2026-03-02T09:00:00Z', conversation: 'c', author: 'x', authorKind: 'customer' }]);
    writeFileSync(join(dir, 'next.json'), JSON.stringify({ ...workspace, users: workspace.users.map((u) => ({ ...u, preferences: { customerMessages: 'none' } })) }));
    const r = await cli(['--db', db, 'report', '--log', log, '--out', '-', '--plan', join(dir, 'next.json')]);
    expect(r.code, r.stderr).toBe(0);
    const names = (id: string) => {
      const chart = new RegExp(`<figure class="chart" id="${id}">[\\s\\S]*?</figure>`).exec(r.stdout)![0];
      return [...chart.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).filter((t) => t.startsWith('siobhan') || t.startsWith('zzz')).sort();
    };
    // The two addresses whole; the 49 characters of the third cut at 29.
    const expected = ['siobhan.obrien@acme.com', 'siobhan.obrien@acme.io', `${'z'.repeat(28)}…`];
    expect(names('chart-heatmap')).toEqual(expected);
    expect(names('chart-plan')).toEqual(expected);
    // The numbers beside the plan's bars are in the page's colour, readable in a dark theme too.
    const planNumbers = /<figure class="chart" id="chart-plan">[\s\S]*?<\/figure>/.exec(r.stdout)![0].match(/<text aria-label="alerts[^"]*"[^>]*>/g)!;
    expect(planNumbers).toHaveLength(6);
    for (const number of planNumbers) expect(number).toContain('fill="currentColor"');

    // Who joins and who leaves with a plan, as plan says it (escaped).
    writeFileSync(join(dir, 'joins.json'), JSON.stringify({ ...workspace, users: [...workspace.users.slice(1), { id: 'new<&>hire' }], projects: [{ id: 'p', members: users.slice(1) }] }));
    const joins = await cli(['--db', db, 'report', '--log', log, '--out', '-', '--plan', join(dir, 'joins.json')]);
    expect(joins.code, joins.stderr).toBe(0);
    const planned = await json<{ users: { added: string[]; removed: string[] } }>(['--db', db, 'plan', join(dir, 'joins.json'), '--log', log, '--format', 'json']);
    expect(planned.users).toEqual({ added: ['new<&>hire'], removed: [] });
    expect(joins.stdout).toContain(' Users in one workspace only: added new&lt;&amp;&gt;hire.</p>');
  });

  it('gaps in more projects than colours: the 19 with the most have one each, the others share one; the table lists all', async () => {
    // 25 projects nobody is in; project-NN has NN unreachable customer messages (long names, as projects have).
    const ids = Array.from({ length: 25 }, (_, i) => `project-${String(i + 1).padStart(2, '0')}-with-a-longer-name`);
    const log = ids.flatMap((id, i) => Array.from({ length: i + 1 }, (_, k) => ({ type: 'message', id: `${id}/${k}`, at: `2026-03-02T09:${String(k).padStart(2, '0')}:00Z`, conversation: `c-${id}`, author: 'x', authorKind: 'customer', item: `T-${id}` })));
    log.sort((a, b) => a.at.localeCompare(b.at));
    const { db, log: path } = await workspaceDatabase({ version: 1, users: [{ id: 'ann' }], projects: ids.map((id) => ({ id })), items: ids.map((id) => ({ id: `T-${id}`, project: id })) }, log);
    const c = await reportAndCommands(db, path);
    expect(c.gaps).toHaveLength(325);
    expect(reportNumber(reportTable(c.html, 'gaps-table').foot![2]!)).toBe(325);
    const chart = /<figure class="chart" id="chart-gaps">[\s\S]*?<\/figure>/.exec(c.html)![0];
    const legend = [...chart.matchAll(/class="mark-text role-legend-label"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((g) => [...g[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]));
    // Tableau 20 has twenty colours: the 19 busiest projects (25 down to 7 messages), then the 6 others together, each label whole.
    expect(legend).toEqual([...ids.slice(6), 'the other 6 projects']);
    expect(c.html).toContain('The 19 projects with the most unreachable messages have a colour each; <strong>the other 6 projects</strong> share one.');
    expect(new Set(reportTable(c.html, 'gaps-table').rows.map((r) => r[1]))).toEqual(new Set(ids));
  });

  it('follows the recorded history (SPEC 10.1) as the commands do, and --as-of now, --window and --tz reach every number', async () => {
    const { db } = await exampleDatabase();
    const sqlite = new Database(db);
    sqlite.prepare('UPDATE audit SET at = ? WHERE change = 1').run('2026-03-01T09:00:00.000Z');
    sqlite.close();
    expect((await cli(['--db', db, 'prefs', 'set', 'alice', '--customer-messages', 'none', '--yes'])).code).toBe(0);
    const moved = new Database(db);
    moved.prepare('UPDATE audit SET at = ? WHERE change = 2').run('2026-03-02T11:00:00.000Z');
    moved.close();
    const inTime = await reportAndCommands(db, EXAMPLE_LOG);
    expectSameNumbers(inTime.html, inTime);
    expect(inTime.stderr).not.toContain('recorded history');
    const now = await reportAndCommands(db, EXAMPLE_LOG, { flags: ['--as-of', 'now', '--window', '10m'], global: ['--tz', 'Asia/Kolkata'] });
    expectSameNumbers(now.html, now, 'Asia/Kolkata');
    // Today alice takes no customer message: fewer alerts than with the history.
    expect(now.notifiedStats.alerts).toBeLessThan(inTime.notifiedStats.alerts);
    expect(now.html).toContain('<dt>window</dt><dd>10m</dd>');
    // No window at all is written as --window takes it (not "0h").
    const none = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '-', '--window', '0']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('<dt>window</dt><dd>0s</dd>');
    expect(now.html).toMatch(/<dt>times in<\/dt><dd>Asia\/(Kolkata|Calcutta)<\/dd>/);
    expect(now.html).toContain('<dt>workspace as of</dt><dd>now</dd>');
  });

  it('--plan-from/--plan-to compares two documents, as plan --from/--to does', async () => {
    const { db } = await exampleDatabase();
    const r = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '-', '--plan-from', EXAMPLE_WORKSPACE, '--plan-to', NEXT]);
    expect(r.code, r.stderr).toBe(0);
    const plan = await json<{ impact: { user: string; alertsBefore: number; alertsAfter: number }[] }>(['plan', '--from', EXAMPLE_WORKSPACE, '--to', NEXT, '--log', EXAMPLE_LOG, '--format', 'json']);
    expect(reportTable(r.stdout, 'plan-table').rows.map((row) => [row[0], reportNumber(row[1]!), reportNumber(row[2]!)])).toEqual(plan.impact.map((i) => [i.user, i.alertsBefore, i.alertsAfter]));
    expect(r.stdout).toContain(`${EXAMPLE_WORKSPACE} → ${NEXT}: 2 changes to the workspace, 14 decisions change`);
  });
});

describe('report: pictures of many users and long logs', () => {
  const takesAll = (n: number) => ({ version: 1, users: Array.from({ length: n }, (_, i) => ({ id: `u${String(i + 1).padStart(2, '0')}`, preferences: { customerMessages: 'all' } })) });
  const message = (id: string, at: string) => ({ type: 'message', id, at, conversation: 'c', author: 'x', authorKind: 'customer' });

  it('draws the 50 busiest users and says so; the load table lists every one', async () => {
    const { db, log } = await workspaceDatabase(takesAll(55), [message('m1', '2026-03-02T09:00:00Z')]);
    const c = await reportAndCommands(db, log);
    expect(c.html).toContain('<strong>The 50 busiest of 55 users alerted</strong>; the load table below lists every one.');
    // The same order as load's (most alerts, then by id): u01 … u50.
    expect(reportTable(c.html, 'heatmap-table').rows.map((r) => r[0])).toEqual(c.load.slice(0, 50).map((u) => u.user));
    expect(reportTable(c.html, 'load-table').rows).toHaveLength(55);
  });

  it('a log of more than two weeks is drawn by the day, with the numbers of load --by day', async () => {
    const { db, log } = await workspaceDatabase(takesAll(2), [message('m1', '2026-03-01T23:30:00Z'), message('m2', '2026-03-02T00:30:00Z'), message('m3', '2026-03-20T12:00:00Z')]);
    const r = await cli(['--db', db, '--tz', 'Europe/Rome', 'report', '--log', log, '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    const byDay = await json<Load[]>(['--db', db, '--tz', 'Europe/Rome', 'load', '--log', log, '--by', 'day', '--format', 'json']);
    expect(reportTable(r.stdout, 'heatmap-table').rows).toEqual(byDay.flatMap((u) => u.periods.map((p) => [u.user, periodText(Date.parse(p.at), 'Europe/Rome', 'day'), String(p.alerts), String(p.emails)])));
    // 23:30 UTC on the 1st is the 2nd in Rome: both early messages fall on one day.
    expect(reportTable(r.stdout, 'heatmap-table').rows).toEqual([
      ['u01', '2026-03-02', '2', '0'],
      ['u01', '2026-03-20', '1', '0'],
      ['u02', '2026-03-02', '2', '0'],
      ['u02', '2026-03-20', '1', '0'],
    ]);
    expect(r.stdout).toContain('<section id="alerts-per-day"><h2>Alerts per user per day</h2>');
    expect(r.stdout).toContain('The log spans 19 days, too many hours for one picture: it is counted by the day.');
    // The load table stays by the hour, as load prints it by default.
    expect(reportTable(r.stdout, 'load-table').rows.map((row) => row[4])).toEqual(['2026-03-02 00:00:00+01:00', '2026-03-02 00:00:00+01:00']);
  });

  it('a log whose gaps span weeks is drawn by the day, even when nobody was alerted', async () => {
    // A customer message a day for three weeks in a project nobody is in: no alert, 21 gaps.
    const log = Array.from({ length: 21 }, (_, i) => ({ type: 'message', id: `m${i}`, at: new Date(Date.parse('2026-03-02T09:00:00Z') + i * 86_400_000).toISOString(), conversation: 'c', author: 'x', authorKind: 'customer', item: 'T' }));
    const project = 'customer-success-emea-north'; // 27 characters: the legend's labels take room too
    const { db, log: path } = await workspaceDatabase({ version: 1, users: [{ id: 'ann' }], projects: [{ id: project }], items: [{ id: 'T', project }] }, log);
    const c = await reportAndCommands(db, path);
    expect([c.load, c.gaps.length]).toEqual([[], 21]);
    const table = reportTable(c.html, 'gaps-table');
    expect(table.rows.slice(0, 2)).toEqual([
      ['2026-03-02', project, '1', '1'],
      ['2026-03-03', project, '1', '1'],
    ]);
    expect(table.rows).toHaveLength(21);
    // Three weeks of days and the legend fit the page (by the hour, 481 periods of 3 pixels were drawn 1,500 pixels
    // wide; by the day, 21 of 36 pixels and the legend beside them, 1,070).
    const width = Number(/<figure class="chart" id="chart-gaps"><svg [^>]*width="(\d+)"/.exec(c.html)![1]);
    expect(width).toBeLessThanOrEqual(900);
  });

  it('reads the log from standard input', async () => {
    const { db } = await exampleDatabase();
    const r = await cli(['--db', db, 'report', '--log', '-', '--out', '-'], { input: readFileSync(EXAMPLE_LOG, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    expect(reportTable(r.stdout, 'totals-table').rows[0]).toEqual(['messages', '18', 'simulate --stats']);
    expect(r.stdout).toContain('<dt>log</dt><dd>&lt;stdin&gt;</dd>');
  });

  it('the periods of a picture: every hour or day between two, across the changes of clocks', () => {
    const hours = (from: string, to: string, zone: string) => periodsBetween(Date.parse(from), Date.parse(to), 'hour', periodStarts('hour', zone)).map((at) => periodText(at, zone, 'hour'));
    const days = (from: string, to: string, zone: string) => periodsBetween(Date.parse(from), Date.parse(to), 'day', periodStarts('day', zone)).map((at) => periodText(at, zone, 'day'));
    // Spring forward in Rome: 02:00 does not exist; autumn: 02:00 twice, told apart by the offset.
    expect(hours('2026-03-29T00:10:00Z', '2026-03-29T02:00:00Z', 'Europe/Rome')).toEqual(['2026-03-29 01:00+01:00', '2026-03-29 03:00+02:00', '2026-03-29 04:00+02:00']);
    expect(hours('2026-10-24T23:00:00Z', '2026-10-25T01:30:00Z', 'Europe/Rome')).toEqual(['2026-10-25 01:00+02:00', '2026-10-25 02:00+02:00', '2026-10-25 02:00+01:00']);
    // Days of 23 and 25 hours, and half-hour zones.
    expect(days('2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 'Europe/Rome')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(days('2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z', 'Europe/Rome')).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(hours('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', 'Asia/Kolkata')).toEqual(['2026-03-02 14:00+05:30', '2026-03-02 15:00+05:30']);
  });

  it('the hour axis keeps its dates on the night the clocks go back (02:00 twice)', async () => {
    // A message an hour from Saturday noon to Sunday afternoon in Berlin: 29 hours, a label every two.
    const html = await hourlyReport('2026-10-24T10:00:00Z', 29, ['--tz', 'Europe/Berlin']);
    // A label every two hours, dated at the first and at midnight; the repeated 02:00 has none (it was a label an hour
    // after the first 02:00: the two overlapped, and Vega hid every other label, once the midnight one with its date).
    expect(shownLabels(html, 'chart-heatmap')).toEqual(['12:00', '10-24', '14:00', '16:00', '18:00', '20:00', '22:00', '00:00', '10-25', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00']);
  });

  it('the hour axis labels no closer than Vega can draw them, so every midnight keeps its date', async () => {
    // 73 hours from 04:00: a label every four hours would be 40 pixels apart, closer than Vega measures a label
    // (44), and it hid every other one: 04:00 … 04:00 … 04:00, and no date after the first.
    const html = await hourlyReport('2026-11-30T04:00:00Z', 73);
    expect(shownLabels(html, 'chart-heatmap')).toEqual(['06:00', '11-30', '12:00', '18:00', '00:00', '12-01', '06:00', '12:00', '18:00', '00:00', '12-02', '06:00', '12:00', '18:00', '00:00', '12-03']);
    // The colour legend counts alerts in whole numbers (it read 0, 0.5, 1.0 for cells of one alert each).
    const legend = /class="mark-text role-legend-label"[^>]*>([\s\S]*?)<\/g>/.exec(html);
    expect([...legend![1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['0', '1']);
  });
});

describe('report: one file that stands alone', () => {
  it('has no address, script, stylesheet link, import or outside url(), unique ids, and a chart of SVG per section', async () => {
    const { db } = await exampleDatabase();
    const r = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '-', '--plan', NEXT]);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(externalReferences(html)).toEqual([]);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    // Inline style only; dark and print rules; three charts (the example has no gaps).
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
    expect([...html.matchAll(/<figure class="chart" id="([^"]+)"><svg /g)].map((m) => m[1])).toEqual(['chart-heatmap', 'chart-reasons', 'chart-plan']);
    // The detector finds what it looks for.
    expect(externalReferences('<img src="x.png"><a href="https://x">x</a><style>@import "a.css"; b { fill: url(#g) } c { background: url(x.png) }</style>')).toEqual(['<img', 'src=', 'https:', '@import', 'href="https://x"', 'url(x.png']);
  });

  it('escapes what a workspace names', async () => {
    const { db, log } = await workspaceDatabase(
      { version: 1, users: [{ id: 'ann', name: 'Ann', preferences: { customerMessages: 'all' } }], projects: [{ id: 'p', members: ['ann'] }], conversations: [{ id: 'c<b>' }] },
      [{ type: 'message', id: 'm&1', at: '2026-03-02T09:00:00Z', conversation: 'c<b>', author: 'x', authorKind: 'customer' }],
    );
    const r = await cli(['--db', db, 'report', '--log', log, '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('c<b>');
    expect(reportTable(r.stdout, 'load-table').rows).toEqual([['ann', '1', '0', '0', '2026-03-02 09:00:00Z', '1', '1']]);
  });
});

describe('report: bad input', () => {
  const noReport = (dir: string) => expect(readdirSync(dir).filter((f) => f.includes('.html'))).toEqual([]);

  it('a missing log: exit 1, one sentence naming it, no file', async () => {
    const { db, dir } = await exampleDatabase();
    const out = join(dir, 'r.html');
    const r = await cli(['--db', db, 'report', '--log', join(dir, 'nope.ndjson'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.ndjson');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noReport(dir);
  });

  it('a bad line half-way: exit 1, and no file (the report is written only whole)', async () => {
    const { db, dir } = await exampleDatabase();
    const log = join(dir, 'bad.ndjson');
    writeFileSync(log, '{"type":"message","id":"m1","at":"2026-03-02T09:00:00Z","conversation":"c-1","author":"x","authorKind":"customer"}\n{"type":"nope"}\n');
    const r = await cli(['--db', db, 'report', '--log', log, '--out', join(dir, 'r.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${log}:2: "type" is "nope"; accepted: message, view, follow, unfollow\n`);
    noReport(dir);
  });

  it('a plan document that cannot be read: exit 1 naming it, before the log is replayed (not after three replays)', async () => {
    const { db, dir } = await exampleDatabase();
    // The log is bad too: the plan's document is named first, so it was checked before the log was read.
    const log = join(dir, 'bad.ndjson');
    writeFileSync(log, '{"type":"nope"}\n');
    const missing = join(dir, 'next.yaml');
    for (const plan of [['--plan', missing], ['--plan-from', EXAMPLE_WORKSPACE, '--plan-to', missing], ['--plan', dir]]) {
      const r = await cli(['--db', db, 'report', '--log', log, '--out', join(dir, 'r.html'), ...plan]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: cannot read ${plan.at(-1)}: ${plan.at(-1) === dir ? 'it is a directory' : 'no such file'}\n`);
    }
    noReport(dir);
  });

  it('--plan with --plan-from, or --plan-from alone, or standard input twice: a usage error (exit 2) before anything is read', async () => {
    const { db } = await exampleDatabase();
    const run = (...flags: string[]) => cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '-', ...flags]);
    expect(await run('--plan', NEXT, '--plan-from', EXAMPLE_WORKSPACE, '--plan-to', NEXT)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --plan FILE (against the database) and --plan-from/--plan-to (two documents) do not go together: give one of them\n',
    });
    expect(await run('--plan-from', EXAMPLE_WORKSPACE)).toMatchObject({ code: 2, stderr: 'error: --plan-from and --plan-to go together: --plan-from BASE --plan-to FILE\n' });
    expect((await cli(['--db', db, 'report', '--log', '-', '--plan', '-', '--out', '-'])).stderr).toBe('error: standard input can be read only once; give the other files as paths\n');
  });

  it('an --out that cannot be written: exit 1 with a sentence, before the replays, and nothing left behind', async () => {
    const { db, dir } = await exampleDatabase();
    const missing = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', join(dir, 'no', 'r.html')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`error: cannot write --out ${join(dir, 'no', 'r.html')}: the folder ${join(dir, 'no')} does not exist; create it first\n`);
    mkdirSync(join(dir, 'r.html'));
    const folder = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', join(dir, 'r.html')]);
    expect(folder.stderr).toBe(`error: cannot write --out ${join(dir, 'r.html')}: it is a directory; no report was written\n`);
    // Under a file, as if it were a folder: the write itself fails.
    writeFileSync(join(dir, 'plain'), '');
    const under = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', join(dir, 'plain', 'r.html')]);
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(`error: cannot write --out ${join(dir, 'plain', 'r.html')}: a part of its path is a file, not a folder; no report was written\n`);
    // A folder where no file can be made: the system's words, without the temporary file's name.
    const proc = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', '/proc/notifyctl-report.html']);
    expect(proc.stderr).toBe('error: cannot write --out /proc/notifyctl-report.html: ENOENT: no such file or directory; no report was written\n');
    expect(readdirSync(dir).sort()).toEqual(['plain', 'r.html', 'team.db']);
  });

  it('a report that can be written replaces the file whole', async () => {
    const { db } = await exampleDatabase();
    const dir = scratch();
    const out = join(dir, 'r.html');
    writeFileSync(out, 'old');
    const r = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`\\nWrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB\\): 18 messages, 28 alerts, 23 emails, 0 unreachable customer messages\\.\\n$`));
    expect(readdirSync(dir)).toEqual(['r.html']);
    expect(existsSync(out)).toBe(true);
  });

  it('an --out that is a device (/dev/null, /dev/stdout, through a link) is written into, not replaced by a file', async () => {
    // Renamed over, /dev/null itself became a file when root wrote --out /dev/null; a link to it shows the same safely.
    const { db } = await exampleDatabase();
    const dir = scratch();
    const out = join(dir, 'discard.html');
    symlinkSync('/dev/null', out);
    const r = await cli(['--db', db, 'report', '--log', EXAMPLE_LOG, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(['discard.html']);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
