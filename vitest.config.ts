import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The tiers, as vitest projects (`vitest run --project cli`):
 * - unit: the engine, the reader, the store and the documents, on the sources;
 * - cli: commands run in-process through execute(), with an in-memory IOStreams;
 * - e2e: the real binary, for what only a process shows, and any test elsewhere;
 * - slow: the end-to-end files that take most of a minute each on a busy machine: kill -9
 *   loops on a 100,000-user import, full file systems and signals, the reading thread on a
 *   generated 20,000-message log, the benchmark's smoke run, the report in Chromium. `npm test` runs the first
 *   three (and tsc), `npm run test:slow` the last; `.ci/run` runs both.
 */
const SLOW = ['test/e2e/reliability.test.ts', 'test/e2e/reliability2.test.ts', 'test/e2e/log-worker.test.ts', 'test/e2e/bench.test.ts', 'test/e2e/report-browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two test files at once also on two cores (vitest's default is one less than the
    // cores): many tests wait for a process they started.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The tests run the built bundles too: stop when dist/ is older than src/.
    globalSetup: ['test/dist-guard.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['test/unit/**', 'test/cli/**', ...SLOW] } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
