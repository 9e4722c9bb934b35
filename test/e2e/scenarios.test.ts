import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EMAIL_SKIPPED_VALUES, REASONS, VIA_VALUES } from '../../src/domain/reasons.js';
import { run, tempDir } from './run.js';

const RULE_BOOK = resolve('test/scenarios');
const FIXTURES = resolve('test/fixtures/scenarios');

/** Every scenario of the rule book, read independently of notifyctl. */
function ruleBook(): { expect: Record<string, unknown>[] }[] {
  return readdirSync(RULE_BOOK)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .flatMap((f) => {
      const doc = parse(readFileSync(join(RULE_BOOK, f), 'utf8'));
      return doc.scenarios ?? [doc];
    });
}

describe('the rule book', () => {
  it('passes through the real notifyctl test', () => {
    const r = run(['test', RULE_BOOK]);
    // Its shared workspace is found in the subfolder, and skipped: it is not a scenario.
    expect(r.stderr).toBe(`note: skipped 1 file with neither expect nor scenarios (not scenario files): ${join(RULE_BOOK, 'workspaces', 'helpdesk.yaml')}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${ruleBook().length} passed, 0 failed`);
    expect(lines.slice(0, -1).every((l) => l.startsWith('✓ '))).toBe(true);
  });

  it('names every reason code, via value and emailSkipped value in at least one expectation', () => {
    const expectations = ruleBook().flatMap((s) => s.expect);
    const seen = (field: string) => new Set(expectations.filter((e) => field in e).map((e) => e[field]));
    for (const reason of REASONS) expect(seen('reason'), reason).toContain(reason);
    for (const via of [...VIA_VALUES, null]) expect(seen('via'), String(via)).toContain(via);
    for (const skipped of [...EMAIL_SKIPPED_VALUES, null]) expect(seen('emailSkipped'), String(skipped)).toContain(skipped);
  });
});

describe('notifyctl test', () => {
  const failing = join(FIXTURES, 'failing.yaml');
  const unreadable = join(FIXTURES, 'unreadable.yaml');

  it('reports each failing expectation with the decision reason, and errors in scenarios, then exits 1', () => {
    const r = run(['test', FIXTURES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `✗ a wrong expectation  (${failing})`,
        '    m1 / cy: alert expected true, got false (decision: no_access)',
        '    m1 / cy: reason expected "customer_message_mine", got "no_access" (decision: no_access)',
        `✗ a field that is not a decision field  (${failing})`,
        `    ${failing}: scenarios[1]: expect[0]: "notified" is not a decision field; accepted: message, at, conversation, item, user, alert, email, reason, via, emailSkipped, fireAt, seenAt`,
        `✗ a message that is not in the log  (${failing})`,
        `    ${failing}: scenarios[2]: expect[0]: message "m9" is not in the log`,
        `✗ a bad log line  (${failing})`,
        `    ${failing}: scenarios[3]: log[0]: "author" names "zed", which is not a user of the workspace`,
        `✗ unreadable.yaml  (${unreadable})`,
        `    ${unreadable} is not valid YAML`,
        `      ${unreadable}:3: Flow map in block collection must be sufficiently indented and end with a }`,
        `      ${unreadable}:4: Flow sequence in block collection must be sufficiently indented and end with a ]`,
        '0 passed, 5 failed',
        '',
      ].join('\n'),
    );
  });

  it('writes a JUnit report with one testcase per scenario', () => {
    const report = join(tempDir(), 'junit.xml');
    const r = run(['test', RULE_BOOK, failing, '--junit', report]);
    expect(r.code).toBe(1);
    const xml = readFileSync(report, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="notifyctl" tests="35" failures="1" errors="3">/);
    expect(xml).toContain(`<testcase name="a view exactly 60 seconds later still counts as seen" classname="${join(RULE_BOOK, 'seen-within-window.yaml')}"`);
    expect(xml).toContain('<failure message="1 of 2 expectations failed; first: m1 / cy: alert false, expected true">m1 / cy: alert expected true, got false (decision: no_access)\nm1 / cy: reason expected &quot;customer_message_mine&quot;, got &quot;no_access&quot; (decision: no_access)</failure>');
    expect(xml).toContain(`<error message="${failing}: scenarios[2]: expect[0]: message &quot;m9&quot; is not in the log">`);
  });

  it('--format json for scripts', () => {
    const out = JSON.parse(run(['test', failing, '--format', 'json']).stdout);
    expect(out).toMatchObject({ passed: 0, failed: 4 });
    expect(out.scenarios[0]).toMatchObject({
      name: 'a wrong expectation',
      passed: false,
      expectations: 2,
      error: null,
      failures: [
        { message: 'm1', user: 'cy', field: 'alert', expected: true, actual: false, reason: 'no_access' },
        { message: 'm1', user: 'cy', field: 'reason', expected: 'customer_message_mine', actual: 'no_access', reason: 'no_access' },
      ],
    });
  });

  it('needs at least one path, and names a missing one', () => {
    expect(run(['test']).code).toBe(2);
    const r = run(['test', 'nowhere.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('✗ nowhere.yaml  (nowhere.yaml)\n    cannot read nowhere.yaml: no such file\n0 passed, 1 failed\n');
  });
});
