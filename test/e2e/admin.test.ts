/** The admin commands in a pseudo-terminal: what only a real process shows (the rest is in test/cli/admin.test.ts). */
import { describe, expect, it } from 'vitest';
import { auditCount } from '../helpers.js';
import { hasPty, inTerminal } from './pty.js';
import { EXAMPLE_LOG as LOG, exampleDatabase } from '../fixtures/databases.js';
import { run } from './run.js';

async function team(): Promise<{ dir: string; db: string; cli: (...args: string[]) => ReturnType<typeof run> }> {
  const { dir, db } = await exampleDatabase();
  return { dir, db, cli: (...args: string[]) => run(['--db', db, ...args], { env: { NOTIFYCTL_ACTOR: 'admin-bot' } }) };
}


/** dana's form: every answer kept but customer messages, which goes back to the default; `meanwhile` runs before the last question. */
function danaForm(meanwhile?: () => void) {
  const down = '\x1b[B';
  return [
    { expect: 'access — now own-projects (default)', send: '\r' },
    { expect: 'show "From customers" — now off (explicit)', send: '\r' },
    { expect: 'customer messages — now none (explicit)', send: down + '\r' },
    { expect: 'followed internal messages — now on (default)', send: '\r' },
    { expect: 'followed replies to customers — now off (default)', send: '\r' },
    { expect: 'email — now on (default)', send: '\r', ...(meanwhile !== undefined && { before: meanwhile }) },
    { expect: 'Save 1 change?', send: 'y\r' },
  ];
}

describe('in a terminal', () => {
  it.skipIf(!hasPty)('asks before changing more than one user; no saves nothing', async () => {
    const { db } = await team();
    const before = auditCount(db);
    const r = await inTerminal(['--db', db, 'prefs', 'set', 'bob', 'carol', '--email', 'off'], [{ expect: 'Change preferences for 2 users?', send: 'n\r' }]);
    expect(r.screen).toContain('error: cancelled; nothing was changed (pass --yes to skip this question)');
    expect(r.code).toBe(1);
    expect(auditCount(db)).toBe(before);
  });

  it.skipIf(!hasPty)('Ctrl-C at the question is an interruption: exit 130, nothing changed', async () => {
    const { db } = await team();
    const before = auditCount(db);
    const r = await inTerminal(['--db', db, 'prefs', 'set', 'bob', 'carol', '--email', 'off'], [{ expect: 'Change preferences for 2 users?', send: '\x03' }]);
    expect(r.screen).toContain('error: cancelled; nothing was changed');
    expect(r.code).toBe(130);
    expect(auditCount(db)).toBe(before);
  });

  it.skipIf(!hasPty)('pages long output in a real terminal, and not with --no-pager', async () => {
    const { db } = await team();
    const pager = { NOTIFYCTL_PAGER: 'sed s/^/PAGED:/' };
    const paged = await inTerminal(['--db', db, 'simulate', '--log', LOG], [], 20_000, pager);
    expect(paged.code).toBe(0);
    expect(paged.screen).toMatch(/PAGED:.*m-001/);
    const plain = await inTerminal(['--db', db, 'simulate', '--log', LOG, '--no-pager'], [], 20_000, pager);
    expect(plain.screen).toContain('m-001');
    expect(plain.screen).not.toContain('PAGED:');
  });

  it.skipIf(!hasPty)('shows what a removal takes with it and asks first; --yes does not ask', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    const r = await inTerminal(['--db', db, 'projects', 'remove', 'billing', '--force'], [{ expect: 'Remove this (', send: 'n\r' }]);
    expect(r.screen).toContain('member');
    expect(r.screen).toContain('error: cancelled; nothing was changed (pass --yes to skip this question)');
    expect(r.code).toBe(1);
    expect(auditCount(db)).toBe(before);
    const removed = await inTerminal(['--db', db, 'users', 'remove', 'lena', '--force', '--yes'], []);
    expect(removed.code).toBe(0);
    expect(removed.screen).not.toContain('?');
    expect(cli('users', 'show', 'lena').code).toBe(2); // an unknown user (SPEC 10.3)
  });

  it.skipIf(!hasPty)('writes nothing when the database changed while the plan was shown and confirmed', async () => {
    const { db, cli } = await team();
    const before = auditCount(db);
    // Everyone whose effective email is on; while the question is shown, bob's goes off.
    const r = await inTerminal(['--db', db, 'prefs', 'set', '--where', 'email=on', '--email', 'off'], [
      { expect: 'users?', send: 'y\r', before: () => expect(cli('prefs', 'set', 'bob', '--email', 'off').code).toBe(0) },
    ]);
    expect(r.code).toBe(1);
    expect(r.screen).toMatch(/error: the database changed while the plan was shown: writing now would make \d+ changes?, not the \d+ changes shown; nothing was written\. Run the command again to see the new plan\./);
    // Only bob's change is recorded.
    expect(auditCount(db)).toBe(before + 1);
  });

  it.skipIf(!hasPty)('prefs edit: a form with the current values preselected, a summary and a confirmation', async () => {
    const { db, cli } = await team();
    const r = await inTerminal(['--db', db, 'prefs', 'edit', 'dana'], danaForm());
    expect(r.screen).toContain('customerMessages: none (explicit) → mine (default)');
    expect(r.screen).toContain('Done: 1 change for 1 user.');
    expect(r.code).toBe(0);
    expect(JSON.parse(cli('prefs', 'list', 'dana', '--format', 'json').stdout)[0]).toMatchObject({ customerMessages: 'mine', explicit: ['showFromCustomers'] });
    expect(JSON.parse(cli('audit', '--user', 'dana', '--format', 'json').stdout)[0]).toMatchObject({ command: 'prefs edit dana', key: 'customerMessages', old: 'none', new: null });
  });

  it.skipIf(!hasPty)('prefs edit saves nothing when the preferences changed while the form was open, naming the change', async () => {
    const { db, cli } = await team();
    // Another admin turns dana's email off while the form is open.
    const r = await inTerminal(['--db', db, 'prefs', 'edit', 'dana'], danaForm(() => expect(cli('--actor', 'ann', 'prefs', 'set', 'dana', '--email', 'off').code).toBe(0)));
    expect(r.code).toBe(1);
    expect(r.screen.replace(/\s+/g, ' ')).toMatch(/error: the preferences of dana changed while the form was open; nothing was saved\. Run "notifyctl prefs edit dana" again to start from the new values: email: on \(default\) when the form opened, now off \(explicit\) by change 2 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, ann: (--actor ann )?prefs set dana --email off\)/);
    expect(JSON.parse(cli('prefs', 'list', 'dana', '--format', 'json').stdout)[0]).toMatchObject({ customerMessages: 'none', email: false });
  });

  it.skipIf(!hasPty)('prefs edit: Ctrl-C saves nothing and exits cleanly', async () => {
    const { db } = await team();
    const before = auditCount(db);
    const r = await inTerminal(['--db', db, 'prefs', 'edit', 'dana'], [{ expect: 'access — now', send: '\x03' }]);
    expect(r.screen).toContain('error: cancelled; nothing was saved');
    expect(r.screen).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(130);
    expect(auditCount(db)).toBe(before);
  });
});

