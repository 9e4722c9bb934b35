import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../src/domain/reasons.js';
import { EXAMPLES, run, tempDir } from './run.js';

const LOG = join(EXAMPLES, 'day.ndjson');
const FIELDS = ['message', 'at', 'conversation', 'item', 'user', 'alert', 'email', 'reason', 'via', 'emailSkipped', 'fireAt', 'seenAt'];

describe('demo', () => {
  it('prints the notified decisions of the example day, plain when piped, and writes no file', () => {
    const cwd = tempDir();
    const r = run(['demo'], { cwd });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TIME\tMESSAGE\tCONVERSATION\tUSER\tOUTCOME\tREASON\tVIA\tEMAIL-SKIPPED');
    expect(lines[1]).toBe('2026-03-02 08:30:00Z\tm-001\tc-1 (T-100)\talice\talert+email\tcustomer_message_all\t\t');
    // What the terminal says in OUTCOME ("alert (no email: email_off)") is a column when piped.
    expect(lines.find((l) => l.includes('\talert\t'))).toMatch(/\t(email_off|no_email_address)$/);
    expect(lines).toHaveLength(29);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stderr).toBe('18 messages, 28 decisions: 28 alerts, 23 emails.\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--all exercises every reason code, via and emailSkipped value, each field in SPEC order', () => {
    const r = run(['demo', '--all', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const decisions = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(decisions).toHaveLength(18 * 12);
    for (const d of decisions) expect(Object.keys(d)).toEqual(FIELDS);
    expect(new Set(decisions.map((d) => d.reason))).toEqual(new Set(REASONS));
    expect(new Set(decisions.map((d) => d.via))).toEqual(new Set([null, 'item_follower', 'conversation_follower', 'participant']));
    expect(new Set(decisions.map((d) => d.emailSkipped))).toEqual(new Set([null, 'no_email_address', 'email_off']));
  });
});

describe('errors and the database', () => {
  it('never prints a stack trace, unless NOTIFYCTL_DEBUG=1', () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'hello '.repeat(1000));
    const r = run(['--db', notDb, 'export']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${notDb} is not a notifyctl database (SQLite says: file is not a database); it was left untouched. Choose another file with --db or NOTIFYCTL_DB.\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('uses NOTIFYCTL_DB, else ./notifyctl.db', () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir }).stdout).toBe('Database ready: ./notifyctl.db (schema version 3).\n');
    expect(existsSync(join(dir, 'notifyctl.db'))).toBe(true);
    const other = join(dir, 'env.db');
    run(['init'], { cwd: dir, env: { NOTIFYCTL_DB: other } });
    expect(existsSync(other)).toBe(true);
  });

  it('--help and --version exit 0', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: notifyctl \[options\] \[command\]/);
    expect(run(['simulate', '--help']).stdout).toContain('--window <duration>');
  });
});
