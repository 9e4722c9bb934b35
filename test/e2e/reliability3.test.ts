/** Issue 37, what only a process shows: a change confirmed in a terminal is recorded when it is made. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
    expect(r.screen).toContain('Done: undid change 2: 1 explicit preference cleared.');
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
    // test writes its scenarios' workspaces to databases in memory only: nothing was written, whatever --junit - says.
    const scenario = join(dir, 's.yaml');
    writeFileSync(scenario, `name: s\nworkspace: ${join(EXAMPLES, 'workspace.yaml')}\nlog:\n  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust-1, authorKind: customer }\nexpect:\n  - { message: m1, user: alice, alert: true }\n`);
    const tested = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" test "${scenario}" --allow-path / --junit - > /dev/full`], { encoding: 'utf8' });
    expect(tested.status).toBe(1);
    expect(tested.stderr).not.toContain('written all the same');
    expect(tested.stderr).toMatch(/^error: cannot write to \/dev\/full: the disk is full; .*and run the command again\.\n/m);
  });
});

describe('completion in an interactive bash (finding 1)', () => {
  it.skipIf(!hasPty)('completes an id holding $(...) as it is, quoted, and runs nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    const pwned = join(dir, 'pwned');
    expect(run(['--db', db, 'users', 'add', `x$(touch\${IFS}${pwned})`]).code).toBe(0);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'notifyctl'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const rc = join(dir, 'bashrc');
    writeFileSync(rc, "PS1='READY> '\n");
    const child = spawn('script', ['-qfc', `bash --noprofile --rcfile '${rc}' -i`, '/dev/null'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NOTIFYCTL_DB: db, NOTIFYCTL_PAGER: '', HOME: dir, TERM: 'dumb' },
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
    const waitFor = (text: string, from: number) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen}`)), 20_000);
        const look = () => {
          const at = screen.indexOf(text, from);
          if (at === -1) return;
          clearTimeout(timer);
          child.stdout.off('data', look);
          resolve(at + text.length);
        };
        child.stdout.on('data', look);
        look();
      });
    try {
      let at = await waitFor('READY> ', 0);
      child.stdin.write('source <(notifyctl completion bash)\n');
      at = await waitFor('READY> ', at);
      child.stdin.write('notifyctl prefs show x\t');
      // The word bash put on the line ends with the id's quoted tail.
      at = await waitFor(`${pwned}\\) `, at);
      // Run it: the command gets the id itself, and shows that user's preferences.
      child.stdin.write('\n');
      at = await waitFor('READY> ', at);
      expect(screen.slice(0, at), screen).toMatch(/│ KEY +│ VALUE +│ SOURCE +│ MEANING/);
    } finally {
      child.stdin.write('\x15exit\n');
      await new Promise((resolve) => child.on('exit', resolve));
    }
    expect(existsSync(pwned)).toBe(false);
  });
});
