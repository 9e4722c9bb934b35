/**
 * The report in a real browser (SPEC 10.6): Debian's Chromium (/usr/bin/chromium, the OS
 * package; .ci/run installs it), driven by playwright-core, which downloads no browser.
 * Each chart is there, visible and drawn (marks with a fill); the page asks the network
 * for nothing; it reads in a dark theme and on paper. The README's screenshot is made
 * here: `NOTIFYCTL_SCREENSHOT=1 npx vitest run test/e2e/report-browser.test.ts` writes
 * docs/report.png.
 *
 * Without Chromium these tests fail, saying so: a browser test that passes without a
 * browser would prove nothing.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleDatabase, workspaceDatabase } from '../fixtures/databases.js';
import { GAPS_LOG, GAPS_WORKSPACE } from '../fixtures/gaps-helpdesk.js';
import { EXAMPLES, run, tempDir } from './run.js';

// The functions given to page.$$eval and page.evaluate run in the page: what they use of its DOM
// (declared here, in this module only, rather than the DOM library for every file).
interface PageElement {
  id: string;
  tagName: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): { width: number; height: number };
}
interface PageRange {
  selectNodeContents(node: PageElement): void;
  getClientRects(): Iterable<{ top: number }>;
}
declare const document: {
  body: PageElement;
  documentElement: PageElement & { scrollWidth: number; clientWidth: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  createRange(): PageRange;
};
declare function getComputedStyle(element: PageElement): { color: string; backgroundColor: string; fill: string; visibility: string; display: string };

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = resolve('docs/report.png');
/** The README's picture stays small. */
const MOST_SCREENSHOT_BYTES = 150 * 1024;

const open: { context: BrowserContext; profile: string }[] = [];
afterAll(async () => {
  for (const { context, profile } of open.splice(0)) {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

/** A fresh Chromium (its own profile folder, removed after) on the report at `file`, and every address the page asked for. */
async function openReport(file: string, options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<{ page: Page; requests: string[] }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: the report's browser test needs it (apt-get install -y chromium; .ci/run installs it)`);
  const profile = mkdtempSync(join(tmpdir(), 'notifyctl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1000, height: options.height ?? 800 },
  });
  open.push({ context, profile });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests };
}

/** Per chart: its id, the SVG's box, and how many of its marks are painted with a fill. */
function charts(page: Page) {
  return page.$$eval('figure.chart', (figures: PageElement[]) =>
    figures.map((figure) => {
      const svg = figure.querySelector(':scope > svg');
      const box = svg?.getBoundingClientRect();
      const filled = [...figure.querySelectorAll('[role="graphics-symbol"]')].filter((mark) => {
        const fill = getComputedStyle(mark).fill;
        return (mark.tagName === 'path' || mark.tagName === 'rect') && fill !== 'none' && fill !== 'rgba(0, 0, 0, 0)';
      }).length;
      return { id: figure.id, width: box?.width ?? 0, height: box?.height ?? 0, filled, visible: svg !== null && getComputedStyle(svg).visibility === 'visible' && getComputedStyle(svg).display !== 'none' };
    }),
  );
}

/**
 * The example helpdesk's report with the example plan (the README's), made by the binary
 * as a user would: in a folder holding the files, named as given, and with the database
 * imported the day before the log (so no line comes before its recorded history).
 */
async function exampleReport(): Promise<string> {
  const { dir, db } = await exampleDatabase();
  const sqlite = new Database(db);
  sqlite.prepare('UPDATE audit SET at = ? WHERE change = 1').run('2026-03-01T09:00:00.000Z');
  sqlite.close();
  for (const file of ['day.ndjson', 'workspace-next.yaml']) copyFileSync(join(EXAMPLES, file), join(dir, file));
  const r = run(['--db', 'team.db', 'report', '--log', 'day.ndjson', '--plan', 'workspace-next.yaml'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return join(dir, 'notifyctl-report.html');
}

describe('the report in Chromium', () => {
  it('the example: every chart there, visible and drawn, no request but the file; the README screenshot', async () => {
    const file = await exampleReport();
    const { page, requests } = await openReport(file, { width: 960, height: 1000 });
    const found = await charts(page);
    expect(found.map((c) => c.id)).toEqual(['chart-heatmap', 'chart-reasons', 'chart-plan']);
    for (const chart of found) {
      expect(chart, chart.id).toMatchObject({ visible: true });
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.height, chart.id).toBeGreaterThan(50);
      expect(chart.filled, chart.id).toBeGreaterThan(0);
    }
    // The heatmap: a painted cell for each user and hour with an alert (20 in the example's log).
    expect(found[0]!.filled).toBe(20);
    expect(requests).toEqual([`file://${file}`]);
    // The top of the page (the totals and the heatmap), small enough for the README.
    const shot = join(tempDir(), 'report.png');
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 960, height: 1000 } });
    expect(statSync(shot).size).toBeLessThan(MOST_SCREENSHOT_BYTES);
    if (process.env.NOTIFYCTL_SCREENSHOT === '1') writeFileSync(SCREENSHOT, readFileSync(shot));
  });

  it('gaps over time by project: the chart is drawn when customer messages reached nobody', async () => {
    const { db, log } = await workspaceDatabase(GAPS_WORKSPACE, GAPS_LOG);
    const out = join(tempDir(), 'gaps.html');
    const r = run(['--db', db, 'report', '--log', log, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { page, requests } = await openReport(out);
    const found = await charts(page);
    expect(found.map((c) => c.id)).toEqual(['chart-heatmap', 'chart-reasons', 'chart-gaps']);
    const gaps = found[2]!;
    expect(gaps.width).toBeGreaterThan(100);
    // Bars of unreachable (p, no project) and unnoticed (p) messages, and the legend's swatches.
    expect(gaps.filled).toBeGreaterThanOrEqual(3);
    expect(requests).toEqual([`file://${out}`]);
  });

  it('a long id without a space wraps in its cell: the tables stay on the page and each time on one line', async () => {
    const long = `${'x'.repeat(170)}-of-someone-with-a-long-id`;
    const { db, log } = await workspaceDatabase(
      {
        version: 1,
        users: [long, 'ann'].map((id) => ({ id, preferences: { customerMessages: 'all' } })),
        projects: [{ id: 'p', members: [long, 'ann'] }],
        conversations: [{ id: long }],
      },
      [{ type: 'message', id: long, at: '2026-03-02T09:00:00Z', conversation: long, author: 'x', authorKind: 'customer' }],
    );
    const out = join(tempDir(), 'long.html');
    const r = run(['--db', db, 'report', '--log', log, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { page } = await openReport(out, { width: 1000 });
    const layout = await page.evaluate(() => {
      const width = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().width;
      // The lines a cell's text takes: the distinct tops of its text's boxes.
      const lines = (cell: PageElement) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
      };
      return {
        main: width('main'),
        load: width('#load-table'),
        page: document.documentElement.scrollWidth,
        window: document.documentElement.clientWidth,
        idLines: [...document.querySelectorAll('#load-table tbody td:first-child')].map(lines),
        timeLines: [...document.querySelectorAll('#load-table tbody td:nth-child(5)')].map(lines),
      };
    });
    expect(layout.load).toBeLessThanOrEqual(layout.main);
    expect(layout.page).toBe(layout.window);
    // ann, and the long id on more than one line.
    expect(layout.idLines[0]).toBe(1);
    expect(layout.idLines[1]).toBeGreaterThan(1);
    expect(layout.timeLines).toEqual([1, 1]);
  });

  it('follows a dark theme (text and axes in the page\'s colour) and prints in black on white without the navigation', async () => {
    const file = await exampleReport();
    const colours = (page: Page) =>
      page.evaluate(() => ({
        page: getComputedStyle(document.body).color,
        background: getComputedStyle(document.documentElement).backgroundColor,
        axis: getComputedStyle(document.querySelector('#chart-heatmap text')!).fill,
      }));
    const dark = await openReport(file, { colorScheme: 'dark' });
    const light = await openReport(file, { colorScheme: 'light' });
    const [d, l] = [await colours(dark.page), await colours(light.page)];
    expect(d).toEqual({ page: 'rgb(230, 237, 243)', background: 'rgb(13, 17, 23)', axis: 'rgb(230, 237, 243)' });
    expect(l).toEqual({ page: 'rgb(31, 35, 40)', background: 'rgb(255, 255, 255)', axis: 'rgb(31, 35, 40)' });
    await dark.page.emulateMedia({ media: 'print' });
    expect(await colours(dark.page)).toEqual({ page: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)', axis: 'rgb(0, 0, 0)' });
    expect(await dark.page.isVisible('nav')).toBe(false);
    expect((await charts(dark.page)).every((c) => c.visible && c.width > 0 && c.filled > 0)).toBe(true);
    // A PDF as Chromium prints it.
    const pdf = await dark.page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
