/** Writes that are safe to script and to repeat (SPEC 10.4), in-process. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    ['audit', '--since', '2026-13-01'],
    ['audit', '--since', '2026-00-10'],
    ['audit', '--since', '2026-01-32'],
    ['audit', '--since', '2026-02-30'],
    ['export', '--as-of', '2026-13-01'],
    ['export', '--as-of', '2026-00-10 10:00'],
    ['timeline', 'x', '--log', 'x', '--since', '2026-13-01'],
  ])('are checked whole: %s %s %s is a usage error', async (...args) => {
    const { run } = await team();
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: --(since|as-of) ${args.at(-1)}: accepted: `));
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
