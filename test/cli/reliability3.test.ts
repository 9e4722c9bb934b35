/** Issue 37: what an adversarial pass found on undo, --as-of, CSV, the pager, completion and --record. */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './run.js';

describe('completion offers ids literally (finding 1)', () => {
  it('bash completes ids with $(...), ${...}, {a,b} and quotes as they are, quoted for the command line, and runs nothing', async () => {
    const dir = scratch();
    const db = join(dir, 'team.db');
    const pwned = join(dir, 'pwned');
    const hostile = [`x$(touch\${IFS}${pwned}-1)`, 'a{b,c}', 'q${HOME}', "o'neil", 'back`touch${IFS}' + pwned + '-2`'];
    for (const id of hostile) expect((await cli(['--db', db, 'users', 'add', id])).code).toBe(0);
    expect((await cli(['--db', db, 'users', 'update', 'a{b,c}', '--role', `support$(touch\${IFS}${pwned}-3)`])).code).toBe(0);
    const script = (await cli(['completion', 'bash'])).stdout;
    const ids = { users: (await cli(['--db', db, '__complete', 'users'])).stdout, roles: (await cli(['--db', db, '__complete', 'roles'])).stdout };
    expect(ids.users.split('\n')).toContain(`x$(touch\${IFS}${pwned}-1)`);
    // The script as a real bash runs it; `notifyctl` answers what `__complete` printed.
    const idsFile = (kind: string) => join(dir, `${kind}.txt`);
    writeFileSync(idsFile('users'), ids.users);
    writeFileSync(idsFile('roles'), ids.roles);
    const complete = (...words: string[]) => {
      const probe = `${script}\nnotifyctl() { cat "${dir}/\${@: -1}.txt"; }\nCOMP_WORDS=(${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _notifyctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['--norc', '-c', probe], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter((l) => l !== '').sort();
    };
    // Each id once, quoted so that the command line gets the id itself.
    const quoted = (id: string) => spawnSync('bash', ['-c', 'printf %q "$1"', '_', id], { encoding: 'utf8' }).stdout;
    expect(complete('notifyctl', 'prefs', 'show', '')).toEqual(hostile.map(quoted).sort());
    expect(complete('notifyctl', 'prefs', 'show', 'q')).toEqual([quoted('q${HOME}')]);
    expect(complete('notifyctl', 'prefs', 'show', "'a{")).toEqual([quoted('a{b,c}')]);
    expect(complete('notifyctl', 'users', 'add', 'z', '--role', '')).toEqual([quoted(`support$(touch\${IFS}${pwned}-3)`)]);
    // What the command line gets back is the id: bash reads the quoted word as it.
    expect(spawnSync('bash', ['-c', `printf %s ${quoted('a{b,c}')}`], { encoding: 'utf8' }).stdout).toBe('a{b,c}');
    for (const n of [1, 2, 3]) expect(existsSync(`${pwned}-${n}`)).toBe(false);
  });
});
