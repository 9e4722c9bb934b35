/**
 * Issue 15: an admin onboarding a team from an HR export and running it for a week.
 * Users from CSV, field validation, role defaults, selectors on every bulk command,
 * --impact and --yes on every write, every problem at once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCount } from '../helpers.js';
import { EXAMPLES, EXAMPLE_LOG as LOG, exampleDatabase } from '../fixtures/databases.js';
import { cli as run, scratch, type CliResult } from './run.js';

async function team(): Promise<{ dir: string; db: string; cli: (...args: string[]) => Promise<CliResult> }> {
  const { dir, db } = await exampleDatabase();
  return { dir, db, cli: (...args: string[]) => run(['--db', db, ...args], { env: { NOTIFYCTL_ACTOR: 'admin-jo' } }) };
}

const json = (r: CliResult) => JSON.parse(r.stdout);

describe('users import', () => {
  it('lists every problem of an HR export with its line, and changes nothing', async () => {
    const { dir, db, cli } = await team();
    const before = auditCount(db);
    const hr = join(dir, 'hr.csv');
    // CRLF line ends, a name with a comma, a duplicate row, a bad email, a control character, a short row, an unknown column.
    writeFileSync(hr, 'id,name,email,role\r\nann,"Lee, Ann",ann@example.com,support\r\nbo,Bo,,support\r\nbo,Bo,,support\r\ncy,Cy,not an email,support\r\ndi,Di,,"sup\u0001port"\r\nel,El\r\n');
    const r = await cli('users', 'import', hr);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${hr} has 4 problems; nothing was changed:\n` +
        `  ${hr}:4: "bo" is listed twice (also ${hr}:3)\n` +
        `  ${hr}:5: email: "not an email" is not an email address (local@domain)\n` +
        `  ${hr}:6: role: "sup\\u0001port" must not contain control characters (found U+0001)\n` +
        `  ${hr}:7: 2 cells, but the header has 4\n`,
    );
    expect(auditCount(db)).toBe(before);
    writeFileSync(hr, 'id,colour\nx,red\n');
    expect((await cli('users', 'import', hr)).stderr).toBe(
      `error: ${hr} has a bad header; nothing was changed:\n  ${hr}:1: unknown column "colour"; accepted: id, name, email, role, active, access, showFromCustomers, customerMessages, internalMessages, customerReplies, preferences.email\n`,
    );
  });

  it('merges: adds new users, overwrites the fields given, trims values, leaves empty cells alone', async () => {
    const { dir, cli } = await team();
    const hr = join(dir, 'hr.csv');
    // "support\r" would be a role no selector matches: CRLF ends are line ends, cells are trimmed.
    writeFileSync(hr, 'id,name,email,role,customer-messages\r\nann,"Lee, Ann", ann@example.com ,support,all\r\nbob,Bob,,support ,\r\n');
    const dry = await cli('users', 'import', hr, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      'ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\n' +
        'user\t\tann\t\t—\tadded\n' +
        'user\t\tann\tname\t—\tLee, Ann\n' +
        'user\t\tann\temail\t—\tann@example.com\n' +
        'user\t\tann\trole\t—\tsupport\n' +
        'user\t\tann\tactive\t—\ttrue\n' +
        'preference\t\tann\tcustomerMessages\t—\tall\n' +
        'user\t\tbob\tname\tBob Okafor\tBob\n',
    );
    expect(dry.stderr).toBe('Dry run: 1 user added, 1 explicit preference set, 1 user changed. Nothing was written.\n');
    expect((await cli('users', 'show', 'ann')).code).toBe(2);
    const done = json(await cli('users', 'import', hr, '--format', 'json'));
    expect(done.dryRun).toBe(false);
    expect(done.changes).toHaveLength(7);
    expect(json(await cli('users', 'show', 'bob', '--format', 'json'))).toMatchObject({ id: 'bob', name: 'Bob', email: 'bob@example.com', role: 'support' });
    expect(json(await cli('prefs', 'list', '--role', 'support', '--format', 'json')).map((u: { user: string }) => u.user)).toContain('ann');
    // The same file again changes nothing, and says so in JSON too.
    expect(json(await cli('users', 'import', hr, '--format', 'json'))).toEqual({ dryRun: false, changes: [] });
  });

  it('reads JSON and standard input; users list --format csv round-trips', async () => {
    const { cli } = await team();
    const input = JSON.stringify([{ id: 'zed', email: 'zed@example.com', role: 'support', active: false, email_: 1 }]);
    const bad = await run(['--db', (await team()).db, 'users', 'import', '-'], { input });
    expect(bad.stderr).toMatch(/^error: <stdin> has 1 problem; nothing was changed:\n {2}<stdin>\[0\]: unknown column "email_"; did you mean "email"\?/);
    // "email" is the address, as in documents; the preference is "preferences.email".
    const good = JSON.stringify([{ id: 'zed', email: 'zed@example.com', role: 'support', active: false, customerMessages: 'none', 'preferences.email': false }]);
    const { db } = await team();
    expect((await run(['--db', db, 'users', 'import', '-'], { input: good })).stderr).toBe('Done: 1 user added, 2 explicit preferences set.\n');
    expect(JSON.parse((await run(['--db', db, 'prefs', 'list', 'zed', '--format', 'json'])).stdout)[0]).toMatchObject({ customerMessages: 'none', email: false });
    const exported = (await run(['--db', db, 'users', 'list', '--format', 'csv'])).stdout;
    expect((await run(['--db', db, 'users', 'import', '-'], { input: exported })).stderr).toBe('Nothing to change.\n');
    expect((await cli('users', 'import', '-', '--impact', '-')).code).toBe(2);
  });

  it('--impact shows whose alerts and emails change', async () => {
    const { dir, cli } = await team();
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'id,customerMessages\nerik,all\n');
    const r = json(await cli('users', 'import', hr, '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(r.dryRun).toBe(true);
    expect(r.impact.map((i: { user: string }) => i.user)).toEqual(['erik']);
    expect(r.impact[0].alertsAfter).toBeGreaterThan(r.impact[0].alertsBefore);
  });
});

describe('fields are validated everywhere', () => {
  it('users add and update refuse control characters and bad emails, and trim', async () => {
    const { cli } = await team();
    expect(await cli('users', 'add', 'pat', '--email', ' Patrick"')).toEqual({ code: 2, stdout: '', stderr: 'error: --email "Patrick\\"" is not an email address (local@domain)\n' });
    expect((await cli('users', 'add', 'pat', '--role', 'support\r')).stderr).toBe('Done: 1 user added.\n');
    expect(json(await cli('users', 'show', 'pat', '--format', 'json')).role).toBe('support');
    expect((await cli('users', 'add', 'a\tb')).stderr).toBe('error: the user id "a\\tb" must not contain control characters; ids are 1 to 200 characters\n');
  });

  it('import refuses a bad email and a control character in a document, with every other problem', async () => {
    const { dir, cli } = await team();
    const doc = join(dir, 'ws.json');
    writeFileSync(doc, JSON.stringify({ users: [{ id: 'x', email: 'not an email', role: 'a\u0007' }], items: [{ id: 'T-9', project: 'nowhere' }] }));
    const r = await cli('import', doc);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${doc} is not a valid workspace document (3 problems); nothing was changed:\n` +
        '  users[0].email: "not an email" is not an email address (local@domain)\n' +
        '  users[0].role: "a\\u0007" must not contain control characters\n' +
        '  items[0].project: "nowhere" is not a project of the workspace\n',
    );
  });

  it('a --role that nobody has names the roles there are', async () => {
    const { cli } = await team();
    const r = await cli('prefs', 'list', '--role', 'suport');
    // A typo, not an empty selection: a usage error (SPEC 10.4).
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --role suport: no user has this role; the roles are developer (1), manager (1), onboarding (1), operations (1), support (7), support-lead (1); did you mean "support"?\n');
  });
});

describe('role defaults (SPEC 9.8)', () => {
  it('sit between explicit values and workspace defaults, shown with their source everywhere', async () => {
    const { cli } = await team();
    const set = await cli('prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all');
    expect(set.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\n' + 'role_default\tsupport\t\tcustomerMessages\tmine (default)\tall (role support)\n');
    expect(set.stderr).toBe('Done: 1 change to the defaults of role support, reaching 6 users who follow them.\n');
    // dana (support) has an explicit value, so she is not reached; bob is.
    const bob = json(await cli('prefs', 'show', 'bob', '--format', 'json'));
    expect(bob.preferences.find((p: { key: string }) => p.key === 'customerMessages')).toMatchObject({ value: 'all', source: 'role' });
    expect((await cli('prefs', 'show', 'bob')).stdout).toContain('customerMessages\tall\trole\t');
    expect(json(await cli('prefs', 'list', 'bob', 'dana', '--format', 'json')).map((u: { user: string; fromRole: string[]; explicit: string[] }) => [u.user, u.fromRole, u.explicit])).toEqual([
      ['bob', ['customerMessages'], []],
      ['dana', [], ['showFromCustomers', 'customerMessages']],
    ]);
    expect((await cli('prefs', 'list', 'bob')).stdout).toBe(
      'USER\taccess\tshowFromCustomers\tcustomerMessages\tinternalMessages\tcustomerReplies\temail\tEXPLICIT\tFROM-ROLE\nbob\town-projects\ton\tall\ton\toff\ton\t\tcustomerMessages\n',
    );
    expect(json(await cli('prefs', 'defaults', '--format', 'json')).roleDefaults).toEqual([{ role: 'support', key: 'customerMessages', value: 'all', following: 6, users: 7 }]);
    // A new hire with the role gets it at once; a user whose role changes follows the new role.
    await cli('users', 'add', 'nia', '--role', 'support');
    expect(json(await cli('prefs', 'list', 'nia', '--format', 'json'))[0]).toMatchObject({ customerMessages: 'all', fromRole: ['customerMessages'] });
    await cli('users', 'update', 'nia', '--role', 'developer');
    expect(json(await cli('prefs', 'list', 'nia', '--format', 'json'))[0]).toMatchObject({ customerMessages: 'mine', fromRole: [] });
    // why says where the value came from.
    // Set today, after the log: --as-of now (SPEC 10.1).
    expect(json(await cli('why', 'bob', 'm-001', '--log', LOG, '--format', 'json', '--as-of', 'now')).checks.find((c: { check: string }) => c.check === 'customer_messages').detail).toContain('all (role)');
  });

  it('are in documents as roleDefaults, audited, undoable and reset', async () => {
    const { dir, cli } = await team();
    await cli('prefs', 'defaults', 'set', '--role', 'support', '--email', 'off', '--customer-messages', 'all');
    const exported = json(await cli('export'));
    expect(exported.roleDefaults).toEqual({ support: { customerMessages: 'all', email: false } });
    // Into an empty database and out again: the same bytes.
    const copy = join(dir, 'copy.db');
    const file = join(dir, 'ws.json');
    writeFileSync(file, (await cli('export')).stdout);
    await run(['--db', copy, 'import', file]);
    expect((await run(['--db', copy, 'export'])).stdout).toBe((await cli('export')).stdout);
    const audit = json(await cli('audit', '--entity', 'role_default', '--format', 'json'));
    // Sorted by key: the rows of one change have no order of their own.
    expect(audit.map((a: { target: string; key: string; new: string }) => [a.target, a.key, a.new]).sort((x: string[], y: string[]) => (x[1]! < y[1]! ? -1 : 1))).toEqual([
      ['support', 'customerMessages', 'all'],
      ['support', 'email', false],
    ]);
    const reset = json(await cli('prefs', 'defaults', 'reset', '--role', 'support', '--key', 'email', '--format', 'json'));
    expect(reset).toEqual({ dryRun: false, changes: [{ entity: 'role_default', target: 'support', user: null, key: 'email', old: false, new: true }] });
    const change = json(await cli('audit', '--format', 'json'))[0].change;
    expect((await cli('audit', 'undo', String(change), '--yes')).code).toBe(0);
    expect(json(await cli('export')).roleDefaults).toEqual({ support: { customerMessages: 'all', email: false } });
  });

  it('take --impact and --dry-run', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = json(await cli('prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all', '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(r.dryRun).toBe(true);
    expect(r.impact.map((i: { user: string }) => i.user)).toEqual(['bob', 'carol', 'farah', 'gus', 'hana', 'kofi']);
    expect(auditCount(db)).toBe(before);
    // Nothing to change is still an object on stdout.
    await cli('prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all');
    expect(json(await cli('prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all', '--format', 'json'))).toEqual({ dryRun: false, changes: [] });
  });
});

describe('selectors and safe defaults on every bulk command', () => {
  it('users update, activate and deactivate take selectors', async () => {
    const { cli } = await team();
    expect((await cli('users', 'update', 'bob', 'carol', '--role', 'lead')).stderr).toBe('Done: 2 users changed.\n');
    const dry = await cli('users', 'update', '--has-role', 'lead', '--role', 'support', '--dry-run');
    expect(dry.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\n' + 'user\t\tbob\trole\tlead\tsupport\n' + 'user\t\tcarol\trole\tlead\tsupport\n');
    expect(dry.stderr).toBe('Dry run: 2 users changed. Nothing was written.\n');
    expect((await cli('users', 'deactivate', '--role', 'lead')).code).toBe(2);
    expect((await cli('users', 'deactivate', '--role', 'lead', '--yes')).stderr).toBe('Done: 2 users changed.\n');
    expect(json(await cli('users', 'list', '--role', 'lead', '--format', 'json')).map((u: { active: boolean }) => u.active)).toEqual([false, false]);
    expect((await cli('users', 'activate')).stderr).toBe('error: users activate needs users: give user ids, --role, --project, --where KEY=VALUE or --all-users\n');
    expect((await cli('users', 'update', 'bob')).code).toBe(2);
  });

  it('users update names its own role selector, --has-role, in its errors (its --role is the new value)', async () => {
    const { cli } = await team();
    const none = await cli('users', 'update', '--role', 'support');
    expect([none.code, none.stderr]).toEqual([2, 'error: users update needs users: give user ids, --has-role, --project, --where KEY=VALUE or --all-users\n']);
    const typo = await cli('users', 'update', '--has-role', 'supprot', '--role', 'lead');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: --has-role supprot: no user has this role; the roles are .*; did you mean "support"\?\n$/);
  });

  it('members and followers take selectors', async () => {
    const { cli } = await team();
    const r = await cli('projects', 'members', 'add', 'billing', '--all-users', '--dry-run', '--format', 'json');
    expect(json(r).changes.every((c: { entity: string; target: string }) => c.entity === 'member' && c.target === 'billing')).toBe(true);
    expect((await cli('items', 'follow', 'T-100', '--role', 'support', '--where', 'customerMessages=none')).stderr).toBe('Done: 1 item follower added.\n');
    expect((await cli('conversations', 'follow', 'c-9', '--project', 'ops')).code).toBe(0);
    expect((await cli('projects', 'members', 'remove', 'billing', '--role', 'nobody')).stderr).toMatch(/^error: --role nobody: no user has this role/);
  });

  it('--impact and --yes on every command that changes the workspace', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = json(await cli('users', 'deactivate', 'bob', '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(r.impact.find((i: { user: string }) => i.user === 'bob')).toMatchObject({ alertsAfter: 0, emailsAfter: 0 });
    const unfollow = json(await cli('items', 'unfollow', 'T-100', 'bob', '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(unfollow.dryRun).toBe(true);
    expect(Array.isArray(unfollow.impact)).toBe(true);
    const imported = json(await cli('import', join(EXAMPLES, 'workspace-next.yaml'), '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(imported.impact.length).toBeGreaterThan(0);
    expect(auditCount(db)).toBe(before);
    for (const args of [['users', 'remove', 'lena', '--force'], ['projects', 'members', 'remove', 'billing', 'bob'], ['import', join(EXAMPLES, 'workspace.yaml')]]) {
      expect((await cli(...args, '--yes')).code).toBe(0);
    }
  });

  it('import --exit-code exits 1 when the import changes (or would change) something', async () => {
    const { cli } = await team();
    expect((await cli('import', join(EXAMPLES, 'workspace.yaml'), '--dry-run', '--exit-code')).code).toBe(0);
    const r = await cli('import', join(EXAMPLES, 'workspace-next.yaml'), '--dry-run', '--exit-code');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Dry run: importing .*workspace-next\.yaml would make 2 explicit preferences set\. Nothing was written\.\n/);
  });

  it('prefs set says when a value goes from inherited to explicit without changing', async () => {
    const { cli } = await team();
    expect((await cli('prefs', 'set', 'bob', '--email', 'on', '--dry-run')).stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\n' + 'preference\t\tbob\temail\ton (default)\ton (explicit)\n');
  });
});

describe('every writing command', () => {
  it('accepts --yes, and audit undo takes --impact', async () => {
    const { dir, cli } = await team();
    expect((await cli('init', '--yes')).code).toBe(0);
    expect((await cli('db', 'backup', join(dir, 'b.db'), '--yes')).code).toBe(0);
    expect((await cli('prefs', 'edit', 'bob', '--yes')).stderr).toMatch(/^error: prefs edit is an interactive form and needs a terminal/);
    await cli('prefs', 'set', 'erik', '--customer-messages', 'all');
    const change = json(await cli('audit', '--format', 'json'))[0].change;
    const undo = json(await cli('audit', 'undo', String(change), '--impact', LOG, '--dry-run', '--format', 'json'));
    expect(undo.impact.map((i: { user: string }) => i.user)).toEqual(['erik']);
    expect(undo.impact[0].alertsAfter).toBeLessThan(undo.impact[0].alertsBefore);
  });
});

describe('users import reads HR exports as they come', () => {
  it('takes header names in any case and active as true/false, yes/no or 1/0', async () => {
    const { db } = await exampleDatabase();
    const dir = scratch();
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'ID,Name,Email,Role,Active\nnia,Nia Obi,nia@example.com,Support,YES\nomar,Omar Haddad,omar@example.com,support,0\n');
    const r = await run(['--db', db, 'users', 'import', hr, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const users = JSON.parse((await run(['--db', db, 'users', 'list', '--format', 'json'])).stdout) as { id: string; role: string; active: boolean }[];
    expect(users.filter((u) => u.id === 'nia' || u.id === 'omar').map((u) => [u.id, u.role, u.active])).toEqual([['nia', 'support', true], ['omar', 'support', false]]);
    writeFileSync(hr, 'id,active\nnia,maybe\n');
    expect((await run(['--db', db, 'users', 'import', hr])).stderr).toBe(`error: ${hr} has 1 problem; nothing was changed:\n  ${hr}:2: active: "maybe" is not one of true, false, yes, no, 1, 0\n`);
  });
});
