/**
 * report from the real binary (SPEC 10.6): the charts' bundle (dist/report-charts.cjs,
 * Vega and Vega-Lite) works as built, and only `report` loads it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleDatabase } from '../fixtures/databases.js';
import { externalReferences, reportTable } from '../fixtures/report-html.js';
import { BIN, EXAMPLES, run } from './run.js';

/** The files of dist/ a run of the CLI required, as a probe loaded first sees them at exit. */
function bundlesLoaded(dir: string, args: string[]): { status: number | null; loaded: string[] } {
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => process.stderr.write('\\n' + JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => f.split('/dist/').pop()))));`);
  const r = spawnSync(process.execPath, ['-r', probe, BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, loaded: JSON.parse(r.stderr.trim().split('\n').pop()!) as string[] };
}

describe('report from the binary', () => {
  it('writes notifyctl-report.html in the current folder by default, whole, with its charts drawn', async () => {
    const { dir, db } = await exampleDatabase();
    const r = run(['--db', db, 'report', '--log', join(EXAMPLES, 'day.ndjson'), '--plan', join(EXAMPLES, 'workspace-next.yaml')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    // The history note, and the summary: nothing else (Vega's warnings are kept off standard error).
    expect(r.stderr).toMatch(/^the recorded history of \S+ begins at [^;]+; 23 earlier lines use the workspace as it stood then\nWrote notifyctl-report\.html \(\d+ KB\): 18 messages, 28 alerts, 23 emails, 0 unreachable customer messages\.\n$/);
    expect(readdirSync(dir).sort()).toEqual(['notifyctl-report.html', 'team.db']);
    const html = readFileSync(join(dir, 'notifyctl-report.html'), 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect([...html.matchAll(/<figure class="chart" id="([^"]+)"><svg /g)].map((m) => m[1])).toEqual(['chart-heatmap', 'chart-reasons', 'chart-plan']);
    // The heatmap has a cell per user and hour with an alert, as its table lists them.
    const cells = reportTable(html, 'heatmap-table').rows.filter((row) => row[2] !== '0').length;
    const chart = /<figure class="chart" id="chart-heatmap">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(chart.match(/aria-roledescription="rect mark" d="/g)).toHaveLength(cells);
  });

  it('only report loads the charts: prefs show and simulate never read dist/report-charts.cjs', async () => {
    const { dir, db } = await exampleDatabase();
    const show = bundlesLoaded(dir, ['--db', db, 'prefs', 'show', 'alice']);
    const simulate = bundlesLoaded(dir, ['--db', db, 'simulate', '--log', join(EXAMPLES, 'day.ndjson'), '--stats']);
    const report = bundlesLoaded(dir, ['--db', db, 'report', '--log', join(EXAMPLES, 'day.ndjson'), '--out', '-']);
    expect([show.status, simulate.status, report.status]).toEqual([0, 0, 0]);
    expect(show.loaded).not.toContain('report-charts.cjs');
    expect(simulate.loaded).not.toContain('report-charts.cjs');
    expect(report.loaded).toContain('report-charts.cjs');
  });
});
