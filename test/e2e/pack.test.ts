/**
 * What `npm pack` puts in the tarball a global install unpacks: the launcher, the built
 * bundles, the demo's example files, the README and package.json, and nothing else (no
 * sources, tests, benchmark or build scripts). A global install gets `dependencies` and
 * never `devDependencies`, so every package the bundles require must be a dependency.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

/** The files `npm pack` would put in the tarball (without running the build: the suite's is in place). */
function packed(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [report] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return report!.files.map((f) => f.path).sort();
}

describe('npm pack', () => {
  let files: string[] = [];
  beforeAll(() => {
    files = packed();
  });

  it('holds the launcher, the bundles, the examples, the README and package.json, and nothing else', () => {
    // dist/cli.cjs.cache, the code cache for Node 20, is there when the build ran on Node 20.
    // The source maps hold their sources, so NODE_OPTIONS=--enable-source-maps maps a stack trace of an installed copy.
    expect(files.filter((f) => f !== 'dist/cli.cjs.cache')).toEqual([
      'README.md',
      'bin/notifyctl.cjs',
      'dist/cli.cjs',
      'dist/cli.cjs.map',
      'dist/log-worker.cjs',
      'dist/log-worker.cjs.map',
      'dist/report-charts.cjs',
      'dist/write-worker.cjs',
      'dist/write-worker.cjs.map',
      'examples/day.ndjson',
      'examples/workspace-next.yaml',
      'examples/workspace.yaml',
      'package.json',
    ]);
  });

  it('needs no package at run time that is not a dependency', () => {
    const required = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.cjs'))) {
      const text = readFileSync(file, 'utf8');
      // require("x") in the bundles, and the libraries loaded on demand through createRequire.
      for (const m of text.matchAll(/\brequire\(["']([^"']+)["']\)|createRequire\)\(__notifyctlBundleUrl\)\(["']([^"']+)["']\)/g)) {
        const name = (m[1] ?? m[2])!;
        if (isBuiltin(name) || name.startsWith('.')) continue;
        required.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
      }
    }
    // What the bundles load from node_modules (better-sqlite3's addon is found through its package.json).
    expect([...required].sort()).toEqual(['@inquirer/prompts', 'csv-parse', 'csv-stringify', 'yaml', 'zod']);
    for (const name of [...required, 'better-sqlite3']) expect(pkg.dependencies, name).toHaveProperty([name]);
  });
});
