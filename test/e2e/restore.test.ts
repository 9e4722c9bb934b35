/**
 * `db restore` with a second process holding the database open (SPEC 10.4): copying a
 * backup over the file was undone when that process's WAL went back into it; a restore
 * through SQLite stays.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPty, inTerminal } from './pty.js';
import { EXAMPLES, run, tempDir } from './run.js';

/** A second process with the database open in WAL mode: it wrote, keeps its connection, and answers "count" with the number of users it sees. */
function holder(db: string) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 10000 });
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("UPDATE users SET name = 'Held' WHERE id = 'erik'").run();
    process.stdout.write('ready\\n');
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (line) => {
      if (line.trim() === 'count') process.stdout.write(db.prepare('SELECT count(*) FROM users').pluck().get() + '\\n');
      else { db.close(); process.exit(0); }
    });`;
  const child = spawn(process.execPath, ['-e', script, db], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const next = async (): Promise<string> => ((await once(child.stdout, 'data')) as string[])[0]!.trim();
  return { child, next };
}

describe('db restore', () => {
  it('replaces the workspace and its trail while another process holds the database open, and records itself at the end', async () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    const backup = join(dir, 'backup of monday.db');
    expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
    expect(run(['--db', db, 'db', 'backup', backup]).code).toBe(0);
    const atBackup = run(['--db', db, 'export']).stdout;
    const users = (JSON.parse(run(['--db', db, 'users', 'list', '--format', 'json']).stdout) as unknown[]).length;
    const trail = JSON.parse(run(['--db', db, 'audit', 'changes', '--format', 'json']).stdout) as { change: number; command: string }[];
    expect(run(['--db', db, 'users', 'add', 'zoe']).code).toBe(0);
    expect(run(['--db', db, 'prefs', 'set', 'alice', '--email', 'off']).code).toBe(0);

    const { child, next } = holder(db);
    expect(await next()).toBe('ready');
    const r = run(['--db', db, 'db', 'restore', backup, '--yes']);
    expect(r.stderr).toBe(`Done: restored ${backup} into ${db}: 1 explicit preference cleared, 1 user changed, 1 user removed; recorded as change ${trail[0]!.change + 1} (4 audit rows).\n`);
    expect(r.code).toBe(0);
    // The other process sees the restored workspace, and closing it (a checkpoint of its WAL) undoes nothing.
    child.stdin.write('count\n');
    expect(await next()).toBe(String(users));
    child.stdin.write('quit\n');
    await once(child, 'exit');

    expect(run(['--db', db, 'export']).stdout).toBe(atBackup);
    expect(run(['--db', db, 'db', 'check']).code).toBe(0);
    const after = JSON.parse(run(['--db', db, 'audit', 'changes', '--format', 'json']).stdout) as { change: number; command: string }[];
    expect(after.map((c) => c.command)).toEqual([`db restore '${backup}'`, ...trail.map((c) => c.command)]);
    // The restore is a change like another: undoing it gives back the workspace it replaced.
    expect(run(['--db', db, 'audit', 'undo', String(after[0]!.change), '--yes']).code).toBe(0);
    expect(JSON.parse(run(['--db', db, 'users', 'show', 'zoe', '--format', 'json']).stdout).id).toBe('zoe');
    expect(JSON.parse(run(['--db', db, 'users', 'show', 'erik', '--format', 'json']).stdout).name).toBe('Held');
  }, 60_000);

  it.skipIf(!hasPty)('in a terminal, shows what it changes and asks first; no keeps everything', async () => {
    const dir = tempDir();
    const db = join(dir, 'team.db');
    const backup = join(dir, 'monday.db');
    expect(run(['--db', db, 'import', join(EXAMPLES, 'workspace.yaml')]).code).toBe(0);
    expect(run(['--db', db, 'db', 'backup', backup]).code).toBe(0);
    expect(run(['--db', db, 'users', 'add', 'zoe']).code).toBe(0);
    const before = run(['--db', db, 'export']).stdout;
    const declined = await inTerminal(['--db', db, 'db', 'restore', backup], [{ expect: 'Replace the workspace and its audit trail', send: 'n\r' }]);
    expect(declined.screen).toMatch(/user +│ +│ zoe +│ +│ present +│ removed/);
    // The question may wrap in the terminal's width.
    expect(declined.screen.replace(/\s+/g, ' ')).toContain(`Replace the workspace and its audit trail in ${db} with ${backup}'s (1 user removed)?`);
    expect(declined.code).toBe(1);
    expect(run(['--db', db, 'export']).stdout).toBe(before);
    const accepted = await inTerminal(['--db', db, 'db', 'restore', backup], [{ expect: 'Replace the workspace and its audit trail', send: 'y\r' }]);
    expect(accepted.code).toBe(0);
    expect(accepted.screen.replace(/\s+/g, ' ')).toContain(`Done: restored ${backup} into ${db}: 1 user removed;`);
    expect(run(['--db', db, 'users', 'show', 'zoe']).code).toBe(2);
  }, 60_000);
});
