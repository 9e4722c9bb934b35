/** Issue 37, what only a process shows: a change confirmed in a terminal is recorded when it is made. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPty, inTerminal } from './pty.js';
import { BIN, EXAMPLES, run, tempDir } from './run.js';

describe('the time a change is recorded (finding 4)', () => {
  it.skipIf(!hasPty)('an undo confirmed at a question is recorded at its commit: export while it waits equals export --as-of that time', async () => {
    const db = join(tempDir(), 'team.db');
    const cli = (...args: string[]) => run(['--db', db, ...args]);
    expect(cli('import', join(EXAMPLES, 'workspace.yaml')).code).toBe(0);
    expect(cli('prefs', 'set', 'alice', '--email', 'off').code).toBe(0);
    let asked = '';
    let whileAsked = '';
    const r = await inTerminal(['--db', db, 'audit', 'undo', '2'], [
      {
        expect: 'Undo change 2',
        send: 'y\r',
        before: () => {
          whileAsked = cli('export').stdout;
          asked = new Date().toISOString();
        },
      },
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain('Undid change 2');
    const undo = JSON.parse(cli('audit', '--change', '3', '--format', 'json').stdout) as { at: string }[];
    expect(undo.length).toBe(1);
    expect(undo[0]!.at >= asked).toBe(true);
    expect(cli('export', '--as-of', asked).stdout).toBe(whileAsked);
    expect(cli('export').stdout).not.toBe(whileAsked);
  });
});

describe('--tz local (finding 13)', () => {
  it('with TZ set but empty is UTC, as the C library reads it, not "not a time zone"', () => {
    const db = join(tempDir(), 'team.db');
    expect(run(['--db', db, 'users', 'add', 'zoe']).code).toBe(0);
    const r = run(['--db', db, '--tz', 'local', 'audit', '--format', 'table'], { env: { TZ: '' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\dZ/);
  });
});

describe('a write whose report cannot be printed (finding 13)', () => {
  it('says the change was written and not to run the command again', () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    expect(run(['--db', db, 'init']).code).toBe(0);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --db "${db}" users add zoe > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: cannot write to /dev/full: the disk is full; nothing of this part was written. The change was written all the same (change 1; "notifyctl audit --change 1" shows it): do not run the command again.\n');
    expect(run(['--db', db, 'users', 'show', 'zoe']).code).toBe(0);
    // A command that wrote nothing still says to run it again.
    const read = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --db "${db}" users list > /dev/full`], { encoding: 'utf8' });
    expect(read.stderr).toMatch(/and run the command again\.\n$/);
  });
});
