/**
 * Running scenario files (`notifyctl test`): each scenario gets a fresh in-memory
 * database, its log is replayed, and every expectation is compared field by field with
 * the decision.
 */
import type { Decision } from '../../../domain/decision.js';
import { parseTime } from '../../../domain/time.js';
import { emptyWorkspace } from '../../../domain/workspace.js';
import { GapFinder, type GapCounts } from '../../../engine/gaps.js';
import { ask } from '../../../engine/questions.js';
import { loadScenarios, scenarioFiles, type BrokenScenario, type Scenario } from '../../../io/scenarios.js';
import { IN_MEMORY, openDatabase } from '../../../store/database.js';
import { loadWorkspace, saveWorkspace } from '../../../store/workspace-store.js';
import { decisionObject } from '../../render/decisions.js';

export interface Failure {
  /** The expectation that failed: "expect[2]", "exhaustive" or "gaps.unnoticed" (one may fail in several fields). */
  expectation: string;
  /** The message and user; null for a failed gaps expectation. */
  message: string | null;
  user: string | null;
  /** The decision field, "notified" for a decision no expectation names (exhaustive), or gaps.unnoticed / gaps.unreachable. */
  field: string;
  expected: unknown;
  actual: unknown;
  /** The decision's reason, so the cause is visible (for gaps: the messages counted). */
  reason: string;
}

export interface ScenarioResult {
  name: string;
  file: string;
  passed: boolean;
  /** The scenario's `expect` entries (SPEC 8), each a (message, user) with its fields. */
  expectations: number;
  /** The scenario-wide checks it ran besides its expectations (SPEC 9.11): "exhaustive", "gaps". */
  checks: ScenarioCheck[];
  failures: Failure[];
  error: string | null;
  /** How long it took, in whole milliseconds (SPEC 9.12). */
  durationMs: number;
}

export type ScenarioCheck = 'exhaustive' | 'gaps';

const TIME_FIELDS = new Set(['at', 'fireAt', 'seenAt']);

function matches(field: string, expected: unknown, actual: unknown): boolean {
  if (TIME_FIELDS.has(field) && expected !== null && actual !== null) {
    // Any way of writing the same instant matches: "09:01:00Z", "10:01:00+01:00", epoch ms.
    return parseTime(expected) !== null && parseTime(expected) === parseTime(actual);
  }
  return expected === actual;
}

/** The scenario's replay: the expected decisions, every notified one (in log order), and the gap counts with the gaps' messages. */
export function replayScenario(s: Scenario): { decisions: Map<string, Decision>; notified: Decision[]; gaps: { counts: GapCounts; unnoticed: string[]; unreachable: string[] } } {
  // A fresh in-memory database, as import would fill one.
  const db = openDatabase(IN_MEMORY);
  saveWorkspace(db, emptyWorkspace(), s.workspace, { actor: 'notifyctl test', command: 'test' });
  const workspace = loadWorkspace(db);
  db.close();
  const wanted = new Set(s.expect.map((e) => `${e.message}\u0000${e.user}`));
  const decisions = new Map<string, Decision>();
  const notified: Decision[] = [];
  const unnoticed: string[] = [];
  const unreachable: string[] = [];
  const finder = new GapFinder((row) => {
    unreachable.push(row.message);
    if (row.seenBy === null) unnoticed.push(row.message);
  });
  // Every user's decisions, "seen" tracked for all: what gaps need, and every notified decision for exhaustive.
  const replay = ask.gaps(workspace, {
    window: s.window,
    onDecision: (d, facts) => {
      const key = `${d.message}\u0000${d.user}`;
      // The decision is the replay's for this call only: a copy is kept.
      if (wanted.has(key)) decisions.set(key, { ...d });
      if (d.alert) notified.push({ ...d });
      finder.add(d, facts);
    },
  });
  for (const event of s.log) replay.push(event);
  replay.end();
  finder.end();
  return { decisions, notified, gaps: { counts: finder.counts, unnoticed, unreachable } };
}

export function runScenario(s: Scenario): ScenarioResult {
  const started = performance.now();
  const { decisions, notified, gaps } = replayScenario(s);
  const wanted = new Set(s.expect.map((e) => `${e.message}\u0000${e.user}`));
  const failures: Failure[] = [];
  for (const e of s.expect) {
    const decision = decisionObject(decisions.get(`${e.message}\u0000${e.user}`)!);
    for (const [field, expected] of e.fields) {
      if (!matches(field, expected, decision[field])) {
        failures.push({ expectation: e.where, message: e.message, user: e.user, field, expected, actual: decision[field], reason: decision.reason as string });
      }
    }
  }
  // exhaustive: someone newly notified and not listed is a failure, not a silent pass.
  if (s.exhaustive) {
    for (const d of notified) {
      if (!wanted.has(`${d.message}\u0000${d.user}`)) failures.push({ expectation: 'exhaustive', message: d.message, user: d.user, field: 'notified', expected: false, actual: true, reason: d.reason });
    }
  }
  for (const kind of ['unnoticed', 'unreachable'] as const) {
    const expected = s.gaps?.[kind];
    if (expected !== undefined && gaps.counts[kind] !== expected) {
      failures.push({ expectation: `gaps.${kind}`, message: null, user: null, field: `gaps.${kind}`, expected, actual: gaps.counts[kind], reason: gaps[kind].join(', ') });
    }
  }
  const checks: ScenarioCheck[] = [...(s.exhaustive ? (['exhaustive'] as const) : []), ...(Object.keys(s.gaps ?? {}).length > 0 ? (['gaps'] as const) : [])];
  return { name: s.name, file: s.file, passed: failures.length === 0, expectations: s.expect.length, checks, failures, error: null, durationMs: Math.round(performance.now() - started) };
}

function broken(s: BrokenScenario): ScenarioResult {
  return { name: s.name, file: s.file, passed: false, expectations: 0, checks: [], failures: [], error: s.error, durationMs: 0 };
}

/** The results, and the files found in folders that are not scenarios (SPEC 10.2: named in one note). */
export async function runScenarioFiles(paths: readonly string[], allow: readonly string[] = [], stdin?: () => string): Promise<{ results: ScenarioResult[]; skipped: string[] }> {
  const results: ScenarioResult[] = [];
  const skipped: string[] = [];
  const files = paths.flatMap((p) => (p === '-' ? [{ file: '-', searched: false }] : scenarioFiles([p])));
  for (const { file, searched } of files) {
    // Standard input: one scenario document; its relative paths are read from the current folder.
    const notScenario = searched ? () => skipped.push(file) : undefined;
    const loaded = file === '-' ? await loadScenarios('<stdin>', { allow }, stdin?.() ?? '') : await loadScenarios(file, { allow }, undefined, false, notScenario);
    for (const s of loaded) {
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
  return { results, skipped };
}
