/** Reliability round 2 (issue 18), for what only a real process shows: file descriptors, pipes, umask. */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_LOG as LOG, exampleDatabase as exampleDb } from '../fixtures/databases.js';
import { BIN, run, tempDir } from './run.js';

/** Runs the binary through bash, for redirections. */
function shell(script: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env, NOTIFYCTL_BIN: BIN } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('failed writes', () => {
  it('a full disk is exit 1 with a sentence naming it, never a stack trace, for every command that prints', async () => {
    const { db } = await exampleDb();
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

  it('stdout and stderr in one file: a bad log line leaves the error, not a run of NUL bytes', async () => {
    const { dir, db } = await exampleDb();
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
    expect(text).toBe(`error: ${bad}:${lines.length + 1}: "type" is "veiw"; accepted: message, view, follow, unfollow; did you mean "view"?\n`);
  });
});

describe('logs that can be read once', () => {
  it('why --log <(cat day.ndjson) reads the pipe once and answers as for the file', async () => {
    const { db } = await exampleDb();
    const fromFile = run(['--db', db, 'why', 'dana', 'm-004', '--log', LOG, '--format', 'json']);
    const fromPipe = shell(`node "$NOTIFYCTL_BIN" --db ${db} why dana m-004 --log <(cat ${LOG}) --format json`);
    expect(fromPipe.code).toBe(0);
    expect(fromPipe.stdout).toBe(fromFile.stdout);
    expect(JSON.parse(fromFile.stdout).fixes.length).toBeGreaterThan(0);
  });

  it('leaves no temporary copy of standard input behind', async () => {
    const { db } = await exampleDb();
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

/** A workspace and a log whose `simulate --all --format ndjson` is about 25 MB: several blocks of the writing thread. */
function longOutput(): { dir: string; db: string; log: string } {
  const dir = tempDir();
  const gen = spawnSync(process.execPath, ['bench/generate.mjs', '--messages', '10000', '--users', '10', '--out', join(dir, 'w')], { encoding: 'utf8' });
  expect(gen.status, gen.stderr).toBe(0);
  const db = join(dir, 'w.db');
  expect(run(['--db', db, 'import', join(dir, 'w', 'workspace.json')]).code).toBe(0);
  return { dir, db, log: join(dir, 'w', 'log.ndjson') };
}

describe('long output to a file (written by a second thread)', () => {
  it('is byte for byte what one thread writes, and a bad last line leaves the file empty', () => {
    const { dir, db, log } = longOutput();
    const simulate = `node "$NOTIFYCTL_BIN" --db ${db} simulate --log ${log} --all --format ndjson`;
    expect(shell(`${simulate} > ${dir}/threaded`).code).toBe(0);
    expect(shell(`${simulate} > ${dir}/direct`, { NOTIFYCTL_WRITE_THREAD: '0' }).code).toBe(0);
    const threaded = readFileSync(join(dir, 'threaded'));
    expect(threaded.length).toBeGreaterThan(20 * 1024 * 1024);
    expect(threaded.equals(readFileSync(join(dir, 'direct')))).toBe(true);

    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'bad.ndjson'), [...lines, '{"type":"view"'].join('\n') + '\n');
    const bad = shell(`node "$NOTIFYCTL_BIN" --db ${db} simulate --log ${dir}/bad.ndjson --all --format ndjson > ${dir}/out`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^error: ${dir}/bad.ndjson:${lines.length + 1}: not valid JSON`));
    expect(statSync(join(dir, 'out')).size).toBe(0);
  });
});

describe('a real full disk', () => {
  // Needs root to mount a small tmpfs (CI and the developers' machines run as root).
  const root = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.runIf(root)('export into a full file system is exit 1 naming the file, and says the output is incomplete', async () => {
    const { db } = await exampleDb();
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

  it.runIf(root)('long output into a full file system is exit 1 naming the file, and leaves it empty', () => {
    // The first block (4 MiB) is written by the main thread, the next by the writing
    // thread, which finds no room: its sentence comes back as a direct write's would.
    const { db, log } = longOutput();
    const tiny = tempDir();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', tiny]).status).toBe(0);
    try {
      const r = shell(`node "$NOTIFYCTL_BIN" --db ${db} simulate --log ${log} --all --format ndjson > ${tiny}/out`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: cannot write to ${tiny}/out: the disk is full; (the output is incomplete|nothing of this part was written)\\. Make room or choose another destination, and run the command again\\.\n$`));
      expect(statSync(join(tiny, 'out')).size).toBe(0);
    } finally {
      spawnSync('umount', [tiny]);
    }
  });

  it.runIf(root)('a write or a backup into a full file system changes nothing and leaves no partial file', async () => {
    const tiny = tempDir();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tiny]).status).toBe(0);
    try {
      const { db } = await exampleDb({ dir: tiny });
      const before = run(['--db', db, 'export']).stdout;
      spawnSync('bash', ['-c', `head -c 2000000 /dev/zero > ${tiny}/filler`]);
      const users = Array.from({ length: 3000 }, (_, i) => ({ id: `user-${i}`, name: 'x'.repeat(100) }));
      const big = join(tempDir(), 'big.json');
      writeFileSync(big, JSON.stringify({ version: 1, users, projects: [], items: [] }));
      const write = run(['--db', db, 'import', big]);
      expect(write.code).toBe(1);
      expect(write.stderr).toMatch(/full/);
      expect(write.stderr).not.toMatch(/\n\s+at /);
      // A backup of a database elsewhere into the full file system.
      const backup = run(['--db', (await exampleDb()).db, 'db', 'backup', join(tiny, 'copy.db')]);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toBe(`error: cannot write the backup ${join(tiny, 'copy.db')}: the disk is full; nothing was left at ${join(tiny, 'copy.db')}.\n`);
      expect(readdirSync(tiny).filter((f) => f.includes('copy'))).toEqual([]);
      // With room again, the database is as it was.
      rmSync(join(tiny, 'filler'));
      expect(run(['--db', db, 'export']).stdout).toBe(before);
    } finally {
      spawnSync('umount', [tiny]);
    }
  });
});

describe('a temporary folder that cannot be made', () => {
  it('names TMPDIR, not the log', async () => {
    const { db } = await exampleDb();
    const r = run(['--db', db, 'why', 'dana', 'm-004', '--log', '-'], { input: readFileSync(LOG, 'utf8'), env: { TMPDIR: '/nonexistent/tmp' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot make a temporary folder in \/nonexistent\/tmp to keep a copy of <stdin>: .*\. Set TMPDIR to a folder you can write to\.\n$/);
  });
});

describe('temporary files and signals', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} while why copies standard input leaves no temporary file`, async () => {
      const { db } = await exampleDb();
      const tmp = tempDir();
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [BIN, '--db', db, 'why', 'dana', 'm-004', '--log', '-'], { env: { ...process.env, TMPDIR: tmp }, stdio: ['pipe', 'ignore', 'pipe'] });
      child.stdin.write(readFileSync(LOG, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
      // Wait until the copy exists, then interrupt.
      for (let i = 0; i < 200 && readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(tmp)).toHaveLength(1);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});
