/** Scenario results for people (text), CI (JUnit XML) and scripts. */
import { plural } from '../../domain/text.js';
import type { Failure, ScenarioCheck, ScenarioResult } from '../commands/test/scenario-run.js';
import { colors } from '../output/output.js';
import type { Output } from '../output/iostreams.js';
import { md } from './plan.js';

const show = (v: unknown) => JSON.stringify(v);

export function describeFailure(f: Failure): string {
  if (f.field === 'notified') return `${f.message} / ${f.user}: notified (${f.reason}) but not expected`;
  if (f.message === null) return `${f.field}: expected ${show(f.expected)}, got ${show(f.actual)}${f.reason === '' ? '' : ` (${f.reason})`}`;
  return `${f.message} / ${f.user}: ${f.field} expected ${show(f.expected)}, got ${show(f.actual)} (decision: ${f.reason})`;
}

/** Which part of a scenario a failure belongs to: an expectation ("expect[2]"), or one of its scenario-wide checks. */
function checkOf(f: Failure): ScenarioCheck | 'expect' {
  if (f.expectation === 'exhaustive') return 'exhaustive';
  return f.expectation.startsWith('gaps.') ? 'gaps' : 'expect';
}

/** A value as a person reads it in one line: text as it is, anything else as JSON. */
const plain = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * SPEC 10.2: "N of M expectations failed; first: MESSAGE / USER: FIELD VALUE, expected
 * VALUE", counting expectations (one may fail in several fields), not fields — and not
 * the scenario's exhaustive or gaps checks, which are testcases of their own.
 */
export function failureMessage(r: ScenarioResult): string {
  const mine = r.failures.filter((f) => checkOf(f) === 'expect');
  const failed = new Set(mine.map((f) => f.expectation)).size;
  const f = mine[0]!;
  return `${failed} of ${plural(r.expectations, 'expectation')} failed; first: ${f.message} / ${f.user}: ${f.field} ${plain(f.actual)}, expected ${plain(f.expected)}`;
}

/** The failure message of a scenario-wide check's testcase: what it found, in its own words. */
function checkFailureMessage(check: ScenarioCheck, failures: readonly Failure[]): string {
  if (check === 'exhaustive') return `${plural(failures.length, 'notified decision')} no expectation names; first: ${describeFailure(failures[0]!)}`;
  return failures.map((f) => `${f.field} ${plain(f.actual)}, expected ${plain(f.expected)}`).join('; ');
}

/**
 * One testcase for a scenario's expectations (named as the scenario), and one for each
 * scenario-wide check it runs ("NAME [exhaustive]", "NAME [gaps]"), so a report counts
 * and names what failed. A scenario made of checks alone has no expectations testcase;
 * the replay's time is the first testcase's.
 */
function junitCases(r: ScenarioResult, file: string): { xml: string; outcome: 'passed' | 'failures' | 'errors' }[] {
  const open = (name: string, ms: number) => `    <testcase name="${xml(name)}" classname="${xml(file)}" time="${(ms / 1000).toFixed(3)}"`;
  if (r.error !== null) return [{ xml: `${open(r.name, r.durationMs)}>\n      <error message="${xml(r.error.split('\n')[0]!)}">${xml(r.error)}</error>\n    </testcase>`, outcome: 'errors' }];
  const parts: { name: string; failures: Failure[]; message: () => string }[] = [];
  if (r.expectations > 0 || r.checks.length === 0) {
    parts.push({ name: r.name, failures: r.failures.filter((f) => checkOf(f) === 'expect'), message: () => failureMessage(r) });
  }
  for (const check of r.checks) {
    const failures = r.failures.filter((f) => checkOf(f) === check);
    parts.push({ name: `${r.name} [${check}]`, failures, message: () => checkFailureMessage(check, failures) });
  }
  return parts.map((p, i) => {
    const head = open(p.name, i === 0 ? r.durationMs : 0);
    if (p.failures.length === 0) return { xml: `${head}/>`, outcome: 'passed' };
    return { xml: `${head}>\n      <failure message="${xml(p.message())}">${xml(p.failures.map(describeFailure).join('\n'))}</failure>\n    </testcase>`, outcome: 'failures' };
  });
}

/** Text for XML or HTML (JUnit, the HTML report): markup characters escaped, control characters XML forbids left out. */
export function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitReport(results: readonly ScenarioResult[]): string {
  const files = [...new Set(results.map((r) => r.file))];
  const all = { tests: 0, failures: 0, errors: 0 };
  const suites = files.map((file) => {
    const cases = results.filter((r) => r.file === file).flatMap((r) => junitCases(r, file));
    const n = { tests: cases.length, passed: 0, failures: 0, errors: 0 };
    for (const c of cases) n[c.outcome] += 1;
    for (const key of ['tests', 'failures', 'errors'] as const) all[key] += n[key];
    return `  <testsuite name="${xml(file)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}">\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="notifyctl" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}


export function renderScenarioText(results: readonly ScenarioResult[], o: Output): void {
  const c = colors(o.color);
  const lines: string[] = [];
  for (const r of results) {
    if (r.passed) {
      lines.push(`${c.green('✓')} ${r.name}`);
      continue;
    }
    lines.push(`${c.red('✗')} ${r.name}  ${c.dim(`(${r.file})`)}`);
    if (r.error !== null) lines.push(...r.error.split('\n').map((l) => `    ${l}`));
    for (const f of r.failures) lines.push(`    ${describeFailure(f)}`);
  }
  const passed = results.filter((r) => r.passed).length;
  lines.push(`${passed} passed, ${results.length - passed} failed`);
  o.out.write(lines.join('\n') + '\n');
}

/** What a scenario checked: "2 expectations", "exhaustive, gaps", "1 expectation, exhaustive". */
function checksCell(r: ScenarioResult): string {
  const expectations = r.expectations > 0 || r.checks.length === 0 ? [plural(r.expectations, 'expectation')] : [];
  return [...expectations, ...r.checks].join(', ');
}

/** A report for a CI job summary ($GITHUB_STEP_SUMMARY): a table of scenarios, then each failure. */
export function renderScenarioMarkdown(results: readonly ScenarioResult[], o: Output): void {
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  const lines = [`## notifyctl test: ${passed} passed, ${failed} failed`, '', '| | scenario | file | checks |', '|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.passed ? '✅' : '❌'} | ${md(r.name)} | ${md(r.file)} | ${r.error !== null ? 'error' : checksCell(r)} |`);
  for (const r of results.filter((x) => !x.passed)) {
    lines.push('', `### ❌ ${md(r.name)}`, '', '```');
    if (r.error !== null) lines.push(...r.error.split('\n'));
    for (const f of r.failures) lines.push(describeFailure(f));
    lines.push('```');
  }
  o.out.write(lines.join('\n') + '\n');
}
