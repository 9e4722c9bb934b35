/** Writes that are safe to script and to repeat (SPEC 10.4), in-process. */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/schema.js';
import { auditCount } from '../helpers.js';
import { cli, scratch } from './run.js';

const WORKSPACE = join(process.cwd(), 'examples', 'workspace.yaml');

async function team(): Promise<{ dir: string; db: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const dir = scratch();
  const db = join(dir, 'team.db');
  const run = (...args: string[]) => cli(['--db', db, ...args]);
  expect((await run('import', WORKSPACE)).code).toBe(0);
  return { dir, db, run };
}

const newestCommand = async (run: (...args: string[]) => ReturnType<typeof cli>) => (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { command: string }[])[0]!.command;

describe('input that is not UTF-8', () => {
  it('is refused naming the file and line, and nothing changes; a byte-order mark is accepted', async () => {
    const { dir, db, run } = await team();
    const before = auditCount(db);
    const latin1 = join(dir, 'hr.csv');
    // "José" in Windows-1252 on line 3.
    writeFileSync(latin1, Buffer.concat([Buffer.from('id,name\r\nzoe,Zoe\r\njose,Jos'), Buffer.from([0xe9]), Buffer.from('\r\n')]));
    const csv = await run('users', 'import', latin1);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toBe(`error: ${latin1}:3: the line is not valid UTF-8; save the file as UTF-8 (from a spreadsheet: "CSV UTF-8") and try again; nothing was changed\n`);
    const doc = join(dir, 'ws.yaml');
    writeFileSync(doc, Buffer.concat([Buffer.from('version: 1\nusers:\n  - id: jose\n    name: Jos'), Buffer.from([0xe9, 0x0a])]));
    expect((await run('import', doc)).stderr).toBe(`error: ${doc}:4: the line is not valid UTF-8; save the file as UTF-8 (from a spreadsheet: "CSV UTF-8") and try again; nothing was changed\n`);
    expect((await run('prefs', 'import', latin1)).code).toBe(1);
    expect(auditCount(db)).toBe(before);

    const bom = join(dir, 'bom.csv');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r\njose,José\r\n')]));
    expect((await run('users', 'import', bom)).code).toBe(0);
    expect(JSON.parse((await run('users', 'show', 'jose', '--format', 'json')).stdout).name).toBe('José');
  });

  it('is refused in a scenario file and in the workspace it names', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'ws.yaml'), Buffer.concat([Buffer.from('version: 1\nusers:\n  - id: b\n    name: '), Buffer.from([0xe9, 0x0a])]));
    writeFileSync(join(dir, 'day.ndjson'), '');
    writeFileSync(join(dir, 's.yaml'), 'name: s\nworkspace: ws.yaml\nlog: day.ndjson\nexpect: []\n');
    const r = await cli(['test', join(dir, 's.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(`${join(dir, 'ws.yaml')}:4: the line is not valid UTF-8`);
  });
});

describe('dates', () => {
  it.each([
    ['there is no month 13', 'audit', '--since', '2026-13-01'],
    ['there is no month 00', 'audit', '--since', '2026-00-10'],
    ['there is no day 32 in January 2026', 'audit', '--since', '2026-01-32'],
    ['there is no day 30 in February 2026', 'audit', '--since', '2026-02-30'],
    ['there is no month 13', 'export', '--as-of', '2026-13-01'],
    ['there is no month 00', 'export', '--as-of', '2026-00-10 10:00'],
    ['there is no month 13', 'timeline', 'x', '--log', 'x', '--since', '2026-13-01'],
  ])('are checked whole, saying what is wrong (%s): %s … is a usage error', async (why, ...args) => {
    const { run } = await team();
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: --(since|as-of) ${args.at(-1)}: ${why}; accepted: `));
  });

  it('a leap day is a day', async () => {
    const { run } = await team();
    expect((await run('audit', '--since', '2024-02-29')).code).toBe(0);
  });
});

describe('the audit trail', () => {
  it('records the command shell-quoted, without the global options', async () => {
    const { db, run } = await team();
    expect((await cli(['--no-color', '--db', db, '--actor', 'ann', '--tz', 'Europe/Paris', '--no-pager', 'users', 'add', 'new hire', '--name', "Zoe O'Brien"])).code).toBe(0);
    expect(await newestCommand(run)).toBe(`users add 'new hire' --name 'Zoe O'\\''Brien'`);
    expect((await cli([`--db=${db}`, '--actor=ann', 'users', 'remove', 'new hire', '--yes'])).code).toBe(0);
    expect(await newestCommand(run)).toBe(`users remove 'new hire' --yes`);
  });

  it('records audit undo --force with --force', async () => {
    const { run } = await team();
    expect((await run('prefs', 'set', 'alice', '--email', 'off')).code).toBe(0);
    const first = (JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { change: number }[])[0]!.change;
    expect((await run('prefs', 'set', 'alice', '--email', 'on')).code).toBe(0);
    expect((await run('audit', 'undo', String(first), '--force', '--yes')).code).toBe(0);
    expect(await newestCommand(run)).toBe(`audit undo ${first} --force`);
  });
});

describe('db restore', () => {
  async function withBackup() {
    const t = await team();
    const backup = join(t.dir, 'monday.db');
    expect((await t.run('db', 'backup', backup)).code).toBe(0);
    expect((await t.run('users', 'add', 'zoe')).code).toBe(0);
    return { ...t, backup };
  }

  it('needs --yes without a terminal; --dry-run shows the changes and writes nothing', async () => {
    const { db, run, backup } = await withBackup();
    const rows = auditCount(db);
    expect(await run('db', 'restore', backup)).toEqual({ code: 2, stdout: '', stderr: 'error: db restore makes a destructive change (1 user removed) and needs --yes when not run in a terminal; nothing was changed\n' });
    const dry = await run('db', 'restore', backup, '--dry-run');
    expect(dry).toEqual({
      code: 0,
      stdout: 'ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nuser\t\tzoe\t\tpresent\tremoved\nuser\t\tzoe\tactive\ttrue\t—\n',
      stderr: `Dry run: restoring ${backup} would make 1 user removed. Nothing was written.\n`,
    });
    expect(JSON.parse((await run('db', 'restore', backup, '--dry-run', '--format', 'json')).stdout)).toEqual({
      dryRun: true, change: null, changes: [{ entity: 'user', target: null, user: 'zoe', key: null, old: 'present', new: 'removed' }, { entity: 'user', target: null, user: 'zoe', key: 'active', old: true, new: null }],
    });
    expect(auditCount(db)).toBe(rows);
    // Restored: the change is recorded at the end of the restored trail, through the one write flow.
    const done = await run('db', 'restore', backup, '--yes', '--format', 'json');
    expect(done.stderr).toBe(`Done: restored ${backup} into ${db}: 1 user removed; recorded as change 2 (2 audit rows).\n`);
    expect(JSON.parse(done.stdout)).toMatchObject({ dryRun: false, change: 2 });
    expect((await run('audit', 'changes', '--format', 'json')).stdout).toContain(`"command": "db restore ${backup}"`);
    expect((await run('db', 'restore', db, '--yes')).stderr).toBe(`error: ${db} is the database itself; give a backup made by "notifyctl db backup"\n`);
  });

  it('a backup whose workspace the database already holds is nothing to restore: nothing written, no change recorded, no --yes needed', async () => {
    const { db, run, backup } = await withBackup();
    expect((await run('users', 'remove', 'zoe', '--yes')).code).toBe(0);
    const rows = auditCount(db);
    const nothing = `Nothing to restore: the workspace in ${db} is already ${backup}'s; nothing was written, and its audit trail stays as it is.\n`;
    expect(await run('db', 'restore', backup)).toEqual({ code: 0, stdout: '', stderr: nothing });
    expect(await run('db', 'restore', backup, '--dry-run')).toEqual({ code: 0, stdout: '', stderr: nothing });
    expect(await run('db', 'restore', backup, '--yes', '--format', 'json')).toEqual({ code: 0, stdout: '{\n  "dryRun": false,\n  "changes": [],\n  "change": null\n}\n', stderr: nothing });
    // The trail keeps zoe's coming and going: the restore replaced nothing.
    expect(auditCount(db)).toBe(rows);
    expect((JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { command: string }[]).map((c) => c.command)).toEqual(['users remove zoe --yes', 'users add zoe', `import ${WORKSPACE}`]);
  });

  it('checks the backup first: not SQLite, damaged, from a newer notifyctl, another program\'s; nothing changes', async () => {
    const { dir, db, run, backup } = await withBackup();
    const rows = auditCount(db);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n');
    expect((await run('db', 'restore', text, '--yes')).stderr).toBe(`error: ${text} is not a notifyctl backup (not an SQLite database); nothing was changed\n`);
    const bytes = readFileSync(backup);
    const damaged = join(dir, 'damaged.db');
    // Garbage over the second page (the tables' B-trees).
    writeFileSync(damaged, Buffer.concat([bytes.subarray(0, 4096), Buffer.alloc(4096, 0x41), bytes.subarray(8192)]));
    const d = await run('db', 'restore', damaged, '--yes');
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(new RegExp(`^error: ${damaged} (is damaged|failed its integrity check)`));
    const newer = join(dir, 'newer.db');
    copyFileSync(backup, newer);
    const copy = new Database(newer);
    copy.pragma('user_version = 99');
    copy.close();
    expect((await run('db', 'restore', newer, '--yes')).stderr).toMatch(new RegExp(`^error: ${newer} was written by a newer notifyctl \\(schema version 99; .*\\); nothing was changed\\n$`));
    const foreign = join(dir, 'other.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE invoices (id INTEGER)');
    other.close();
    expect((await run('db', 'restore', foreign, '--yes')).stderr).toMatch(new RegExp(`^error: ${foreign} is an SQLite database of another program \\(it has tables invoices\\); nothing was changed\\n$`));
    // A live database copied by hand, its log beside it.
    const copied = join(dir, 'copied.db');
    copyFileSync(backup, copied);
    writeFileSync(`${copied}-wal`, 'x');
    expect((await run('db', 'restore', copied, '--yes')).stderr).toBe(
      `error: ${copied} has a write-ahead log beside it (${copied}-wal) that may hold part of its data; nothing was changed. Make backups with "notifyctl db backup", or fold the log in first (sqlite3 ${copied} "PRAGMA wal_checkpoint(TRUNCATE)")\n`,
    );
    expect(auditCount(db)).toBe(rows);
  });

  it('restores a backup of an older schema, brought up to date in memory', async () => {
    const { dir, run } = await team();
    const old = join(dir, 'old.db');
    const sqlite = new Database(old);
    sqlite.exec(MIGRATIONS[0]!);
    sqlite.pragma('user_version = 1');
    sqlite.prepare("INSERT INTO users (id, name) VALUES ('ann', 'Ann')").run();
    sqlite.prepare("INSERT INTO audit (at, actor, command, entity, target, user_id, key, old_value, new_value) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'users add ann', 'user', NULL, 'ann', NULL, NULL, 'present')").run();
    sqlite.close();
    const r = await run('db', 'restore', old, '--yes', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).change).toBe(2);
    expect((JSON.parse((await run('users', 'list', '--format', 'json')).stdout) as { id: string }[]).map((u) => u.id)).toEqual(['ann']);
    expect((JSON.parse((await run('audit', 'changes', '--format', 'json')).stdout) as { command: string }[]).map((c) => c.command)).toEqual([`db restore ${old}`, 'users add ann']);
  });
});

describe('users import from an HR export', () => {
  it('detects the delimiter from the header: comma, semicolon, tab', async () => {
    for (const [delimiter, name] of [[',', 'comma'], [';', 'semicolon'], ['\t', 'tab']] as const) {
      const { dir, run } = await team();
      const hr = join(dir, `${name}.csv`);
      writeFileSync(hr, ['id', 'name', 'role'].join(delimiter) + '\r\n' + ['zoe', '"Kim; Zoe, Dr"', 'support'].join(delimiter) + '\r\n');
      const r = await run('users', 'import', hr, '--format', 'json');
      expect(r.code).toBe(0);
      expect(JSON.parse((await run('users', 'show', 'zoe', '--format', 'json')).stdout)).toMatchObject({ name: 'Kim; Zoe, Dr', role: 'support' });
    }
  });

  it('--map renames columns; a bad --map is a usage error; a column it names must be in the header', async () => {
    const { dir, run } = await team();
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'Employee ID;Full name;Mail;Team\nzoe;Zoe Kim;zoe@example.com;support\n');
    expect((await run('users', 'import', hr, '--map', 'Employee ID=id, Full name=name,Mail=email,Team=role')).code).toBe(0);
    expect(JSON.parse((await run('users', 'show', 'zoe', '--format', 'json')).stdout)).toMatchObject({ name: 'Zoe Kim', email: 'zoe@example.com', role: 'support' });
    expect(await run('users', 'import', hr, '--map', 'Employee ID')).toEqual({ code: 2, stdout: '', stderr: 'error: --map Employee ID: "Employee ID" is not FROM=TO; accepted: "FROM=TO,…", e.g. --map "Employee ID=id,Mail=email"\n' });
    expect((await run('users', 'import', hr, '--map', 'Team=rol')).stderr).toMatch(/^error: --map Team=rol: unknown target column "rol"; did you mean "role"\?; accepted: id, /);
    const r = await run('users', 'import', hr, '--map', 'Staff=id,Team=role');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${hr} has 5 problems in its header; nothing was changed:\n` +
        `  ${hr}:1: the header has no "id" column; it needs "id" and any of name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n` +
        `  ${hr}:1: --map names the column "Staff", which the header does not have (it has "Employee ID", "Full name", "Mail", "Team")\n` +
        `  ${hr}:1: unknown column "Employee ID"; did you mean "id"?; accepted: id, name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n` +
        `  ${hr}:1: unknown column "Full name"; did you mean "name"?; accepted: id, name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n` +
        `  ${hr}:1: unknown column "Mail"; did you mean "email" or "preferences.email"?; accepted: id, name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n`,
    );
  });

  it('lists the header\'s problems and the rows\' in the same run', async () => {
    const { dir, db, run } = await team();
    const before = auditCount(db);
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'id,name,colour,email\nann,Ann,red,not an email\nbo,Bo,blue,\nbo,Bo,blue,\n');
    expect((await run('users', 'import', hr)).stderr).toBe(
      `error: ${hr} has 3 problems; nothing was changed:\n` +
        `  ${hr}:1: unknown column "colour"; accepted: id, name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n` +
        `  ${hr}:2: email: "not an email" is not an email address (local@domain)\n` +
        `  ${hr}:4: "bo" is listed twice (also ${hr}:3)\n`,
    );
    expect(auditCount(db)).toBe(before);
  });

  it('--sync also deactivates the active users the file does not list, and shows them', async () => {
    const { dir, run } = await team();
    const hr = join(dir, 'hr.csv');
    const everyone = (JSON.parse((await run('users', 'list', '--format', 'json')).stdout) as { id: string; active: boolean }[]);
    const staying = everyone.filter((u) => u.id !== 'bob' && u.id !== 'carol');
    writeFileSync(hr, 'id\n' + staying.map((u) => u.id).join('\n') + '\nzoe\n');
    const dry = await run('users', 'import', hr, '--sync', '--dry-run', '--format', 'json');
    expect(JSON.parse(dry.stdout).changes.filter((c: { key: string | null }) => c.key === 'active')).toEqual([
      { entity: 'user', target: null, user: 'bob', key: 'active', old: true, new: false },
      { entity: 'user', target: null, user: 'carol', key: 'active', old: true, new: false },
      { entity: 'user', target: null, user: 'zoe', key: 'active', old: null, new: true },
    ]);
    expect((await run('users', 'import', hr, '--sync', '--yes')).code).toBe(0);
    const after = JSON.parse((await run('users', 'list', '--format', 'json')).stdout) as { id: string; active: boolean }[];
    expect(after.filter((u) => !u.active).map((u) => u.id)).toEqual(['bob', 'carol', ...everyone.filter((u) => !u.active).map((u) => u.id)].sort());
    // Again: nothing left to change.
    expect(JSON.parse((await run('users', 'import', hr, '--sync', '--yes', '--format', 'json')).stdout).changes).toEqual([]);
  });
});

describe('roles', () => {
  it('are one role whatever their case and spaces, written as the workspace spells them', async () => {
    const { dir, run } = await team();
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'id,role\r\nzoe,Support\r\nyan,"SUPPORT "\r\nxi,Sales \r\nwu,sales\r\n');
    expect((await run('users', 'import', hr)).code).toBe(0);
    expect((await run('users', 'add', 'vic', '--role', ' SALES')).code).toBe(0);
    expect((await run('users', 'update', 'bob', '--role', 'Developer')).code).toBe(0);
    const roles = Object.fromEntries((JSON.parse((await run('users', 'list', '--format', 'json')).stdout) as { id: string; role: string }[]).map((u) => [u.id, u.role]));
    expect([roles.zoe, roles.yan, roles.xi, roles.wu, roles.vic, roles.bob]).toEqual(['support', 'support', 'Sales', 'Sales', 'Sales', 'developer']);
    // Selectors too.
    expect((JSON.parse((await run('users', 'list', '--role', 'SALES', '--format', 'json')).stdout) as { id: string }[]).map((u) => u.id)).toEqual(['vic', 'wu', 'xi']);
    expect(JSON.parse((await run('prefs', 'list', '--role', ' sales', '--format', 'json')).stdout)).toHaveLength(3);
  });

  it('a user whose role is spelled otherwise still gets the role\'s defaults', async () => {
    const { db, run } = await team();
    expect((await run('prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all')).code).toBe(0);
    // As an older notifyctl could have written it.
    const sqlite = new Database(db);
    sqlite.prepare("UPDATE users SET role = 'Support' WHERE id = 'bob'").run();
    sqlite.close();
    const bob = JSON.parse((await run('prefs', 'show', 'bob', '--format', 'json')).stdout) as { preferences: { key: string; value: unknown; source: string }[] };
    expect(bob.preferences.find((p) => p.key === 'customerMessages')).toMatchObject({ value: 'all', source: 'role' });
  });

  it('prefs defaults set --role: the workspace\'s spelling; a role nobody has is accepted with a note', async () => {
    const { run } = await team();
    expect((await run('prefs', 'defaults', 'set', '--role', 'SUPPORT ', '--customer-messages', 'all', '--yes')).stderr).not.toContain('note:');
    const r = await run('prefs', 'defaults', 'set', '--role', 'Interns', '--email', 'off');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: no user has the role "Interns" yet; its defaults apply to the users given it (see "notifyctl users roles")\n');
    const defaults = JSON.parse((await run('prefs', 'defaults', '--format', 'json')).stdout) as { roleDefaults: { role: string }[] };
    expect([...new Set(defaults.roleDefaults.map((d) => d.role))].sort()).toEqual(['Interns', 'support']);
  });

  it('a --role or --project naming nothing is a usage error with did-you-mean', async () => {
    const { run } = await team();
    expect((await run('prefs', 'set', '--role', 'suport', '--email', 'off')).code).toBe(2);
    expect(await run('prefs', 'set', '--project', 'biling', '--email', 'off')).toEqual({ code: 2, stdout: '', stderr: 'error: --project biling: no such project; see "notifyctl projects list"; did you mean "billing"?\n' });
  });
});

describe('a selector that matches nobody', () => {
  it.each([
    ['prefs', 'set', '--where', 'email=on', '--role', 'developer', '--email', 'off', '--yes'],
    ['prefs', 'reset', '--where', 'email=on', '--role', 'developer', '--yes'],
    ['users', 'update', '--has-role', 'developer', '--where', 'email=on', '--name', 'X', '--yes'],
    ['users', 'deactivate', '--role', 'developer', '--where', 'email=on', '--yes'],
    ['projects', 'members', 'add', 'ops', '--role', 'developer', '--where', 'email=on', '--yes'],
  ])('changes nothing and exits 0 with a note, so it can run twice: %s %s', async (...args) => {
    const { db, run } = await team();
    // erik, the one developer, has email on: the first run may change him; the second finds nobody.
    expect((await run('prefs', 'set', 'erik', '--email', 'off')).code).toBe(0);
    const rows = auditCount(db);
    const r = await run(...args);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: no user matches the selectors; nothing was changed\n');
    expect(auditCount(db)).toBe(rows);
  });
});
