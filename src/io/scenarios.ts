/**
 * Scenario files (SPEC section 8): YAML or JSON, one scenario or a list under
 * `scenarios:`. A scenario has a name, an optional window, a workspace (inline or a path
 * relative to the file), a log and expectations. Reading never throws for one bad
 * scenario: it becomes a scenario that fails with its error.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_WINDOW_MS, DECISION_FIELDS } from '../domain/decision.js';
import { DataError, LogLineError } from '../domain/errors.js';
import type { LogEvent } from '../domain/events.js';
import { parseDuration } from '../domain/time.js';
import { emptyWorkspace, type Workspace } from '../domain/workspace.js';
import { parseDocumentText } from './document-text.js';
import { LogSequence, toEvent } from './log-events.js';
import { applyDocument, validateDocument } from './workspace-doc.js';
import { cannotRead, utf8Text } from './read-input.js';

export interface Expectation {
  /** Where it is written, e.g. "expect[2]". */
  where: string;
  message: string;
  user: string;
  /** The decision fields it names, with the values expected. */
  fields: Map<string, unknown>;
}

export interface GapExpectation {
  unnoticed?: number;
  unreachable?: number;
}

export interface Scenario {
  name: string;
  file: string;
  /** Its place in the file's `scenarios:` list, or null when the file is one scenario. */
  index: number | null;
  window: number;
  workspace: Workspace;
  log: LogEvent[];
  expect: Expectation[];
  /** Every notified decision must be expected (SPEC 9.11). */
  exhaustive: boolean;
  gaps: GapExpectation | null;
}

/** A scenario that could not be read: it fails with this error. */
export interface BrokenScenario {
  name: string;
  file: string;
  error: string;
}

const SCENARIO_KEYS = ['name', 'window', 'workspace', 'log', 'expect', 'exhaustive', 'gaps'];
const EXPECTATION_FIELDS: readonly string[] = DECISION_FIELDS;

/** Files named on the command line; a directory stands for its *.yaml, *.yml and *.json. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      files.push(path); // reported as unreadable when loaded
      continue;
    }
    if (!isDir) files.push(path);
    else for (const name of readdirSync(path).sort()) if (/\.(ya?ml|json)$/i.test(name)) files.push(join(path, name));
  }
  return files;
}

/** Where the files a scenario names may be: its own folder tree, and folders given with --allow-path. */
export interface ScenarioPaths {
  allow: readonly string[];
}

/**
 * The path a scenario names for its workspace or log, resolved against the scenario's
 * folder and confined to that folder tree or an allowed one: a scenario from a pull
 * request must not read /proc/self/environ or ../../.env into a CI report.
 */
function confinedPath(file: string, named: string, key: string, where: string, paths: ScenarioPaths): string {
  const path = resolve(dirname(file), named);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const target = real(path);
  const roots = [dirname(real(file)), ...paths.allow.map(real)];
  if (!roots.some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep))) {
    throw new DataError(`${where}: "${key}" names ${named}, which is outside the scenario's folder ${dirname(real(file))}; move it there, or allow its folder with --allow-path`);
  }
  return path;
}

/**
 * `given`: the text when it does not come from the file (standard input, "-"; paths then
 * resolve from the current folder). `recording`: `expect` may be missing (test --record fills it).
 */
export async function loadScenarios(file: string, paths: ScenarioPaths = { allow: [] }, given?: string, recording = false): Promise<(Scenario | BrokenScenario)[]> {
  let text: string;
  try {
    text = given ?? utf8Text(file, readFileSync(file));
  } catch (error) {
    return [{ name: basename(file), file, error: error instanceof DataError ? error.message : cannotRead(file, error).message }];
  }
  let raw: unknown;
  try {
    raw = await parseDocumentText(file, text);
  } catch (error) {
    return [{ name: basename(file), file, error: messageOf(error, file) }];
  }
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const list = isObject && 'scenarios' in (raw as object) ? (raw as { scenarios: unknown }).scenarios : [raw];
  if (!Array.isArray(list)) return [{ name: basename(file), file, error: `${file}: "scenarios" must be a list of scenarios` }];
  const out: (Scenario | BrokenScenario)[] = [];
  for (const [i, entry] of list.entries()) {
    const single = list.length === 1 && !(isObject && 'scenarios' in (raw as object));
    const where = single ? file : `${file}: scenarios[${i}]`;
    const fallbackName = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : list.length === 1 ? basename(file) : `${basename(file)} #${i + 1}`;
    try {
      out.push({ ...(await toScenario(entry, file, fallbackName, where, paths, recording)), index: single ? null : i });
    } catch (error) {
      out.push({ name: fallbackName, file, error: messageOf(error, where) });
    }
  }
  return out;
}

function messageOf(error: unknown, where: string): string {
  if (error instanceof DataError) return [error.message, ...error.details.map((d) => `  ${d}`)].join('\n');
  if (error instanceof LogLineError) return `${where}: log[${error.line - 1}]: ${error.problem}`;
  return `${where}: ${(error as Error).message}`;
}

async function toScenario(entry: unknown, file: string, name: string, where: string, paths: ScenarioPaths, recording: boolean): Promise<Omit<Scenario, 'index'>> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new DataError(`${where}: a scenario must be an object with ${SCENARIO_KEYS.join(', ')}`);
  const s = entry as Record<string, unknown>;
  const unknown = Object.keys(s).filter((k) => !SCENARIO_KEYS.includes(k));
  if (unknown.length > 0) throw new DataError(`${where}: unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}; accepted: ${SCENARIO_KEYS.join(', ')}`);
  if (s.name !== undefined && typeof s.name !== 'string') throw new DataError(`${where}: "name" must be text`);

  let window = DEFAULT_WINDOW_MS;
  if (s.window !== undefined) {
    const ms = typeof s.window === 'number' && Number.isInteger(s.window) && s.window >= 0 ? s.window * 1000 : typeof s.window === 'string' ? parseDuration(s.window) : null;
    if (ms === null) throw new DataError(`${where}: "window" is ${JSON.stringify(s.window)}; accepted: whole seconds (60) or a duration ("90s", "2m")`);
    window = ms;
  }

  let doc: unknown = s.workspace;
  let docName = `${where}: workspace`;
  if (typeof doc === 'string') {
    const path = confinedPath(file, doc, 'workspace', where, paths);
    docName = path;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new DataError(`${where}: ${cannotRead(path, error, 'the workspace').message}`);
    }
    const text = utf8Text(path, bytes);
    try {
      doc = await parseDocumentText(path, text);
    } catch {
      doc = undefined;
    }
    // Never quote what the file holds when it is not a document at all: it may be anything.
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new DataError(`${where}: ${path} is not a workspace document (a JSON or YAML object with users, projects and items)`);
    }
  } else if (doc === undefined) {
    throw new DataError(`${where}: "workspace" is missing: a workspace document, or the path of one relative to this file`);
  }
  const workspace = applyDocument(emptyWorkspace(), validateDocument(doc, docName, emptyWorkspace(), 'replace'), 'replace', docName);

  let events: unknown[];
  if (typeof s.log === 'string') events = readLogLines(confinedPath(file, s.log, 'log', where, paths), where);
  else if (Array.isArray(s.log)) events = s.log;
  else throw new DataError(`${where}: "log" must be a list of events, or the path of an NDJSON log relative to this file`);
  const known = { isUser: (id: string) => workspace.users.has(id), isItem: (id: string) => workspace.items.has(id) };
  const sequence = new LogSequence(false);
  const log = events.map((raw, i) => {
    const event = toEvent(raw, i + 1, known);
    sequence.accept(event);
    return event;
  });

  if (s.exhaustive !== undefined && typeof s.exhaustive !== 'boolean') throw new DataError(`${where}: "exhaustive" must be true or false`);
  const exhaustive = s.exhaustive === true;
  const gaps = toGapExpectation(s.gaps, where);
  // With exhaustive: true an empty list says "nobody is notified"; a gaps expectation may stand alone.
  const expectOptional = recording || exhaustive || gaps !== null;
  if (s.expect === undefined && expectOptional) s.expect = [];
  if (!Array.isArray(s.expect) || (s.expect.length === 0 && !expectOptional)) throw new DataError(`${where}: "expect" must be a non-empty list of expectations (or an empty one with exhaustive: true)`);
  const messages = new Set(log.filter((e) => e.type === 'message').map((e) => (e as { id: string }).id));
  const expect = s.expect.map((raw, i) => toExpectation(raw, `expect[${i}]`, where, messages, workspace));
  return { name: (s.name as string | undefined) ?? name, file, window, workspace, log, expect, exhaustive, gaps };
}

function toGapExpectation(raw: unknown, where: string): GapExpectation | null {
  if (raw === undefined) return null;
  const bad = () => new DataError(`${where}: "gaps" must be an object with unnoticed and/or unreachable, each a whole number: { unnoticed: 0 }`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad();
  const out: GapExpectation = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((key !== 'unnoticed' && key !== 'unreachable') || typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw bad();
    out[key] = value;
  }
  if (Object.keys(out).length === 0) throw bad();
  return out;
}

/** An NDJSON log a scenario names: one JSON object a line, blank lines skipped; the line number stays the file's. */
function readLogLines(path: string, where: string): unknown[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(`${where}: ${cannotRead(path, error, 'the log').message}`);
  }
  const text = utf8Text(path, bytes);
  const events: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      throw new DataError(`${path}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
  });
  return events;
}

function toExpectation(raw: unknown, at: string, where: string, messages: Set<string>, ws: Workspace): Expectation {
  const fail = (problem: string): never => {
    throw new DataError(`${where}: ${at}: ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('an expectation must be an object naming message, user and decision fields');
  const e = raw as Record<string, unknown>;
  if (typeof e.message !== 'string') fail('"message" is missing');
  if (typeof e.user !== 'string') fail('"user" is missing');
  if (!messages.has(e.message as string)) fail(`message ${JSON.stringify(e.message)} is not in the log`);
  if (!ws.users.has(e.user as string)) fail(`user ${JSON.stringify(e.user)} is not in the workspace`);
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(e)) {
    if (key === 'message' || key === 'user') continue;
    if (!EXPECTATION_FIELDS.includes(key)) fail(`${JSON.stringify(key)} is not a decision field; accepted: ${EXPECTATION_FIELDS.join(', ')}`);
    fields.set(key, value);
  }
  return { where: at, message: e.message as string, user: e.user as string, fields };
}
