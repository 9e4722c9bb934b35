/** Reliability round 2 (issue 18), for what only a real process shows: file descriptors, pipes, umask. */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, run, tempDir } from './run.js';

const LOG = join(EXAMPLES, 'day.ndjson');

function exampleDb(): { dir: string; db: string } {
  const dir = tempDir();
  const db = join(dir, 'team.db');
  expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
  return { dir, db };
}

/** Runs the binary through bash, for redirections. */
function shell(script: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env, NOTIFYCTL_BIN: BIN } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('failed writes', () => {
  it('a full disk is exit 1 with a sentence naming it, never a stack trace, for every command that prints', () => {
    const { db } = exampleDb();
    const commands = [
      'export',
      'export --format yaml',
      'prefs export',
      'audit --format csv',
      'users list --format json',
      'prefs list --format csv',
      `simulate --log ${LOG} --all`,
    ];
    for (const command of commands) {
      const r = shell(`node "$NOTIFYCTL_BIN" --db ${db} ${command} > /dev/full`);
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toMatch(/^error: cannot write to \/dev\/full: the disk is full; .*Make room or choose another destination, and run the command again\.\n$/);
    }
  });

  it('stdout and stderr in one file: a bad log line leaves the error, not a run of NUL bytes', () => {
    const { dir, db } = exampleDb();
    const bad = join(dir, 'bad.ndjson');
    const out = join(dir, 'out');
    const lines = readFileSync(LOG, 'utf8').trimEnd().split('\n');
    writeFileSync(bad, [...lines, '{"type":"veiw"}'].join('\n') + '\n');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'simulate', '--log', bad, '--all'], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    expect(r.status).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('\u0000');
    expect(text).toBe(`error: ${bad}:${lines.length + 1}: "type" is "veiw"; accepted: message, view, follow, unfollow\n`);
  });
});

describe('logs that can be read once', () => {
  it('why --log <(cat day.ndjson) reads the pipe once and answers as for the file', () => {
    const { db } = exampleDb();
    const fromFile = run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG, '--format', 'json']);
    const fromPipe = shell(`node "$NOTIFYCTL_BIN" --db ${db} why dana m-004 --log <(cat ${LOG}) --format json`);
    expect(fromPipe.code).toBe(0);
    expect(fromPipe.stdout).toBe(fromFile.stdout);
    expect(JSON.parse(fromFile.stdout).fixes.length).toBeGreaterThan(0);
  });

  it('leaves no temporary copy of standard input behind', () => {
    const { db } = exampleDb();
    const tmp = tempDir();
    const r = run(['--db', db, 'why', 'dana', 'm-004', '--log', '-'], { input: readFileSync(LOG, 'utf8'), env: { TMPDIR: tmp } });
    expect(r.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('file modes', () => {
  it('--junit writes 0644 at most, whatever the umask', () => {
    const dir = tempDir();
    const report = join(dir, 'r.xml');
    const r = shell(`umask 000; node "$NOTIFYCTL_BIN" test ${join('test', 'scenarios', 'email.yaml')} --junit ${report}`);
    expect(r.code).toBe(0);
    expect(statSync(report).mode & 0o777).toBe(0o644);
  });
});

describe('a real full disk', () => {
  // Needs root to mount a small tmpfs (CI and the developers' machines run as root).
  const root = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.runIf(root)('export into a full file system is exit 1 naming the file, and says the output is incomplete', () => {
    const { db } = exampleDb();
    const tiny = tempDir();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tiny]).status).toBe(0);
    try {
      // Fill it but for a few bytes of a page: the export starts, then finds no room.
      spawnSync('bash', ['-c', `head -c $((1024*1024 - 4096)) /dev/zero > ${tiny}/filler; head -c 4000 /dev/zero >> ${tiny}/filler`]);
      const r = shell(`node "$NOTIFYCTL_BIN" --db ${db} export > ${tiny}/out`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: cannot write to ${tiny}/out: the disk is full; (the output is incomplete|nothing of this part was written)\\. Make room`));
    } finally {
      spawnSync('umount', [tiny]);
    }
  });
});
