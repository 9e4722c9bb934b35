/** Scenario results for people (text), CI (JUnit XML) and scripts. */
import { plural } from '../../domain/text.js';
import type { Failure, ScenarioResult } from '../commands/test/scenario-run.js';
import { colors } from '../output/output.js';
import type { Output } from '../output/iostreams.js';
import { md } from './plan.js';

const show = (v: unknown) => JSON.stringify(v);

export function describeFailure(f: Failure): string {
  if (f.field === 'notified') return `${f.message} / ${f.user}: notified (${f.reason}) but not expected`;
  if (f.message === null) return `${f.field}: expected ${show(f.expected)}, got ${show(f.actual)}${f.reason === '' ? '' : ` (${f.reason})`}`;
  return `${f.message} / ${f.user}: ${f.field} expected ${show(f.expected)}, got ${show(f.actual)} (decision: ${f.reason})`;
}

/** A value as a person reads it in one line: text as it is, anything else as JSON. */
const plain = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * SPEC 10.2: "N of M expectations failed; first: MESSAGE / USER: FIELD VALUE, expected
 * VALUE", counting expectations (one may fail in several fields), not fields.
 */
export function failureMessage(r: ScenarioResult): string {
  const failed = new Set(r.failures.map((f) => f.expectation)).size;
  const f = r.failures[0]!;
  const first =
    f.field === 'notified'
      ? describeFailure(f)
      : f.message === null
        ? `${f.field} ${plain(f.actual)}, expected ${plain(f.expected)}`
        : `${f.message} / ${f.user}: ${f.field} ${plain(f.actual)}, expected ${plain(f.expected)}`;
  return `${failed} of ${plural(r.expectations, 'expectation')} failed; first: ${first}`;
}

/** Text for XML or HTML (JUnit, the HTML report): markup characters escaped, control characters XML forbids left out. */
export function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitReport(results: readonly ScenarioResult[]): string {
  const files = [...new Set(results.map((r) => r.file))];
  const suites = files.map((file) => {
    const mine = results.filter((r) => r.file === file);
    const cases = mine.map((r) => {
      const open = `    <testcase name="${xml(r.name)}" classname="${xml(file)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      if (r.error !== null) return `${open}>\n      <error message="${xml(r.error.split('\n')[0]!)}">${xml(r.error)}</error>\n    </testcase>`;
      if (!r.passed) {
        const detail = r.failures.map(describeFailure).join('\n');
        return `${open}>\n      <failure message="${xml(failureMessage(r))}">${xml(detail)}</failure>\n    </testcase>`;
      }
      return `${open}/>`;
    });
    const failures = mine.filter((r) => !r.passed && r.error === null).length;
    const errors = mine.filter((r) => r.error !== null).length;
    return `  <testsuite name="${xml(file)}" tests="${mine.length}" failures="${failures}" errors="${errors}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const failed = results.filter((r) => !r.passed && r.error === null).length;
  const errors = results.filter((r) => r.error !== null).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="notifyctl" tests="${results.length}" failures="${failed}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
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

/** A report for a CI job summary ($GITHUB_STEP_SUMMARY): a table of scenarios, then each failure. */
export function renderScenarioMarkdown(results: readonly ScenarioResult[], o: Output): void {
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  const lines = [`## notifyctl test: ${passed} passed, ${failed} failed`, '', '| | scenario | file | checks |', '|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.passed ? '✅' : '❌'} | ${md(r.name)} | ${md(r.file)} | ${r.error !== null ? 'error' : r.expectations} |`);
  for (const r of results.filter((x) => !x.passed)) {
    lines.push('', `### ❌ ${md(r.name)}`, '', '```');
    if (r.error !== null) lines.push(...r.error.split('\n'));
    for (const f of r.failures) lines.push(describeFailure(f));
    lines.push('```');
  }
  o.out.write(lines.join('\n') + '\n');
}
