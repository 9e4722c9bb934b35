/** The admin commands, run in-process (moved from test/e2e with the same assertions). */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditCount } from '../helpers.js';
import { EXAMPLE_LOG as LOG, exampleDatabase } from '../fixtures/databases.js';
import { cli as run, type CliResult } from './run.js';

async function team(): Promise<{ dir: string; db: string; cli: (...args: string[]) => Promise<CliResult> }> {
  const { dir, db } = await exampleDatabase();
  return { dir, db, cli: (...args: string[]) => run(['--db', db, ...args], { env: { NOTIFYCTL_ACTOR: 'admin-bot' } }) };
}


describe('users, projects, items, conversations', () => {
  it('adds, lists, shows, updates, deactivates and removes users', async () => {
    const { cli } = await team();
    const added = await cli('users', 'add', 'zoe', '--name', 'Zoe Kim', '--role', 'support');
    expect(added.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nuser\t\tzoe\t\t—\tadded\nuser\t\tzoe\tname\t—\tZoe Kim\nuser\t\tzoe\trole\t—\tsupport\nuser\t\tzoe\tactive\t—\ttrue\n');
    expect(added.stderr).toBe('Done: 1 user added.\n');
    expect((await cli('users', 'add', 'zoe')).stderr).toBe('error: user "zoe" exists already; change it with "notifyctl users update zoe"\n');
    expect((await cli('users', 'update', 'zoe', '--email', 'zoe@example.com')).stderr).toBe('Done: 1 user changed.\n');
    expect((await cli('users', 'list', '--role', 'support', '--format', 'csv')).stdout.split('\n').slice(0, 2)).toEqual(['id,name,email,role,active', 'bob,Bob Okafor,bob@example.com,support,true']);
    expect(JSON.parse((await cli('users', 'show', 'zoe', '--format', 'json')).stdout)).toEqual({
      id: 'zoe', name: 'Zoe Kim', email: 'zoe@example.com', role: 'support', active: true, memberOf: [], followsItems: [], followsConversations: [],
    });
    expect((await cli('users', 'deactivate', 'zoe')).stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nuser\t\tzoe\tactive\ttrue\tfalse\n');
    expect((await cli('users', 'update', 'zoe', '--email', '')).stderr).toBe('Done: 1 user changed.\n');
    expect(JSON.parse((await cli('users', 'show', 'zoe', '--format', 'json')).stdout)).toMatchObject({ email: null, active: false });
    const refusedUnattended = await cli('users', 'remove', 'zoe');
    expect(refusedUnattended.code).toBe(2);
    expect(refusedUnattended.stderr).toBe('error: users remove makes a destructive change (1 user removed) and needs --yes when not run in a terminal; nothing was changed\n');
    expect((await cli('users', 'remove', 'zoe', '--yes')).stderr).toBe('Done: 1 user removed.\n');
  });

  it('refuses to remove what others refer to, names the references, and removes them with --force', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const refused = (await cli('users', 'remove', 'bob'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: nothing was removed; pass --force to remove these references too:\n  bob is a member of billing; a follower of items T-100, T-400\n');
    expect(auditCount(db)).toBe(before);
    expect((await cli('users', 'remove', 'bob', '--force', '--yes')).stderr).toBe('Done: 1 user removed, 1 project membership removed, 2 item followers removed.\n');
    expect(JSON.parse((await cli('items', 'list', '--format', 'json')).stdout)[0]).toEqual({ id: 'T-100', project: 'billing', kind: 'ticket', followers: ['gus', 'hana', 'kofi'] });

    expect((await cli('projects', 'remove', 'ops')).stderr).toBe('error: nothing was removed: items T-300 belong to project ops; pass --force to remove them too (their conversations become unattached)\n');
    expect((await cli('projects', 'remove', 'ops', '--force', '--yes')).code).toBe(0);
    expect(JSON.parse((await cli('conversations', 'list', '--format', 'json')).stdout).find((c: { id: string }) => c.id === 'c-3')).toEqual({ id: 'c-3', item: null, followers: [] });
  });

  it('manages projects, members, items, followers and conversations', async () => {
    const { cli } = await team();
    expect((await cli('projects', 'add', 'sales', '--name', 'Sales', '--member', 'alice', '--member', 'jade')).code).toBe(0);
    expect((await cli('projects', 'members', 'add', 'sales', 'bob', 'kofi')).stderr).toBe('Done: 2 project memberships added.\n');
    expect((await cli('projects', 'members', 'remove', 'sales', 'kofi')).stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\nmember\tsales\tkofi\t\tpresent\tremoved\n');
    expect((await cli('projects', 'list', '--format', 'csv')).stdout).toContain('sales,Sales,alice bob jade\n');
    expect((await cli('items', 'add', 'S-1', '--project', 'sales', '--kind', 'deal', '--follower', 'jade')).code).toBe(0);
    expect((await cli('items', 'add', 'S-2', '--project', 'nope')).stderr).toBe('error: "nope" is not a project of the workspace; nothing was changed\n');
    expect((await cli('items', 'follow', 'S-1', 'bob')).stderr).toBe('Done: 1 item follower added.\n');
    const again = await cli('items', 'follow', 'S-1', 'bob');
    expect([again.code, again.stdout, again.stderr]).toEqual([0, '', 'Nothing to change.\n']);
    expect((await cli('items', 'follow', 'S-1', 'ghost')).stderr).toBe('error: "ghost" is not a user of the workspace; nothing was changed\n');
    expect((await cli('conversations', 'add', 'deal-chat', '--item', 'S-1')).code).toBe(0);
    expect((await cli('conversations', 'follow', 'live-9', 'carol')).stderr).toBe('Done: 1 conversation added, 1 conversation follower added.\n');
    expect((await cli('conversations', 'unfollow', 'live-10', 'carol')).stderr).toBe('error: "live-10" is not a conversation of the workspace; nothing was changed\n');
    expect((await cli('items', 'remove', 'S-1')).code).toBe(1);
    const dry = JSON.parse((await cli('items', 'remove', 'S-1', '--force', '--dry-run', '--format', 'json')).stdout);
    expect(dry.dryRun).toBe(true);
    expect(dry.changes).toContainEqual({ entity: 'conversation', target: 'deal-chat', user: null, key: 'item', old: 'S-1', new: null });
    expect(JSON.parse((await cli('items', 'list', '--project', 'sales', '--format', 'json')).stdout)).toHaveLength(1);
  });
});

describe('prefs show and list', () => {
  it('shows effective values with their source, as JSON', async () => {
    const { cli } = await team();
    const shown = JSON.parse((await cli('prefs', 'show', 'alice', '--format', 'json')).stdout);
    expect(shown.preferences.map((p: { key: string; value: string; source: string }) => [p.key, p.value, p.source])).toEqual([
      ['access', 'all-projects', 'explicit'],
      ['showFromCustomers', true, 'default'],
      ['customerMessages', 'all', 'explicit'],
      ['internalMessages', true, 'default'],
      ['customerReplies', false, 'default'],
      ['email', true, 'default'],
    ]);
    expect((await cli('prefs', 'show', 'dana')).stdout).toContain('"From customers" is off for dana: that only hides a section of the messenger; it changes no notification.');
  });

  it('selects with ids, --role, --project and --where, combined with AND', async () => {
    const { cli } = await team();
    const users = async (...args: string[]) => JSON.parse((await cli('prefs', 'list', ...args, '--format', 'json')).stdout).map((u: { user: string }) => u.user);
    expect(await users('--project', 'billing', '--where', 'customerMessages=mine')).toEqual(['bob', 'farah', 'gus', 'hana', 'kofi']);
    expect(await users('--role', 'support', '--project', 'product')).toEqual(['farah']);
    expect(await users('--where', 'email=off')).toEqual(['ivan']);
    expect(await users('--where', 'customerReplies=on', '--where', 'access=own-projects')).toEqual(['farah', 'ivan']);
    expect(await users('alice', 'bob', '--where', 'access=all-projects')).toEqual(['alice']);
    expect(await users()).toHaveLength(12);
    const csv = (await cli('prefs', 'list', 'dana', '--format', 'csv')).stdout;
    expect(csv).toBe('user,access,showFromCustomers,customerMessages,internalMessages,customerReplies,email,explicit,fromRole\ndana,own-projects,off,none,on,off,on,showFromCustomers;customerMessages,\n');
  });

  it('refuses bad selectors with the accepted keys and values', async () => {
    const { cli } = await team();
    const badKey = (await cli('prefs', 'set', '--where', 'colour=red', '--email', 'off'));
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toBe('error: --where colour=red: expected KEY=VALUE with a preference key; accepted: access=all-projects|own-projects, showFromCustomers=on|off, customerMessages=all|mine|none, internalMessages=on|off, customerReplies=on|off, email=on|off\n');
    expect((await cli('prefs', 'set', '--where', 'email=maybe', '--email', 'off')).stderr).toBe('error: --where email=maybe: "maybe" is not one of on, off\n');
    const none = (await cli('prefs', 'set', '--email', 'off'));
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('error: prefs set needs users: give user ids, --role, --project, --where KEY=VALUE or --all-users\n');
    expect((await cli('prefs', 'set', 'alice', '--email', 'sometimes')).stderr).toMatch(/option '--email <value>' argument 'sometimes' is invalid\. Allowed choices are on, off\./);
  });
});

describe('prefs set, reset and defaults', () => {
  it('sets values for the selected users in one transaction, reports changes and unchanged, and audits', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = (await cli('prefs', 'set', '--project', 'ops', 'carol', 'ivan', '--email', 'off'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\npreference\t\tcarol\temail\ton (default)\toff (explicit)\npreference\t\tivan\temail\toff\toff (unchanged)\n');
    expect(r.stderr).toBe('Done: 1 change for 1 user; 1 already at that value (unchanged).\n');
    expect(auditCount(db)).toBe(before + 1);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT actor, command, user_id, key, old_value, new_value FROM audit ORDER BY id DESC LIMIT 1').get()).toEqual({
      actor: 'admin-bot', command: 'prefs set --project ops carol ivan --email off', user_id: 'carol', key: 'email', old_value: null, new_value: 'off',
    });
    sqlite.close();
  });

  it('--dry-run writes nothing; --format json prints changes with effective old and new values', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = (await cli('prefs', 'set', '--all-users', '--customer-messages', 'all', '--dry-run', '--format', 'json'));
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['dryRun', 'changes']);
    expect(out.dryRun).toBe(true);
    expect(out.changes).toHaveLength(10);
    expect(out.changes[0]).toEqual({ entity: 'preference', target: null, user: 'bob', key: 'customerMessages', old: 'mine', new: 'all' });
    expect(out.changes).toContainEqual({ entity: 'preference', target: null, user: 'dana', key: 'customerMessages', old: 'none', new: 'all' });
    expect(auditCount(db)).toBe(before);
    expect(JSON.parse((await cli('prefs', 'show', 'bob', '--format', 'json')).stdout).preferences[2]).toMatchObject({ value: 'mine', source: 'default' });
  });

  it('--impact replays the log before and after, per affected user', async () => {
    const { cli } = await team();
    const out = JSON.parse((await cli('prefs', 'set', 'carol', 'kofi', '--customer-messages', 'all', '--impact', LOG, '--dry-run', '--format', 'json')).stdout);
    expect(out.impact).toEqual([
      { user: 'carol', alertsBefore: 0, alertsAfter: 4, emailsBefore: 0, emailsAfter: 4 },
      { user: 'kofi', alertsBefore: 1, alertsAfter: 6, emailsBefore: 1, emailsAfter: 6 },
    ]);
    const text = (await cli('prefs', 'set', 'carol', 'kofi', '--customer-messages', 'all', '--impact', LOG, '--dry-run'));
    expect(text.stdout).toContain('USER\tALERTS\tEMAILS\nkofi\t1 → 6 (+5)\t1 → 6 (+5)\ncarol\t0 → 4 (+4)\t0 → 4 (+4)\n(total)\t1 → 10 (+9)\t1 → 10 (+9)\n');
  });

  it('an unknown user id is an error that changes nothing', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = (await cli('prefs', 'set', 'alice', 'ghost', '--email', 'off'));
    // SPEC 10.3: an unknown user is a usage error (exit 2) in every command alike.
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: "ghost" is not a user of the workspace; nothing was changed\n');
    expect(auditCount(db)).toBe(before);
  });

  it('reset removes explicit values so the defaults apply again', async () => {
    const { cli } = await team();
    const r = (await cli('prefs', 'reset', 'dana', '--key', 'customerMessages', '--format', 'json'));
    expect(JSON.parse(r.stdout)).toEqual({ dryRun: false, changes: [{ entity: 'preference', target: null, user: 'dana', key: 'customerMessages', old: 'none', new: 'mine' }] });
    expect(JSON.parse((await cli('prefs', 'list', 'dana', '--format', 'json')).stdout)[0].explicit).toEqual(['showFromCustomers']);
    expect((await cli('prefs', 'reset', 'dana', '--key', 'colour')).code).toBe(2);
  });

  it('defaults show who follows them; changing one says how many users it reaches', async () => {
    const { cli } = await team();
    const usage = JSON.parse((await cli('prefs', 'defaults', '--format', 'json')).stdout).defaults;
    expect(usage.find((u: { key: string }) => u.key === 'customerReplies')).toEqual({ key: 'customerReplies', value: false, builtIn: true, following: 10, overriding: 2 });
    const r = (await cli('prefs', 'defaults', 'set', '--customer-replies', 'on'));
    expect(r.stdout).toBe('ENTITY\tTARGET\tUSER\tKEY\tOLD\tNEW\ndefault\t\t\tcustomerReplies\toff (default)\ton (built-in)\n');
    expect(r.stderr).toBe('Done: 1 change to the workspace defaults, reaching 10 users who follow them.\n');
    expect(JSON.parse((await cli('export')).stdout).defaults).toEqual({});
  });
});

describe('prefs import and export', () => {
  it('lists every bad row with its line and changes nothing', async () => {
    const { dir, db, cli } = await team();
    const file = join(dir, 'bulk.csv');
    writeFileSync(file, 'user,customerMessages,email\nalice,all,off\nghost,all,on\nbob,sometimes,on\n\ncarol,mine,maybe\nalice,none,on\n');
    const before = auditCount(db);
    const r = (await cli('prefs', 'import', file));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${file} has 4 bad rows; nothing was changed:\n` +
        `  ${file}:3: "ghost" is not a user of the workspace\n` +
        `  ${file}:4: customerMessages: "sometimes" is not one of all, mine, none\n` +
        `  ${file}:6: email: "maybe" is not one of on, off\n` +
        `  ${file}:7: "alice" is already set at ${file}:2\n`,
    );
    expect(auditCount(db)).toBe(before);
    writeFileSync(file, 'user,colour\nalice,red\n');
    expect((await cli('prefs', 'import', file)).stderr).toMatch(/:1: the header must be "user" followed by preference keys .*; not "colour"/);
  });

  it('imports CSV and JSON; exporting then importing changes nothing', async () => {
    const { dir, cli } = await team();
    const csv = join(dir, 'bulk.csv');
    writeFileSync(csv, 'user,customerMessages,email\nbob,all,\ncarol,,off\n');
    expect((await cli('prefs', 'import', csv, '--format', 'json')).stdout).toBe(
      JSON.stringify({ dryRun: false, changes: [{ entity: 'preference', target: null, user: 'bob', key: 'customerMessages', old: 'mine', new: 'all' }, { entity: 'preference', target: null, user: 'carol', key: 'email', old: true, new: false }] }, null, 2) + '\n',
    );
    const json = join(dir, 'bulk.json');
    writeFileSync(json, JSON.stringify([{ user: 'erik', internalMessages: true }]));
    expect((await cli('prefs', 'import', json)).stderr).toBe('Done: 1 change for 1 user.\n');
    for (const format of ['csv', 'json']) {
      const exported = join(dir, `export.${format}`);
      writeFileSync(exported, (await cli('prefs', 'export', '--format', format)).stdout);
      const again = (await cli('prefs', 'import', exported));
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^Nothing to change: \d+ values are already set\.\n$/);
    }
    expect((await cli('prefs', 'export')).stdout.split('\n').slice(0, 3)).toEqual([
      'user,access,showFromCustomers,customerMessages,internalMessages,customerReplies,email',
      'alice,all-projects,,all,,,',
      'bob,,,all,,,',
    ]);
  });

  it('prefs export --format json speaks the document dialect (booleans for on/off) and imports back unchanged', async () => {
    const { dir, cli } = await team();
    const exported = JSON.parse((await cli('prefs', 'export', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect(exported.find((u) => u.user === 'dana')).toEqual({ user: 'dana', showFromCustomers: false, customerMessages: 'none' });
    expect(exported.find((u) => u.user === 'ivan')).toMatchObject({ email: false });
    const file = join(dir, 'prefs.json');
    writeFileSync(file, JSON.stringify(exported));
    expect((await cli('prefs', 'import', file)).stderr).toMatch(/^Nothing to change: \d+ values are already set\.\n$/);
  });

  it('neutralises cells a spreadsheet would run as formulas, and reads them back', async () => {
    const { dir, cli } = await team();
    for (const id of ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)']) expect((await cli('users', 'add', id, '--name', '=cmd|calc')).code).toBe(0);
    expect((await cli('prefs', 'set', '=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '--email', 'off', '--yes')).code).toBe(0);
    const exported = (await cli('prefs', 'export')).stdout;
    expect(exported).toContain(`"'=HYPERLINK(""http://x"")",,,,,,off\n`);
    expect(exported).toContain("'+1,,,,,,off\n");
    expect(exported).toContain("'-2,,,,,,off\n");
    expect(exported).toContain("'@SUM(A1),,,,,,off\n");
    expect((await cli('users', 'list', '--format', 'csv')).stdout).toContain("'+1,'=cmd|calc,,,true\n");
    const file = join(dir, 'export.csv');
    writeFileSync(file, exported);
    expect((await cli('prefs', 'import', file)).stderr).toMatch(/^Nothing to change/);
  });
});

describe('audit', () => {
  it('filters by user and time, in every format', async () => {
    const { cli } = await team();
    (await cli('prefs', 'set', 'hana', '--email', 'off'));
    const rows = JSON.parse((await cli('audit', '--user', 'hana', '--since', '1h', '--format', 'json')).stdout);
    expect(rows[0]).toMatchObject({ actor: 'admin-bot', command: 'prefs set hana --email off', entity: 'preference', user: 'hana', key: 'email', old: null, new: false });
    expect(rows.every((r: { user: string }) => r.user === 'hana')).toBe(true);
    expect(JSON.parse((await cli('audit', '--since', '2999-01-01', '--format', 'json')).stdout)).toEqual([]);
    expect((await cli('audit', '--since', 'last tuesday')).stderr).toBe('error: --since last tuesday: accepted: a date (2026-03-02), a date-time with a zone (2026-03-02T09:00:00Z), or a time ago (90m, 24h, 7d)\n');
    expect((await cli('audit', '--user', 'hana', '--format', 'csv')).stdout.split('\n')[0]).toBe('change,at,actor,command,entity,target,user,key,old,new');
  });
});

describe('without a terminal', () => {
  it('never prompts, and prefs edit points to prefs set', async () => {
    const { cli } = await team();
    expect((await cli('prefs', 'set', '--all-users', '--email', 'off')).code).toBe(0);
    const edit = (await cli('prefs', 'edit', 'alice'));
    expect(edit.code).toBe(2);
    expect(edit.stderr).toBe('error: prefs edit is an interactive form and needs a terminal; in scripts use: notifyctl prefs set alice --customer-messages all (or any other preference flag)\n');
  });
});

describe('completion', () => {
  it('prints scripts that complete commands, subcommands, flags and flag values in bash', async () => {
    const script = (await run(['completion', 'bash'])).stdout;
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    const complete = (line: string) => {
      const words = line.split(' ');
      const probe = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _notifyctl; echo "\${COMPREPLY[*]}"`;
      return spawnSync('bash', ['-c', probe], { encoding: 'utf8' }).stdout.trim().split(' ').sort();
    };
    expect(complete('notifyctl pr')).toEqual(['prefs', 'projects']);
    expect(complete('notifyctl prefs s')).toEqual(['set', 'show']);
    expect(complete('notifyctl prefs set --customer-messages ')).toEqual(['all', 'mine', 'none']);
    expect(complete('notifyctl --db x.db items f')).toEqual(['follow']);
    expect(complete('notifyctl simulate --format ')).toEqual(['csv', 'json', 'ndjson', 'table']);
    expect(complete('notifyctl simulate --st')).toEqual(['--stats']);
    expect((await run(['completion', 'zsh'])).stdout).toMatch(/^#compdef notifyctl\n/);
    expect((await run(['completion', 'powershell'])).code).toBe(2);
  });
});

describe('admin lookups', () => {
  it('users roles lists the roles with counts', async () => {
    const { cli } = await team();
    const roles = JSON.parse((await cli('users', 'roles', '--format', 'json')).stdout) as { role: string | null; users: number; active: number }[];
    expect(roles.find((r) => r.role === 'support')).toEqual({ role: 'support', users: expect.any(Number), active: expect.any(Number) });
    expect(roles.reduce((n, r) => n + r.users, 0)).toBe(12);
    expect((await cli('users', 'roles')).stdout.split('\n')[0]).toBe('ROLE\tUSERS\tACTIVE');
  });

  it('audit filters by actor, command, key and entity; --limit 0 prints nothing', async () => {
    const { cli } = await team();
    await cli('--actor', 'admin-jo', 'prefs', 'set', 'alice', '--email', 'off');
    await cli('users', 'update', 'bob', '--role', 'lead');
    const by = JSON.parse((await cli('audit', '--by', 'admin-jo', '--format', 'json')).stdout) as { actor: string; key: string }[];
    expect(by.map((r) => [r.actor, r.key])).toEqual([['admin-jo', 'email']]);
    expect((JSON.parse((await cli('audit', '--command', 'users update', '--format', 'json')).stdout) as { user: string }[]).map((r) => r.user)).toEqual(['bob']);
    expect((JSON.parse((await cli('audit', '--key', 'role', '--entity', 'user', '--limit', '1', '--format', 'json')).stdout) as { new: string }[])[0]!.new).toBe('lead');
    expect((await cli('audit', '--limit', '0')).stdout).toBe('');
    expect((await cli('audit', '--entity', 'planet')).code).toBe(2);
  });

  it('audit --key takes a preference key as documents or flags write it, and refuses what no row can hold', async () => {
    const { cli } = await team();
    await cli('prefs', 'set', 'alice', '--customer-messages', 'none');
    const keyed = async (key: string) => (JSON.parse((await cli('audit', '--key', key, '--format', 'json')).stdout) as { change: number; user: string; key: string }[]).map((r) => [r.user, r.key]);
    expect(await keyed('customer-messages')).toEqual(await keyed('customerMessages'));
    expect((await keyed('customer-messages'))[0]).toEqual(['alice', 'customerMessages']);
    const typo = await cli('audit', '--key', 'customer-mesages');
    expect([typo.code, typo.stdout, typo.stderr]).toEqual([
      2,
      '',
      'error: --key customer-mesages: not a field or preference key; accepted: access, showFromCustomers, customerMessages, internalMessages, customerReplies, email, name, role, active, project, kind, item (preference keys also as their flags: show-from-customers, customer-messages, internal-messages, customer-replies)\n',
    ]);
  });
});

describe('two spellings', () => {
  it('keys as documents or as flags write them, and true/false for on/off, everywhere on the command line', async () => {
    const { cli } = await team();
    const users = async (...args: string[]) => (JSON.parse((await cli('prefs', 'list', ...args, '--format', 'json')).stdout) as { user: string }[]).map((u) => u.user);
    expect(await users('--where', 'customer-messages=all')).toEqual(await users('--where', 'customerMessages=all'));
    expect(await users('--where', 'email=false')).toEqual(['ivan']);
    const set = JSON.parse((await cli('prefs', 'set', 'alice', '--email', 'false', '--format', 'json')).stdout) as { changes: { key: string; new: string }[] };
    // One JSON dialect (SPEC 9.12): on/off values are booleans in every JSON output.
    expect(set.changes).toEqual([{ entity: 'preference', target: null, user: 'alice', key: 'email', old: true, new: false }]);
    const reset = JSON.parse((await cli('prefs', 'reset', 'alice', '--key', 'customer-messages', '--format', 'json')).stdout) as { changes: { key: string }[] };
    expect(reset.changes.map((c) => c.key)).toEqual(['customerMessages']);
    expect((await cli('prefs', 'set', 'alice', '--email', 'maybe')).code).toBe(2);
  });
});
