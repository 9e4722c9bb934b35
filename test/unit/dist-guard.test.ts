/** The guard that stops a test run when dist/ is older than src/ (test/dist-guard.ts). */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLES, staleBundles } from '../dist-guard.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const T = Date.parse('2026-03-02T09:00:00Z') / 1000;

/** A checkout whose files have the given modification times (seconds after T). */
function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'notifyctl-guard-'));
  roots.push(root);
  for (const [path, at] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), T + at, T + at);
  }
  return root;
}

const built = (at: number) => Object.fromEntries(BUNDLES.map((b) => [b, at]));

describe('the dist/ guard', () => {
  it('passes when every bundle is newer than every source', () => {
    expect(staleBundles(checkout({ 'src/cli/main.ts': 0, 'src/io/deep/x.ts': 5, 'scripts/build.mjs': 1, ...built(10) }))).toBeNull();
    // Built in the same second as the last edit: not older.
    expect(staleBundles(checkout({ 'src/a.ts': 10, ...built(10) }))).toBeNull();
  });

  it('names the newest source, deep in src/, and the oldest bundle, when a source is newer', () => {
    const root = checkout({ 'src/cli/main.ts': 0, 'src/io/deep/x.ts': 20, ...built(10), 'dist/log-worker.cjs': 9 });
    expect(staleBundles(root)).toBe(
      'dist/ is older than src/: src/io/deep/x.ts changed at 2026-03-02 09:00:20Z, dist/log-worker.cjs was built at 2026-03-02 09:00:09Z; run npm run build, then the tests again',
    );
  });

  it('counts the build script as a source, and names missing bundles', () => {
    expect(staleBundles(checkout({ 'src/a.ts': 0, 'scripts/build.mjs': 30, ...built(10) }))).toMatch(/^dist\/ is older than src\/: scripts\/build\.mjs changed/);
    expect(staleBundles(checkout({ 'src/a.ts': 0, 'dist/cli.cjs': 10 }))).toBe('dist/log-worker.cjs, dist/write-worker.cjs, dist/report-charts.cjs missing: run npm run build, then the tests again');
  });
});
