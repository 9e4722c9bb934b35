/**
 * How the CLI starts: one CommonJS bundle behind a plain launcher, loading the libraries
 * of other commands only when a command needs them.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleDatabase } from '../fixtures/databases.js';

describe('start-up', () => {
  it('loads the libraries of other commands only when a command needs them', async () => {
    // A plain `prefs show` into a pipe needs no YAML, CSV, prompts, zod or tables.
    const { dir, db } = await exampleDatabase();
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

  it.runIf(!('enableCompileCache' in Module))('compiles the bundle from the code cache the build made (Node 20)', async () => {
    const { db } = await exampleDatabase();
    const cli = (setting: string) => spawnSync(process.execPath, [resolve('bin/notifyctl.cjs'), '--db', db, 'prefs', 'show', 'alice'], { encoding: 'utf8', env: { ...process.env, NOTIFYCTL_CODE_CACHE: setting } });
    const cached = cli('report');
    expect(cached.stderr).toBe('code cache: used\n');
    // The same output as the bundle compiled the usual way.
    const plain = cli('0');
    expect([cached.status, plain.status]).toEqual([0, 0]);
    expect(cached.stdout).toContain('customerMessages');
    expect(cached.stdout).toBe(plain.stdout);
  });
});
