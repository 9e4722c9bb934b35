/** Issue 37: what an adversarial pass found on undo, --as-of, CSV, the pager, completion and --record. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimeIn } from '../../src/domain/zone.js';
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

describe('undo in another order (findings 2 and 3)', () => {
  async function team() {
    const db = join(scratch(), 'u.db');
    const run = (...args: string[]) => cli(['--db', db, ...args]);
    expect((await run('import', join(process.cwd(), 'examples', 'workspace.yaml'))).code).toBe(0);
    return { db, run };
  }
  const changes = async (run: (...args: string[]) => ReturnType<typeof cli>) => (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as unknown[]).length;

  it('an undo that cannot put back what a later change removed is a conflict naming it; in the right order, the same bytes', async () => {
    const { run } = await team();
    const original = (await run('export')).stdout;
    expect((await run('users', 'remove', 'bob', '--force', '--yes')).code).toBe(0); // change 2
    const withoutBob = (await run('export')).stdout;
    expect((await run('--actor', 'ops', 'projects', 'remove', 'billing', '--force', '--yes')).code).toBe(0); // change 3
    const both = (await run('export')).stdout;
    for (const dry of [['--dry-run'], []]) {
      const refused = await run('audit', 'undo', '2', ...dry);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^error: change 2 cannot be undone as it stands: later changes \(named below\) stand in the way of \d+ parts of it; nothing was changed\. Pass --force to undo the rest and leave those as they are\.\n/);
      expect(refused.stderr).toMatch(/\n {2}member billing bob: not restored, as project billing no longer exists \(change 3, \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, by ops: (--actor ops )?projects remove billing --force --yes\)\n/);
      expect(refused.stderr).not.toMatch(/FOREIGN KEY/);
    }
    expect(await changes(run)).toBe(3);
    expect((await run('export')).stdout).toBe(both);
    // The other order puts everything back, byte for byte.
    expect((await run('audit', 'undo', '3', '--yes')).code).toBe(0);
    expect((await run('export')).stdout).toBe(withoutBob);
    expect((await run('audit', 'undo', '2', '--yes')).code).toBe(0);
    expect((await run('export')).stdout).toBe(original);
  });

  it('--force restores what it can and names what it could not', async () => {
    const { run } = await team();
    expect((await run('users', 'remove', 'bob', '--force', '--yes')).code).toBe(0);
    expect((await run('projects', 'remove', 'billing', '--force', '--yes')).code).toBe(0);
    const forced = await run('audit', 'undo', '2', '--force', '--yes');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nuser\t\tbob\t\t—\tadded\n/);
    expect(forced.stderr).toMatch(/^Done: undid change 2: .*\.\nwarning: the undo left what later changes depend on \(--force\):\n {2}member billing bob: not restored, as project billing no longer exists \(change 3, /);
    const bob = JSON.parse((await run('users', 'show', 'bob', '--format', 'json')).stdout) as { id: string; memberOf: string[] };
    expect(bob.id).toBe('bob');
    expect(bob.memberOf).not.toContain('billing');
    expect((await run('db', 'check')).code).toBe(0);
  });

  it('an undo that would leave a reference pointing at nothing is refused by --dry-run and by the undo, naming the later change', async () => {
    const { run } = await team();
    expect((await run('projects', 'add', 'P1')).code).toBe(0);
    const added = await changes(run);
    expect((await run('--actor', 'kim', 'items', 'add', 'I1', '--project', 'P1')).code).toBe(0);
    const state = (await run('export')).stdout;
    for (const dry of [['--dry-run'], []]) {
      const refused = await run('audit', 'undo', String(added), ...dry);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^error: change ${added} cannot be undone as it stands: later changes \\(named below\\) stand in the way of one part of it; nothing was changed\\. Pass --force to undo the rest and leave those as they are\\.\\n {2}project P1: not removed, as item I1 belongs to it \\(change ${added + 1}, [^)]*, by kim: (--actor kim )?items add I1 --project P1\\)\\n$`));
    }
    expect((await run('export')).stdout).toBe(state);
    const forced = await run('audit', 'undo', String(added), '--force', '--yes');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toBe('');
    expect(forced.stderr).toMatch(/^Nothing to change\.\nwarning: the undo left what later changes depend on \(--force\):\n {2}project P1: not removed, as item I1 belongs to it/);
  });

  it('undoing an addition that later changes built on names them: a user added, then made a member', async () => {
    const { run } = await team();
    expect((await run('users', 'add', 'zoe')).code).toBe(0);
    const added = await changes(run);
    expect((await run('projects', 'members', 'add', 'billing', 'zoe')).code).toBe(0);
    const refused = await run('audit', 'undo', String(added));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`\n  member billing zoe: would be removed too (change ${added + 1}, `);
  });
});

describe('why reads ids however JSON escapes them (finding 5)', () => {
  it('gives the decisions of the same log written plainly, with and without --sort', async () => {
    const dir = scratch();
    const db = join(dir, 'team.db');
    expect((await cli(['--db', db, 'import', join(process.cwd(), 'examples', 'workspace.yaml')])).code).toBe(0);
    const day = readFileSync(join(process.cwd(), 'examples', 'day.ndjson'), 'utf8').replaceAll('"m-003"', '"m&003"');
    const plain = join(dir, 'plain.ndjson');
    const escaped = join(dir, 'escaped.ndjson');
    writeFileSync(plain, day);
    // As other writers put it: Go escapes & as \u0026; any character may be written \uXXXX, keys too.
    writeFileSync(escaped, day.replaceAll('"bob"', '"b\\u006fb"').replaceAll('"kofi"', '"k\\u006ffi"').replaceAll('"item"', '"\\u0069tem"').replaceAll('"m&003"', '"m\\u0026003"'));
    const messages = [...day.matchAll(/"type":"message","id":"([^"]+)"/g)].map((m) => m[1]!);
    const why = async (log: string, user: string, message: string, sort: string[]) => {
      const r = await cli(['--db', db, 'why', user, message, '--log', log, '--format', 'json', ...sort]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { decision: unknown }).decision;
    };
    let alerted = 0;
    for (const sort of [[], ['--sort']]) {
      for (const user of sort.length === 0 ? ['bob', 'kofi'] : ['bob']) {
        for (const message of messages) {
          const expected = await why(plain, user, message, sort);
          expect(await why(escaped, user, message, sort), `${user} ${message} ${sort.join(' ')}`).toEqual(expected);
          if ((expected as { alert: boolean }).alert) alerted++;
        }
      }
    }
    expect(alerted).toBeGreaterThan(0);
  });
});

describe('CSV round trips of values a spreadsheet would run (finding 6)', () => {
  const hostile = ["'=1+1", "'+x", "'-y", "'@z", "''=q", '=SUM(A1)', '-n', "'plain", "it's"];

  it('users list --format csv imported into another database gives the same users; prefs export | prefs import too', async () => {
    const dir = scratch();
    const one = join(dir, 'one.db');
    const two = join(dir, 'two.db');
    for (const [i, value] of hostile.entries()) {
      expect((await cli(['--db', one, 'users', 'add', '--name', value, '--role', value, '--', value])).code).toBe(0);
      expect((await cli(['--db', one, 'prefs', 'set', i % 2 === 0 ? '--email' : '--customer-replies', i % 2 === 0 ? 'off' : 'on', '--', value])).code).toBe(0);
    }
    const users = (await cli(['--db', one, 'users', 'list', '--format', 'csv'])).stdout;
    expect(users).toContain("\n''=1+1,''=1+1,,''=1+1,true\n");
    const usersFile = join(dir, 'users.csv');
    writeFileSync(usersFile, users);
    const imported = await cli(['--db', two, 'users', 'import', usersFile, '--yes']);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await cli(['--db', two, 'users', 'list', '--format', 'csv'])).stdout).toBe(users);
    const prefs = (await cli(['--db', one, 'prefs', 'export'])).stdout;
    const prefsFile = join(dir, 'prefs.csv');
    writeFileSync(prefsFile, prefs);
    const prefsImported = await cli(['--db', two, 'prefs', 'import', prefsFile, '--yes']);
    expect(prefsImported.code, prefsImported.stderr).toBe(0);
    expect((await cli(['--db', two, 'prefs', 'export'])).stdout).toBe(prefs);
    expect(JSON.parse((await cli(['--db', two, 'users', 'show', "''=q", '--format', 'json'])).stdout)).toMatchObject({ id: "''=q", name: "''=q", role: "''=q" });
  });
});

describe('a failing pager never loses the output with exit 0 (finding 9)', () => {
  it('falls back to the terminal when the pager cannot start, and is exit 1 with a sentence when it fails', async () => {
    const dir = scratch();
    const db = join(dir, 'team.db');
    expect((await cli(['--db', db, 'import', join(process.cwd(), 'examples', 'workspace.yaml')])).code).toBe(0);
    const list = (pager: string) => cli(['--db', db, 'users', 'list'], { stdoutTTY: true, env: { NOTIFYCTL_PAGER: pager } });
    const notExecutable = join(dir, 'pager.sh');
    writeFileSync(notExecutable, '#!/bin/sh\ncat\n', { mode: 0o644 });
    const fallback = await list(notExecutable);
    expect(fallback.code).toBe(0);
    expect(fallback.stdout).toContain('alice');
    expect(await list('false')).toEqual({ code: 1, stdout: '', stderr: 'error: the pager "false" exited with status 1, so the output may not have been shown; run the command again with --no-pager, or set NOTIFYCTL_PAGER to a pager that works\n' });
    expect(await list('kill -9 $$')).toEqual({ code: 1, stdout: '', stderr: 'error: the pager "kill -9 $$" was ended by SIGKILL, so the output may not have been shown; run the command again with --no-pager, or set NOTIFYCTL_PAGER to a pager that works\n' });
    // A command that failed keeps its own exit code.
    expect((await cli(['--db', db, 'users', 'show', 'nobody'], { stdoutTTY: true, env: { NOTIFYCTL_PAGER: 'false' } })).code).toBe(2);
  });
});

describe('local times in the hour when clocks go back (finding 10)', () => {
  it('are read as the earlier occurrence, as Temporal\'s "compatible"; a time in the gap as that far past it', async () => {
    const at = (text: string, zone: string) => new Date(parseTimeIn(text, zone)!).toISOString();
    expect(at('2026-10-25 02:00', 'Europe/Rome')).toBe('2026-10-25T00:00:00.000Z');
    expect(at('2026-10-25 02:59', 'Europe/Rome')).toBe('2026-10-25T00:59:00.000Z');
    expect(at('2026-10-25 03:00', 'Europe/Rome')).toBe('2026-10-25T02:00:00.000Z');
    expect(at('2026-11-01 01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-04-05 01:45', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
    expect(at('2026-03-29 02:30', 'Europe/Rome')).toBe('2026-03-29T01:30:00.000Z');
    expect(at('2026-03-08 02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('2026-07-01 12:00', 'Europe/Rome')).toBe('2026-07-01T10:00:00.000Z');
    // timeline --since the start of that hour keeps both of its occurrences.
    const dir = scratch();
    const db = join(dir, 'team.db');
    expect((await cli(['--db', db, 'import', join(process.cwd(), 'examples', 'workspace.yaml')])).code).toBe(0);
    const log = join(dir, 'fold.ndjson');
    writeFileSync(log, ['2026-10-25T00:10:00Z', '2026-10-25T01:10:00Z'].map((t, i) => JSON.stringify({ type: 'message', id: `m${i + 1}`, at: t, conversation: 'c-1', author: 'cust-ana', authorKind: 'customer' })).join('\n') + '\n');
    const r = await cli(['--db', db, 'timeline', 'c-1', '--log', log, '--since', '2026-10-25 02:00', '--tz', 'Europe/Rome', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toMatch(/"m1".*"m2"/);
  });

});

describe('test --record writes into the file as it is kept (finding 11)', () => {
  const SCENARIO = `# Who hears about a customer message in c-1.\nname: customer message in c-1\nworkspace: workspaces/helpdesk.yaml\nlog:\n  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust-1, authorKind: customer }\n`;
  const folder = () => {
    const dir = scratch();
    cpSync(join(process.cwd(), 'test', 'scenarios', 'workspaces'), join(dir, 'workspaces'), { recursive: true });
    return dir;
  };

  it('through a symbolic link, keeping the mode and CRLF line ends', async () => {
    const dir = folder();
    const real = join(dir, 'c1.yaml');
    writeFileSync(real, SCENARIO.replaceAll('\n', '\r\n'), { mode: 0o600 });
    chmodSync(real, 0o600);
    const link = join(dir, 'link.yaml');
    symlinkSync('c1.yaml', link);
    const r = await cli(['test', '--record', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    const text = readFileSync(real, 'utf8');
    expect(text.startsWith(SCENARIO.replaceAll('\n', '\r\n') + 'exhaustive: true\r\nexpect:\r\n  - { message: m1, user: ana,')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect((await cli(['test', link])).stdout).toBe('✓ customer message in c-1\n1 passed, 0 failed\n');
  });

  it('refuses a read-only file and leaves it as it was', async () => {
    const dir = folder();
    const file = join(dir, 'c1.yaml');
    writeFileSync(file, SCENARIO);
    chmodSync(file, 0o444);
    const r = await cli(['test', '--record', file]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: cannot write --record ${file}: the file is read-only; nothing was written. Make it writable (chmod u+w) to record into it.\n` });
    expect(readFileSync(file, 'utf8')).toBe(SCENARIO);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });
});

describe('the smaller points (finding 13)', () => {
  it('db backup "" and db backup - are usage errors that write nothing', async () => {
    const dir = scratch();
    const db = join(dir, 'team.db');
    expect((await cli(['--db', db, 'init'])).code).toBe(0);
    expect(await cli(['--db', db, 'db', 'backup', ''])).toEqual({ code: 2, stdout: '', stderr: 'error: db backup needs the path of the file to write the copy to, e.g. notifyctl db backup backups/team.db\n' });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await cli(['--db', db, 'db', 'backup', '-'])).toEqual({ code: 2, stdout: '', stderr: 'error: db backup writes an SQLite file, not standard output; give the path of the file to write the copy to (write ./- to mean a file named "-")\n' });
      expect(existsSync(join(dir, '-'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('--actor "" is a usage error, and nothing is recorded', async () => {
    const db = join(scratch(), 'team.db');
    expect((await cli(['--db', db, 'init'])).code).toBe(0);
    expect(await cli(['--db', db, '--actor', ' ', 'users', 'add', 'zoe'])).toEqual({ code: 2, stdout: '', stderr: 'error: --actor needs a name for the audit trail (who makes the change); leave it out to record $NOTIFYCTL_ACTOR or your login name\n' });
    expect((await cli(['--db', db, 'audit', 'changes', '--format', 'json'])).stdout).toBe('[]\n');
  });
});

describe('undo keeps what a later change points at whole', () => {
  it('a project added with a member and a name stays, named once, when a later item belongs to it', async () => {
    const db = join(scratch(), 'u.db');
    const run = (...args: string[]) => cli(['--db', db, ...args]);
    expect((await run('import', join(process.cwd(), 'examples', 'workspace.yaml'))).code).toBe(0);
    const doc = join(scratch(), 'p1.json');
    writeFileSync(doc, JSON.stringify({ version: 1, projects: [{ id: 'P1', name: 'Payments', members: ['bob'] }] }));
    expect((await run('import', doc)).code).toBe(0);
    const added = (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { change: number }[])[0]!.change;
    expect((await run('items', 'add', 'I1', '--project', 'P1')).code).toBe(0);
    const refused = await run('audit', 'undo', String(added));
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([expect.stringMatching(/^ {2}project P1: not removed, as item I1 belongs to it \(change \d+, /)]);
  });
});

describe('undo in random orders (findings 2 and 3)', () => {
  const OPS: string[][] = [
    ['users', 'remove', 'bob', '--force'], ['users', 'remove', 'carol', '--force'], ['projects', 'remove', 'billing', '--force'],
    ['items', 'remove', 'T-100', '--force'], ['users', 'add', 'zoe'], ['projects', 'members', 'add', 'billing', 'zoe'],
    ['items', 'follow', 'T-100', 'zoe'], ['projects', 'add', 'P1'], ['items', 'add', 'I1', '--project', 'P1'],
    ['conversations', 'remove', 'c-1'], ['users', 'update', 'bob', '--role', 'lead'], ['prefs', 'set', 'bob', '--email', 'off'],
    ['items', 'follow', 'I1', 'bob'], ['projects', 'members', 'add', 'P1', 'carol'],
  ];
  /** A small seeded generator: the same orders every run. */
  const rng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  it('random changes, then undos in random order (some --force): each is whole or refused with nothing changed, never a raw database error', async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const r = rng(seed);
      const db = join(scratch(), 'f.db');
      const run = (...a: string[]) => cli(['--db', db, ...a]);
      await run('import', join(process.cwd(), 'examples', 'workspace.yaml'));
      // --yes: removals and undos are destructive, and this is not a terminal (SPEC 10.4).
      for (let k = 0; k < 8; k++) await run(...OPS[Math.floor(r() * OPS.length)]!, '--yes');
      const n = (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { change: number }[])[0]!.change;
      for (let k = 0; k < 6; k++) {
        const target = 2 + Math.floor(r() * (n - 1));
        const before = (await run('export')).stdout;
        const force = r() < 0.3 ? ['--force'] : [];
        const u = await run('audit', 'undo', String(target), ...force, '--yes');
        expect(u.stderr, `seed ${seed}`).not.toMatch(/FOREIGN|NOTIFYCTL_DEBUG|constraint/);
        if (u.code !== 0) {
          expect(u.code).toBe(1);
          expect((await run('export')).stdout).toBe(before);
        }
        const check = await run('db', 'check');
        expect(check.code, check.stdout + check.stderr).toBe(0);
        const imp = await cli(['--db', join(scratch(), 'g.db'), 'import', '-'], { input: (await run('export')).stdout });
        expect(imp.code, imp.stderr).toBe(0);
      }
    }
  }, 60_000);
});
