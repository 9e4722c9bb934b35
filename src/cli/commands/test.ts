/**
 * `notifyctl test FILE|DIR…`: runs scenario files. Each scenario gets a fresh in-memory
 * database, its log is replayed, and every expectation is compared field by field with
 * the decision. The last line is "N passed, N failed"; exit 1 when any failed.
 */
import { writeFileSync } from 'node:fs';
import type { Decision } from '../../domain/decision.js';
import { UsageError } from '../../domain/errors.js';
import { parseTime } from '../../domain/time.js';
import { emptyWorkspace } from '../../domain/workspace.js';
import { Replay } from '../../engine/replay.js';
import { loadScenarios, scenarioFiles, type BrokenScenario, type Scenario } from '../../io/scenarios.js';
import { IN_MEMORY, openDatabase } from '../../store/database.js';
import { loadWorkspace, saveWorkspace } from '../../store/workspace-store.js';
import type { CliContext } from '../context.js';
import { colors, writeStdout } from '../output.js';
import { decisionObject } from '../render/decisions.js';

export interface Failure {
  message: string;
  user: string;
  field: string;
  expected: unknown;
  actual: unknown;
  /** The decision's reason, so the cause is visible. */
  reason: string;
}

export interface ScenarioResult {
  name: string;
  file: string;
  passed: boolean;
  expectations: number;
  failures: Failure[];
  error: string | null;
  seconds: number;
}

const TIME_FIELDS = new Set(['at', 'fireAt', 'seenAt']);

function matches(field: string, expected: unknown, actual: unknown): boolean {
  if (TIME_FIELDS.has(field) && expected !== null && actual !== null) {
    // Any way of writing the same instant matches: "09:01:00Z", "10:01:00+01:00", epoch ms.
    return parseTime(expected) !== null && parseTime(expected) === parseTime(actual);
  }
  return expected === actual;
}

export function runScenario(s: Scenario): ScenarioResult {
  const started = performance.now();
  // A fresh in-memory database, as import would fill one.
  const db = openDatabase(IN_MEMORY);
  saveWorkspace(db, emptyWorkspace(), s.workspace, { actor: 'notifyctl test', command: 'test', at: new Date() });
  const workspace = loadWorkspace(db);
  db.close();
  const wanted = new Set(s.expect.map((e) => `${e.message}\u0000${e.user}`));
  const decisions = new Map<string, Decision>();
  const replay = new Replay(workspace, {
    window: s.window,
    selection: { kind: 'users', users: new Set(s.expect.map((e) => e.user)) },
    onDecision: (d) => {
      const key = `${d.message}\u0000${d.user}`;
      if (wanted.has(key)) decisions.set(key, d);
    },
  });
  for (const event of s.log) replay.push(event);
  replay.end();
  const failures: Failure[] = [];
  for (const e of s.expect) {
    const decision = decisionObject(decisions.get(`${e.message}\u0000${e.user}`)!);
    for (const [field, expected] of e.fields) {
      if (!matches(field, expected, decision[field])) {
        failures.push({ message: e.message, user: e.user, field, expected, actual: decision[field], reason: decision.reason as string });
      }
    }
  }
  return { name: s.name, file: s.file, passed: failures.length === 0, expectations: s.expect.length, failures, error: null, seconds: (performance.now() - started) / 1000 };
}

function broken(s: BrokenScenario): ScenarioResult {
  return { name: s.name, file: s.file, passed: false, expectations: 0, failures: [], error: s.error, seconds: 0 };
}

export async function runScenarioFiles(paths: readonly string[]): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const file of scenarioFiles(paths)) {
    for (const s of await loadScenarios(file)) {
      if ('error' in s) {
        results.push(broken(s));
        continue;
      }
      try {
        results.push(runScenario(s));
      } catch (error) {
        results.push(broken({ name: s.name, file, error: `${file}: ${(error as Error).message}` }));
      }
    }
  }
  return results;
}

const show = (v: unknown) => JSON.stringify(v);

export function describeFailure(f: Failure): string {
  return `${f.message} / ${f.user}: ${f.field} expected ${show(f.expected)}, got ${show(f.actual)} (decision: ${f.reason})`;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitReport(results: readonly ScenarioResult[]): string {
  const files = [...new Set(results.map((r) => r.file))];
  const suites = files.map((file) => {
    const mine = results.filter((r) => r.file === file);
    const cases = mine.map((r) => {
      const open = `    <testcase name="${xml(r.name)}" classname="${xml(file)}" time="${r.seconds.toFixed(3)}"`;
      if (r.error !== null) return `${open}>\n      <error message="${xml(r.error.split('\n')[0]!)}">${xml(r.error)}</error>\n    </testcase>`;
      if (!r.passed) {
        const detail = r.failures.map(describeFailure).join('\n');
        return `${open}>\n      <failure message="${xml(`${r.failures.length} expectation${r.failures.length === 1 ? '' : 's'} failed`)}">${xml(detail)}</failure>\n    </testcase>`;
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

export async function runTest(ctx: CliContext, paths: string[], options: { junit?: string; format: 'text' | 'json' }): Promise<void> {
  if (paths.length === 0) throw new UsageError('test needs scenario files or directories, e.g. notifyctl test scenarios/');
  const results = await runScenarioFiles(paths);
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  if (options.junit !== undefined) writeFileSync(options.junit, junitReport(results));
  if (options.format === 'json') {
    await writeStdout(JSON.stringify({ scenarios: results, passed, failed }, null, 2) + '\n');
  } else {
    const c = colors(ctx.color);
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
    lines.push(`${passed} passed, ${failed} failed`);
    await writeStdout(lines.join('\n') + '\n');
  }
  if (failed > 0) process.exitCode = 1;
}
