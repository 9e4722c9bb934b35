/** Issue 16 / SPEC 9.11: scenarios for real pipelines — exhaustive, gaps, --record, markdown. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './run.js';

const WORKSPACES = resolve('test/scenarios/workspaces');

/** A folder with the rule book's workspaces and one scenario file. */
function folder(name: string, text: string): { dir: string; file: string } {
  const dir = scratch();
  cpSync(WORKSPACES, join(dir, 'workspaces'), { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

const SCENARIO = `# Who hears about a customer message in c-1.
name: customer message in c-1
workspace: workspaces/helpdesk.yaml # the rule book's helpdesk
log:
  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust-1, authorKind: customer }
`;

describe('test --record', () => {
  it("writes today's notified decisions into expect with exhaustive: true, keeping comments", async () => {
    const { file } = folder('c1.yaml', SCENARIO);
    const r = await cli(['test', '--record', file]);
    expect(r).toEqual({ code: 0, stdout: `Recorded 3 expectations in ${file} (1 scenario, exhaustive: true).\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(
      SCENARIO +
        'exhaustive: true\n' +
        'expect:\n' +
        '  - { message: m1, user: ana, alert: true, email: true, reason: customer_message_mine }\n' +
        '  - { message: m1, user: fox, alert: true, email: false, emailSkipped: no_email_address, reason: customer_message_mine }\n' +
        '  - { message: m1, user: gil, alert: true, email: false, emailSkipped: email_off, reason: customer_message_mine }\n',
    );
    // The snapshot passes, and recording again changes nothing.
    expect((await cli(['test', file])).stdout).toBe('✓ customer message in c-1\n1 passed, 0 failed\n');
    const once = readFileSync(file, 'utf8');
    await cli(['test', '--record', file]);
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('records each scenario of a list, and JSON files as JSON', async () => {
    const { file } = folder('list.json', JSON.stringify({ scenarios: [{ name: 'one', workspace: 'workspaces/helpdesk.yaml', log: [{ type: 'message', id: 'm1', at: '2026-03-02T09:00:00Z', conversation: 'c-1', author: 'cust-1', authorKind: 'customer' }] }] }));
    expect((await cli(['test', '--record', file])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.scenarios[0].exhaustive).toBe(true);
    expect(doc.scenarios[0].expect.map((e: { user: string }) => e.user)).toEqual(['ana', 'fox', 'gil']);
  });

  it('writes nothing when the scenario does not run', async () => {
    const { file } = folder('bad.yaml', 'name: x\nworkspace: workspaces/missing.yaml\nlog: []\n');
    const r = await cli(['test', '--record', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot record .*bad\.yaml: it does not run; nothing was written:\n {2}.*cannot read the workspace/);
    expect(readFileSync(file, 'utf8')).toBe('name: x\nworkspace: workspaces/missing.yaml\nlog: []\n');
    expect((await cli(['test', '--record', file, 'other.yaml'])).code).toBe(2);
  });
});

describe('exhaustive and gaps expectations', () => {
  it('exhaustive: a notified decision no expectation names fails the scenario', async () => {
    const { file } = folder('ex.yaml', SCENARIO + 'exhaustive: true\nexpect:\n  - { message: m1, user: ana, alert: true }\n  - { message: m1, user: gil, alert: true }\n');
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`✗ customer message in c-1  (${file})\n    m1 / fox: notified (customer_message_mine) but not expected\n0 passed, 1 failed\n`);
    // Without exhaustive, the same expectations pass.
    writeFileSync(file, SCENARIO + 'expect:\n  - { message: m1, user: ana, alert: true }\n');
    expect((await cli(['test', file])).code).toBe(0);
  });

  it('gaps: {unnoticed, unreachable} expects those counts, and names the messages when they differ', async () => {
    // c-9 is in no project anybody can see: nobody is alerted, and nobody looks.
    const log = 'log:\n  - { type: message, id: m1, at: "2026-03-02T09:00:00Z", conversation: c-1, author: cust-1, authorKind: customer }\n  - { type: message, id: m2, at: "2026-03-02T09:01:00Z", conversation: c-unknown, author: cust-2, authorKind: customer }\n';
    const base = 'name: gaps\nworkspace: workspaces/helpdesk.yaml\n' + log;
    const { file } = folder('gaps.yaml', base + 'gaps: { unnoticed: 1, unreachable: 1 }\n');
    expect((await cli(['test', file])).stdout).toBe('✓ gaps\n1 passed, 0 failed\n');
    writeFileSync(file, base + 'gaps: { unnoticed: 0 }\n');
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`✗ gaps  (${file})\n    gaps.unnoticed: expected 0, got 1 (m2)\n0 passed, 1 failed\n`);
    writeFileSync(file, base + 'gaps: { unseen: 0 }\n');
    expect((await cli(['test', file])).stdout).toContain('"gaps" must be an object with unnoticed and/or unreachable, each a whole number');
  });

  it('--format markdown writes a job summary; --format json gives durations in whole milliseconds', async () => {
    const { dir, file } = folder('ex.yaml', SCENARIO + 'exhaustive: true\nexpect: []\n');
    writeFileSync(join(dir, 'ok.yaml'), SCENARIO + 'expect:\n  - { message: m1, user: ana, alert: true }\n');
    const r = await cli(['test', dir, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '## notifyctl test: 1 passed, 1 failed\n\n| | scenario | file | checks |\n|---|---|---|---|\n' +
        `| ❌ | customer message in c-1 | ${file} | exhaustive |\n` +
        `| ✅ | customer message in c-1 | ${join(dir, 'ok.yaml')} | 1 expectation |\n` +
        '\n### ❌ customer message in c-1\n\n```\n' +
        'm1 / ana: notified (customer_message_mine) but not expected\nm1 / fox: notified (customer_message_mine) but not expected\nm1 / gil: notified (customer_message_mine) but not expected\n```\n',
    );
    const json = JSON.parse((await cli(['test', join(dir, 'ok.yaml'), '--format', 'json'])).stdout);
    expect(Number.isInteger(json.scenarios[0].durationMs)).toBe(true);
    expect(json.scenarios[0]).not.toHaveProperty('seconds');
  });
});
