/** SPEC 10.2: `test FOLDER` searches subfolders, skips what is not a scenario, lists every problem, and counts expectations in JUnit. */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './run.js';

const WORKSPACES = resolve('test/scenarios/workspaces');
const LOG = 'log:\n  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust-1, authorKind: customer }\n';

/** A scenario file at `path` (under `dir`), its workspace in dir/workspaces. */
function scenario(dir: string, path: string, name: string, expect: string, workspace = 'workspaces/helpdesk.yaml'): string {
  const file = join(dir, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `name: ${name}\nworkspace: ${workspace}\n${LOG}expect:\n${expect}`);
  return file;
}

describe('test FOLDER', () => {
  it('runs the scenario files of the folder and every subfolder, and names the files it skips in one note', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    scenario(dir, 'a.yaml', 'top', '  - { message: m1, user: ana, alert: true }\n');
    scenario(dir, 'rules/b.yml', 'in rules', '  - { message: m1, user: fox, email: false }\n', '../workspaces/helpdesk.yaml');
    const deep = join(dir, 'rules', 'deep', 'c.json');
    mkdirSync(join(dir, 'rules', 'deep'));
    writeFileSync(deep, JSON.stringify({ scenarios: [{ name: 'deep one', workspace: '../../workspaces/helpdesk.yaml', log: [{ type: 'message', id: 'm1', at: '2026-03-02T09:00:00Z', conversation: 'c-1', author: 'cust-1', authorKind: 'customer' }], expect: [{ message: 'm1', user: 'gil', alert: true }] }] }));
    writeFileSync(join(dir, 'rules', 'shared.json'), JSON.stringify({ version: 1, users: [] }));
    writeFileSync(join(dir, 'README.md'), '# not a scenario file\n');
    // The subfolders' scenarios share the top folder's workspace: --allow-path lets them read it.
    const r = await cli(['test', dir, '--allow-path', dir]);
    expect(r).toEqual({
      code: 0,
      stdout: '✓ top\n✓ in rules\n✓ deep one\n3 passed, 0 failed\n',
      stderr: `note: skipped 2 files with neither expect nor scenarios (not scenario files): ${join(dir, 'rules', 'shared.json')}, ${join(dir, 'workspaces', 'helpdesk.yaml')}\n`,
    });
    // A file named on the command line is always a scenario.
    const named = await cli(['test', join(dir, 'rules', 'shared.json')]);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('shared.json: 4 problems:\n      unknown key "version", "users"; accepted: name, window, workspace, log, expect, exhaustive, gaps\n');
  });

  it('a folder of workspaces only has no scenario: exit 1, after the note', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    const r = await cli(['test', dir]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `note: skipped 1 file with neither expect nor scenarios (not scenario files): ${join(dir, 'workspaces', 'helpdesk.yaml')}\nerror: no scenario files in ${dir} (looked for *.yaml, *.yml and *.json with expect or scenarios, in every subfolder)\n`,
    });
  });
});

describe('a scenario file lists every problem in one run', () => {
  it('bad values, unknown users and unknown fields of its expectations, together', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    const file = scenario(
      dir,
      's.yaml',
      'three bad expectations',
      '  - { message: m1, user: ana, alert: maybe, reason: customer_message_some }\n  - { message: m1, user: zed, alert: true }\n  - { message: m1, user: fox, notified: true, seenAt: yesterday }\n  - { message: m1, user: gil, alert: true }\n',
    );
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `✗ three bad expectations  (${file})`,
        `    ${file}: 3 problems:`,
        '      expect[0]: "alert" is "maybe"; accepted: true or false; "reason" is "customer_message_some"; accepted: customer_message_all, customer_message_mine, internal_message_followed, customer_reply_followed, inactive_user, own_message, no_access, customer_messages_none, internal_messages_off, customer_replies_off, not_following, seen_within_window',
        '      expect[1]: user "zed" is not in the workspace',
        '      expect[2]: "notified" is not a decision field; accepted: message, at, conversation, item, user, alert, email, reason, via, emailSkipped, fireAt, seenAt; "seenAt" is "yesterday"; accepted: a time, or null',
        '0 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });
});

describe('JUnit failure messages count expectations, not fields', () => {
  it('"N of M expectations failed; first: MESSAGE / USER: FIELD VALUE, expected VALUE"', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    // cy fails in two fields, ana in one, gil passes; the gaps expectation fails too.
    const file = scenario(dir, 's.yaml', 'wrong', '  - { message: m1, user: cy, alert: true, reason: customer_message_mine }\n  - { message: m1, user: ana, email: false }\n  - { message: m1, user: gil, alert: true }\n');
    writeFileSync(file, readFileSync(file, 'utf8') + 'gaps: { unreachable: 1 }\n');
    const report = join(dir, 'junit.xml');
    expect((await cli(['test', file, '--junit', report])).code).toBe(1);
    // The body lists every failing field, as the text does: cy's two lines and ana's one (a review saw one go missing).
    expect(readFileSync(report, 'utf8')).toContain(
      [
        '<failure message="2 of 3 expectations failed; first: m1 / cy: alert false, expected true">m1 / cy: alert expected true, got false (decision: no_access)',
        'm1 / cy: reason expected &quot;customer_message_mine&quot;, got &quot;no_access&quot; (decision: no_access)',
        'm1 / ana: email expected false, got true (decision: customer_message_mine)</failure>',
      ].join('\n'),
    );
  });

  it('exhaustive and gaps are testcases of their own, counted and named as what they are', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    // ana's expectation fails, cy's holds; fox and gil are notified and named by none; the gaps counts are wrong.
    const file = scenario(dir, 's.yaml', 'mixed', '  - { message: m1, user: ana, email: false }\n  - { message: m1, user: cy, alert: false }\n');
    writeFileSync(file, readFileSync(file, 'utf8') + 'exhaustive: true\ngaps: { unreachable: 1, unnoticed: 1 }\n');
    // A scenario of checks alone has no expectations testcase; this one passes.
    const quiet = scenario(dir, 'quiet.yaml', 'quiet', '  []\n');
    writeFileSync(quiet, readFileSync(quiet, 'utf8').replace('c-1', 'c-unknown') + 'gaps: { unreachable: 1 }\n');
    const report = join(dir, 'junit.xml');
    expect((await cli(['test', file, quiet, '--junit', report])).code).toBe(1);
    const text = readFileSync(report, 'utf8').replace(/time="[0-9.]+"/g, 'time="T"');
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="notifyctl" tests="4" failures="3" errors="0">',
        `  <testsuite name="${file}" tests="3" failures="3" errors="0">`,
        `    <testcase name="mixed" classname="${file}" time="T">`,
        '      <failure message="1 of 2 expectations failed; first: m1 / ana: email true, expected false">m1 / ana: email expected false, got true (decision: customer_message_mine)</failure>',
        '    </testcase>',
        `    <testcase name="mixed [exhaustive]" classname="${file}" time="T">`,
        '      <failure message="2 notified decisions no expectation names; first: m1 / fox: notified (customer_message_mine) but not expected">m1 / fox: notified (customer_message_mine) but not expected\nm1 / gil: notified (customer_message_mine) but not expected</failure>',
        '    </testcase>',
        `    <testcase name="mixed [gaps]" classname="${file}" time="T">`,
        '      <failure message="gaps.unnoticed 0, expected 1; gaps.unreachable 0, expected 1">gaps.unnoticed: expected 1, got 0\ngaps.unreachable: expected 1, got 0</failure>',
        '    </testcase>',
        '  </testsuite>',
        `  <testsuite name="${quiet}" tests="1" failures="0" errors="0">`,
        `    <testcase name="quiet [gaps]" classname="${quiet}" time="T"/>`,
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('and the problems of its other parts in the same run: keys, the workspace, the log and the expectations', async () => {
    const dir = scratch();
    const file = join(dir, 'multi-bad.yaml');
    writeFileSync(
      file,
      [
        'name: four layers',
        'windw: 60',
        'workspace: { users: [{ id: ana }, { id: ana }], projects: [], items: [] }',
        'log:',
        '  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust, authorKind: customer }',
        '  - { type: view, at: "2026-03-02T09:00:10Z", user: zed, conversation: c-1 }',
        'expect:',
        '  - { message: m1, user: ana, alert: maybe }',
        '',
      ].join('\n'),
    );
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `✗ four layers  (${file})`,
        `    ${file}: 3 problems:`,
        '      unknown key "windw"; accepted: name, window, workspace, log, expect, exhaustive, gaps',
        '      workspace: users[1].id: "ana" is listed twice (also users[0])',
        '      expect[0]: "alert" is "maybe"; accepted: true or false',
        '0 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });
});

describe('test --junit - (standard output, as - is everywhere else)', () => {
  it('writes the JUnit to standard output and the results for people to standard error; no file named -', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    const file = scenario(dir, 's.yaml', 'one wrong', '  - { message: m1, user: ana, email: false }\n');
    const report = join(dir, 'junit.xml');
    const toFile = await cli(['test', file, '--junit', report]);
    const r = await cli(['test', file, '--junit', '-']);
    const timeless = (xml: string) => xml.replace(/time="[0-9.]+"/g, 'time="T"');
    // The report --junit FILE writes, on standard output; the text it prints beside it, on standard error.
    expect({ ...r, stdout: timeless(r.stdout) }).toEqual({ code: 1, stdout: timeless(readFileSync(report, 'utf8')), stderr: toFile.stdout });
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="notifyctl" tests="1" failures="1" errors="0">\n/);
    expect(r.stderr).toBe(`✗ one wrong  (${file})\n    m1 / ana: email expected false, got true (decision: customer_message_mine)\n0 passed, 1 failed\n`);
    expect(existsSync('-')).toBe(false);
  });

  it('with --format json or markdown, which also want standard output: exit 2 before running anything', async () => {
    const dir = scratch();
    cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
    const file = scenario(dir, 's.yaml', 'fine', '  - { message: m1, user: ana, alert: true }\n');
    for (const format of ['json', 'markdown']) {
      expect(await cli(['test', file, '--junit', '-', '--format', format])).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: --junit - and --format ${format} both write to standard output; give --junit a file name, or leave out --format (the text results then go to standard error)\n`,
      });
    }
  });
});
