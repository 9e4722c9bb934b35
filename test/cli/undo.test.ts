/** Changes you can take back (SPEC 9.4): numbered changes, audit newest first, undo, --as-of. */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/schema.js';
import { EXAMPLES as EX, EXAMPLE_WORKSPACE as WORKSPACE, exampleDatabase } from '../fixtures/databases.js';
import { cli, scratch } from './run.js';

async function team(): Promise<{ db: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const { db } = await exampleDatabase();
  const run = (...args: string[]) => cli(['--db', db, ...args]);
  return { db, run };
}

const lastChange = async (run: (...args: string[]) => ReturnType<typeof cli>) => (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { change: number }[])[0]!.change;

describe('audit undo', () => {
  const kinds: [string, string[]][] = [
    ['prefs set', ['prefs', 'set', '--role', 'support', '--email', 'off']],
    ['prefs reset', ['prefs', 'reset', 'dana']],
    ['prefs defaults set', ['prefs', 'defaults', 'set', '--customer-replies', 'on']],
    ['users add', ['users', 'add', 'zoe', '--name', 'Zoe', '--role', 'support']],
    ['users update', ['users', 'update', 'bob', '--email', '', '--role', 'lead']],
    ['users deactivate', ['users', 'deactivate', 'bob', 'carol', '--yes']],
    ['users remove --force', ['users', 'remove', 'dana', 'bob', '--force', '--yes']],
    ['projects remove --force', ['projects', 'remove', 'billing', '--force', '--yes']],
    ['items remove --force', ['items', 'remove', 'T-100', '--force', '--yes']],
    ['conversations remove', ['conversations', 'remove', 'c-1', '--yes']],
    ['projects members add', ['projects', 'members', 'add', 'billing', 'ivan', 'erik']],
    ['items unfollow', ['items', 'unfollow', 'T-100', 'bob']],
    ['conversations follow', ['conversations', 'follow', 'c-new', 'alice']],
  ];
  for (const [name, args] of kinds) {
    it(`undoing ${name} gives back the export's exact bytes; undoing the undo redoes it`, async () => {
      const { run } = await team();
      const before = (await run('export')).stdout;
      const change = await run(...args);
      expect(change.code, change.stderr).toBe(0);
      const after = (await run('export')).stdout;
      expect(after).not.toBe(before);
      const n = await lastChange(run);
      const undo = await run('audit', 'undo', String(n), '--yes');
      expect(undo.code, undo.stderr).toBe(0);
      expect(undo.stderr).toMatch(new RegExp(`^Done: undid change ${n}: .*\\.\\n$`));
      expect((await run('export')).stdout).toBe(before);
      expect((await run('audit', 'undo', String(n + 1), '--yes')).code).toBe(0);
      expect((await run('export')).stdout).toBe(after);
    });
  }

  it('prints what it changes with the values it found, as its dry run does', async () => {
    const { run } = await team();
    expect((await run('prefs', 'set', 'alice', '--email', 'off')).code).toBe(0);
    const n = await lastChange(run);
    const dry = await run('audit', 'undo', String(n), '--dry-run');
    const undo = await run('audit', 'undo', String(n), '--yes');
    expect(dry.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\npreference\t\talice\temail\toff (explicit)\ton (default)\n');
    expect(undo.stdout).toBe(dry.stdout);
    expect(undo.stderr).toBe(`Done: undid change ${n}: 1 explicit preference cleared.\n`);
    expect(JSON.parse((await run('audit', 'undo', String(n + 1), '--yes', '--format', 'json')).stdout)).toEqual({ dryRun: false, changes: [{ entity: 'preference', target: null, user: 'alice', key: 'email', old: true, new: false }] });
  });

  it('import --replace can be undone', async () => {
    const { run } = await team();
    const before = (await run('export')).stdout;
    const empty = join(scratch(), 'empty.json');
    writeFileSync(empty, JSON.stringify({ version: 1, users: [{ id: 'solo' }], projects: [], items: [] }));
    expect((await run('import', empty, '--replace', '--yes')).code).toBe(0);
    expect((await run('audit', 'undo', String(await lastChange(run)), '--yes')).code).toBe(0);
    expect((await run('export')).stdout).toBe(before);
  });

  it('refuses when a later change altered what it wrote, naming it; --force reverts anyway; --dry-run writes nothing', async () => {
    const { run } = await team();
    await cli(['--db', (await team()).db, 'init']);
    expect((await run('--actor', 'ann', 'prefs', 'set', 'alice', '--email', 'off')).code).toBe(0);
    const first = await lastChange(run);
    expect((await run('--actor', 'ben', 'prefs', 'set', 'alice', '--email', 'on')).code).toBe(0);
    const refused = await run('audit', 'undo', String(first), '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^error: change ${first} cannot be undone as it stands: a value it wrote has changed since; nothing was changed\\. Pass --force to revert anyway\\.\\n  preference alice email: change ${first} left off, now on \\(change ${first + 1}, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ, by ben: prefs set alice --email on\\)\\n$`),
    );
    const changes = await lastChange(run);
    const dry = await run('audit', 'undo', String(first), '--force', '--dry-run', '--format', 'json');
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, changes: [{ entity: 'preference', target: null, user: 'alice', key: 'email', old: true, new: true }] });
    expect(await lastChange(run)).toBe(changes);
    expect((await run('audit', 'undo', String(first), '--force', '--yes')).code).toBe(0);
    expect((await run('audit', 'changes', '--limit', '1', '--format', 'json')).stdout).toContain(`"command": "audit undo ${first} --force"`);
    expect((JSON.parse((await run('prefs', 'show', 'alice', '--format', 'json')).stdout) as { preferences: { key: string; source: string }[] }).preferences.find((p) => p.key === 'email')!.source).toBe('default');
    expect((await run('audit', 'undo', '999', '--yes')).stderr).toBe('error: there is no change 999; see "notifyctl audit changes"\n');
  });
});

describe('audit', () => {
  it('lists rows newest first with their change; --limit keeps the newest; --change shows one; audit changes', async () => {
    const { run } = await team();
    await run('prefs', 'set', 'alice', '--email', 'off');
    const newest = JSON.parse((await run('audit', '--limit', '1', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect(newest).toHaveLength(1);
    expect(newest[0]).toMatchObject({ change: 2, command: 'prefs set alice --email off', entity: 'preference', user: 'alice', key: 'email', old: null, new: false });
    expect(Object.keys(newest[0]!)[0]).toBe('change');
    expect((JSON.parse((await run('audit', '--change', '1', '--format', 'json')).stdout) as unknown[]).length).toBe(116);
    const changes = JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect(changes.map((c) => [c.change, c.command, c.rows])).toEqual([[2, 'prefs set alice --email off', 1], [1, `import ${WORKSPACE}`, 116]]);
    expect(Object.keys(changes[0]!)).toEqual(['change', 'at', 'actor', 'command', 'rows']);
    expect((await run('audit', '--format', 'csv')).stdout.split('\n')[0]).toBe('change,at,actor,command,entity,target,user,key,old,new');
  });

  it('numbers the rows of an older database per (time, actor, command), and undo works on them', async () => {
    const db = join(scratch(), 'old.db');
    const sqlite = new Database(db);
    sqlite.exec(MIGRATIONS[0]!);
    sqlite.pragma('user_version = 1');
    const add = sqlite.prepare('INSERT INTO audit (at, actor, command, entity, target, user_id, key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    sqlite.prepare("INSERT INTO users (id, name, active) VALUES ('ann', 'Ann', 1)").run();
    add.run('2026-01-01T00:00:00.000Z', 'x', 'users add ann', 'user', null, 'ann', null, null, 'added');
    add.run('2026-01-01T00:00:00.000Z', 'x', 'users add ann', 'user', null, 'ann', 'active', null, 'true');
    sqlite.prepare("UPDATE users SET name = 'Ann' WHERE id = 'ann'").run();
    add.run('2026-01-02T00:00:00.000Z', 'x', 'users update ann --name Ann', 'user', null, 'ann', 'name', null, 'Ann');
    sqlite.close();
    const changes = JSON.parse((await cli(['--db', db, 'audit', 'changes', '--format', 'json'])).stdout) as { change: number; rows: number }[];
    expect(changes.map((c) => [c.change, c.rows])).toEqual([[2, 1], [1, 2]]);
    expect((await cli(['--db', db, 'audit', 'undo', '2', '--yes'])).code).toBe(0);
    expect(JSON.parse((await cli(['--db', db, 'users', 'show', 'ann', '--format', 'json'])).stdout).name).toBe(null);
  });
});

describe('--as-of', () => {
  it('export --as-of prints the bytes export printed then; simulate uses that workspace', async () => {
    const { run } = await team();
    const then = (await run('export')).stdout;
    await new Promise((r) => setTimeout(r, 5));
    const at = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await run('users', 'remove', 'alice', '--force', '--yes');
    await run('prefs', 'defaults', 'set', '--email', 'off');
    expect((await run('export')).stdout).not.toBe(then);
    expect((await run('export', '--as-of', at)).stdout).toBe(then);
    const asOf = JSON.parse((await run('simulate', '--log', join(EX, 'day.ndjson'), '--stats', '--format', 'json', '--as-of', at)).stdout) as { alerts: number; emails: number };
    expect(asOf).toMatchObject({ alerts: 28, emails: 23 });
    expect((await run('export', '--as-of', 'yesterday-ish')).code).toBe(2);
  });
});
