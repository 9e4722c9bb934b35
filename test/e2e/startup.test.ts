/**
 * How the CLI starts: one CommonJS bundle, compiled from the V8 code cache the build
 * leaves beside it, and the same behaviour when that cache is missing, stale or damaged.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, run, tempDir } from './run.js';

const BUNDLE = resolve('dist/cli.cjs');

/** A copy of the package elsewhere, so its cache can be spoiled without touching the real one. */
function copyOfTheCli(): { bin: string; cache: string; bundle: string } {
  const dir = tempDir();
  for (const part of ['bin', 'dist', 'examples', 'package.json']) cpSync(resolve(part), join(dir, part), { recursive: true });
  return { bin: join(dir, 'bin', 'notifyctl.cjs'), cache: join(dir, 'dist', 'cli.cjs.cache'), bundle: join(dir, 'dist', 'cli.cjs') };
}

function runCopy(bin: string, args: string[], env: Record<string, string> = {}) {
  // The copy finds the project's node_modules through NODE_PATH.
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NODE_PATH: resolve('node_modules'), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('start-up', () => {
  it('the build leaves a code cache that this Node accepts for this bundle', () => {
    const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData: readFileSync(`${BUNDLE}.cache`) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('a damaged, stale or missing cache changes nothing but speed', () => {
    const expected = run(['demo', '--stats', '--format', 'json']);
    expect(expected.code).toBe(0);
    const copy = copyOfTheCli();

    writeFileSync(copy.cache, 'not a code cache');
    expect(runCopy(copy.bin, ['demo', '--stats', '--format', 'json'])).toEqual(expected);

    // Older than the bundle (the bundle was rebuilt or edited since): not offered to V8.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(copy.cache, past, past);
    expect(runCopy(copy.bin, ['demo', '--stats', '--format', 'json'])).toEqual(expected);

    rmSync(copy.cache);
    expect(runCopy(copy.bin, ['demo', '--stats', '--format', 'json'])).toEqual(expected);

    // What the build does to make it: run once and write the cache at exit.
    expect(runCopy(copy.bin, ['--help'], { NOTIFYCTL_WRITE_CODE_CACHE: '1' }).code).toBe(0);
    const script = new Script(Module.wrap(readFileSync(copy.bundle, 'utf8')), { filename: copy.bundle, cachedData: readFileSync(copy.cache) });
    expect(script.cachedDataRejected).toBe(false);
    expect(runCopy(copy.bin, ['demo', '--stats', '--format', 'json'])).toEqual(expected);
  });

  it('loads the libraries of other commands only when a command needs them', () => {
    // A plain `prefs show` into a pipe needs no YAML, CSV, prompts, zod or tables.
    const dir = tempDir();
    const db = join(dir, 'n.db');
    expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('node_modules/')).map((f) => f.split('node_modules/').pop()))));`,
    );
    const r = spawnSync(process.execPath, ['-r', probe, resolve('bin/notifyctl.cjs'), '--db', db, 'prefs', 'show', 'alice'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('customerMessages');
    // better-sqlite3's JavaScript is in the bundle: only its compiled addon comes from node_modules.
    expect(JSON.parse(r.stderr)).toEqual(['better-sqlite3/build/Release/better_sqlite3.node']);
  });
});
