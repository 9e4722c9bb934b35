/** Issue 16: the conventions of a seasoned CLI — typing errors, completion, a pager. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_LOG as LOG, exampleDatabase } from '../fixtures/databases.js';
import { cli, scratch } from './run.js';

const BIN = resolve('bin/notifyctl.cjs');

const team = async (): Promise<string> => (await exampleDatabase()).db;

describe('typing', () => {
  it('names an unknown option before a missing required one, with did you mean', async () => {
    expect(await cli(['simulate', '--lgo', 'x'])).toEqual({ code: 2, stdout: '', stderr: "error: unknown option '--lgo'\n(Did you mean --log?)\n(run with --help for usage)\n" });
    expect(await cli(['simulate'])).toEqual({ code: 2, stdout: '', stderr: "error: required option '--log <file>' not specified\n(run with --help for usage)\n" });
  });

  it('did you mean for event types in logs and conversation ids', async () => {
    const db = await team();
    const r = await cli(['--db', db, 'simulate', '--log', '-'], { input: '{"type":"veiw","at":"2026-03-02T09:00:00Z","user":"bob","conversation":"c-1"}\n' });
    expect(r.stderr).toBe('error: <stdin>:1: "type" is "veiw"; accepted: message, view, follow, unfollow; did you mean "view"?\n');
    const t = await cli(['--db', db, 'timeline', 'c-11', '--log', LOG]);
    expect(t.code).toBe(1);
    expect(t.stderr).toBe(`error: conversation "c-11" is not in the workspace, and no line of ${LOG} names it; did you mean "c-1" or "c-2" or "c-3"?\n`);
    const w = await cli(['--db', db, 'why', 'dana', '--conversation', 'c-11', '--log', LOG]);
    expect(w.stderr).toBe(`error: conversation "c-11" has no messages in ${LOG}; did you mean "c-1" or "c-2" or "c-3"?\n`);
  });
});

describe('completion', () => {
  function completer(db: string, dir: string) {
    const script = join(dir, 'c.sh');
    return async (shell: string) => {
      writeFileSync(script, (await cli(['completion', shell])).stdout);
      return (line: string) => {
        const words = line.split(' ');
        // The script asks `notifyctl __complete KIND`: here, the built binary.
        const probe = `notifyctl() { '${process.execPath}' '${BIN}' "$@"; }; source '${script}'; cd '${dir}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _notifyctl; echo "\${COMPREPLY[*]}"`;
        return spawnSync('bash', ['-c', probe], { encoding: 'utf8', env: { ...process.env, NOTIFYCTL_DB: db } }).stdout.trim().split(' ').sort();
      };
    };
  }

  it('completes files for file flags and arguments, and ids from the database', async () => {
    const db = await team();
    const dir = scratch();
    writeFileSync(join(dir, 'week.ndjson'), '');
    writeFileSync(join(dir, 'team.yaml'), '');
    const complete = await (await completer(db, dir))('bash');
    expect(complete('notifyctl simulate --log we')).toEqual(['week.ndjson']);
    expect(complete('notifyctl import te')).toEqual(['team.yaml']);
    expect(complete('notifyctl prefs show b')).toEqual(['bob']);
    expect(complete('notifyctl prefs set --role sup')).toEqual(['support', 'support-lead']);
    expect(complete('notifyctl projects members add ')).toEqual(['billing', 'ops', 'product']);
    // After the project, users.
    expect(complete('notifyctl projects members add billing c')).toEqual(['carol']);
    expect(complete(`notifyctl --db ${db} items follow T-100 --role support d`)).toEqual(['dana']);
    expect(complete('notifyctl prefs set --customer-messages ')).toEqual(['all', 'mine', 'none']);
  });

  it('__complete prints ids one a line, and nothing without a database', async () => {
    const db = await team();
    expect((await cli(['--db', db, '__complete', 'roles'])).stdout).toBe('developer\nmanager\nonboarding\noperations\nsupport\nsupport-lead\n');
    expect(await cli(['--db', join(scratch(), 'none.db'), '__complete', 'users'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await cli(['--help'])).stdout).not.toContain('__complete');
  });

  it('fish: subcommands, flags with their values, files and ids', async () => {
    const fish = (await cli(['completion', 'fish'])).stdout;
    expect(fish).toMatch(/^# fish completion for notifyctl/);
    expect(fish).toContain("complete -c notifyctl -n '__notifyctl_at \\'prefs\\'' -a 'show list set reset edit defaults import export'");
    expect(fish).toContain("complete -c notifyctl -n '__notifyctl_at \\'prefs set\\'' -l customer-messages -x -a 'all mine none'");
    expect(fish).toContain("complete -c notifyctl -n '__notifyctl_at \\'simulate\\'' -l log -r -F");
    expect(fish).toContain("complete -c notifyctl -n '__notifyctl_at \\'prefs set\\'' -l role -x -a '(__notifyctl_ids roles)'");
    expect(fish).toContain("complete -c notifyctl -n '__notifyctl_at \\'users show\\'' -a '(__notifyctl_ids users)'");
  });
});

describe('pager', () => {
  it('long output in a terminal goes through $NOTIFYCTL_PAGER; never when piped, with --no-pager, or before a question', async () => {
    const db = await team();
    const dir = scratch();
    const paged = join(dir, 'paged.txt');
    const env = { NOTIFYCTL_PAGER: `cat > '${paged}'` };
    const r = await cli(['--db', db, 'users', 'list'], { stdoutTTY: true, env });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(paged, 'utf8')).toContain('alice');
    writeFileSync(paged, '');
    expect((await cli(['--db', db, 'users', 'list', '--no-pager'], { stdoutTTY: true, env })).stdout).toContain('alice');
    expect((await cli(['--db', db, 'users', 'list'], { env })).stdout).toContain('alice');
    // A write that may ask is not paged; its dry run is.
    const added = await cli(['--db', db, 'users', 'add', 'zed'], { stdoutTTY: true, env });
    expect(added.stdout).toContain('│ user   │        │ zed  │');
    expect(added.stderr).toBe('Done: 1 user added.\n');
    const dry = await cli(['--db', db, 'users', 'add', 'yan', '--dry-run'], { stdoutTTY: true, env });
    expect([dry.stdout, dry.stderr]).toEqual(['', 'Dry run: 1 user added. Nothing was written.\n']);
    expect(readFileSync(paged, 'utf8')).toContain('│ user   │        │ yan  │');
  });

  it('a pager that cannot start leaves the output on the terminal', async () => {
    const db = await team();
    const r = await cli(['--db', db, 'users', 'list'], { stdoutTTY: true, env: { NOTIFYCTL_PAGER: 'no-such-pager-here' } });
    expect(r.stdout).toContain('alice');
  });
});
