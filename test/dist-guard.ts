/**
 * Vitest's globalSetup: the end-to-end tests, the completion test and the threads' tests
 * run the built bundles in dist/, so a run after an edit of src/ without `npm run build`
 * would test the code as it was before the edit. The run stops before any test, naming
 * the newest source and the bundle it is newer than. (`npm test` builds first.)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the bundles are built from, and the bundles. */
export const SOURCES = ['src', 'scripts/build.mjs'];
export const BUNDLES = ['dist/cli.cjs', 'dist/log-worker.cjs', 'dist/write-worker.cjs', 'dist/report-charts.cjs'];

function newest(path: string): { path: string; mtimeMs: number } {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let found = { path, mtimeMs: -Infinity };
  for (const entry of readdirSync(path)) {
    const candidate = newest(join(path, entry));
    if (candidate.mtimeMs > found.mtimeMs) found = candidate;
  }
  return found;
}

/** Why the bundles under `root` are not the sources' (a sentence), or null when they are. */
export function staleBundles(root: string): string | null {
  const missing = BUNDLES.filter((b) => !existsSync(join(root, b)));
  if (missing.length > 0) return `${missing.join(', ')} missing: run npm run build, then the tests again`;
  const source = SOURCES.filter((s) => existsSync(join(root, s)))
    .map((s) => newest(join(root, s)))
    .reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  const bundle = BUNDLES.map((b) => ({ path: join(root, b), mtimeMs: statSync(join(root, b)).mtimeMs })).reduce((a, b) => (b.mtimeMs < a.mtimeMs ? b : a));
  if (source.mtimeMs <= bundle.mtimeMs) return null;
  const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  return `dist/ is older than src/: ${relative(root, source.path)} changed at ${time(source.mtimeMs)}Z, ${relative(root, bundle.path)} was built at ${time(bundle.mtimeMs)}Z; run npm run build, then the tests again`;
}

export default function setup(): void {
  const problem = staleBundles(process.cwd());
  if (problem === null) return;
  // Thrown, the sentence would come after "No test files found" and a stack trace.
  process.stderr.write(`error: ${problem}\n`);
  process.exit(1);
}
