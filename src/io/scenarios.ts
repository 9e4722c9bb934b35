/**
 * Scenario files (SPEC section 8): YAML or JSON, one scenario or a list under
 * `scenarios:`. A scenario has a name, an optional window, a workspace (inline or a path
 * relative to the file), a log and expectations. Reading never throws for one bad
 * scenario: it becomes a scenario that fails with its error.
 */
import { readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_WINDOW_MS, DECISION_FIELDS } from '../domain/decision.js';
import { EMAIL_SKIPPED_VALUES, REASONS, VIA_VALUES } from '../domain/reasons.js';
import { DataError, LogLineError } from '../domain/errors.js';
import type { LogEvent } from '../domain/events.js';
import { parseDuration, parseTime } from '../domain/time.js';
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

/** A file to run: named on the command line, or found in a folder (then it may turn out not to be a scenario). */
export interface ScenarioFile {
  file: string;
  searched: boolean;
}

const SCENARIO_EXTENSION = /\.(ya?ml|json)$/i;

/**
 * Files named on the command line; a directory stands for its *.yaml, *.yml and *.json
 * and those of its subfolders (SPEC 10.2), in name order, each folder's files before its
 * subfolders'. Links to folders are not followed (a link to a parent would never end).
 */
export function scenarioFiles(paths: readonly string[]): ScenarioFile[] {
  const files: ScenarioFile[] = [];
  const search = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const isFile = (e: Dirent) => e.isFile() || (e.isSymbolicLink() && statSafe(join(dir, e.name))?.isFile() === true);
    for (const e of entries) if (SCENARIO_EXTENSION.test(e.name) && isFile(e)) files.push({ file: join(dir, e.name), searched: true });
    for (const e of entries) if (e.isDirectory()) search(join(dir, e.name));
  };
  for (const path of paths) {
    const stat = statSafe(path);
    // A missing path is reported as unreadable when loaded.
    if (stat?.isDirectory()) search(path);
    else files.push({ file: path, searched: false });
  }
  return files;
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether a document is one a folder search runs: it has `expect` or `scenarios` (a shared workspace beside the scenarios has neither). */
function isScenarioDocument(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && ('expect' in raw || 'scenarios' in raw);
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
 * resolve from the current folder). `recording`: `expect` may be missing (test --record
 * fills it). `notScenario`: for a file found in a folder, called (and nothing returned)
 * when the document has neither `expect` nor `scenarios`.
 */
export async function loadScenarios(file: string, paths: ScenarioPaths = { allow: [] }, given?: string, recording = false, notScenario?: () => void): Promise<(Scenario | BrokenScenario)[]> {
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
  if (notScenario !== undefined && !isScenarioDocument(raw)) {
    notScenario();
    return [];
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

/** A problem of a scenario as lines: a DataError's sentence and each of its details, or one line. */
function problemLines(error: unknown, prefix: string): string[] {
  if (error instanceof DataError && error.details.length > 0) return error.details.map((d) => `${prefix}${d}`);
  if (error instanceof LogLineError) return [`${prefix}[${error.line - 1}]: ${error.problem}`];
  return [`${(error as Error).message}`];
}

/**
 * A scenario from its document, with every problem at once (SPEC 9.5, 10.2): unknown keys,
 * bad values, the workspace's problems, the log's bad lines and the expectations' —
 * each part checked as far as the parts it depends on allow (no "unknown user" in the
 * log or the expectations when the workspace itself could not be read).
 */
async function toScenario(entry: unknown, file: string, name: string, where: string, paths: ScenarioPaths, recording: boolean): Promise<Omit<Scenario, 'index'>> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new DataError(`${where}: a scenario must be an object with ${SCENARIO_KEYS.join(', ')}`);
  const s = entry as Record<string, unknown>;
  const problems: string[] = [];
  /** Runs one part; a problem is listed and the part is left out (undefined). */
  const part = async <T>(work: () => T | Promise<T>, prefix: string): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DataError || error instanceof LogLineError)) throw error;
      problems.push(...problemLines(error, prefix).map((line) => line.replace(`${where}: `, '')));
      return undefined;
    }
  };
  const unknown = Object.keys(s).filter((k) => !SCENARIO_KEYS.includes(k));
  if (unknown.length > 0) problems.push(`unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}; accepted: ${SCENARIO_KEYS.join(', ')}`);
  if (s.name !== undefined && typeof s.name !== 'string') problems.push('"name" must be text');

  let window = DEFAULT_WINDOW_MS;
  if (s.window !== undefined) {
    const ms = typeof s.window === 'number' && Number.isInteger(s.window) && s.window >= 0 ? s.window * 1000 : typeof s.window === 'string' ? parseDuration(s.window) : null;
    if (ms === null) problems.push(`"window" is ${JSON.stringify(s.window)}; accepted: whole seconds (60) or a duration ("90s", "2m")`);
    else window = ms;
  }

  const workspace = await part(async () => {
    let doc: unknown = s.workspace;
    let docName = `${where}: workspace`;
    if (typeof doc === 'string') {
      const path = confinedPath(file, doc, 'workspace', where, paths);
      docName = path;
      const text = readScenarioPart(path, where, 'the workspace');
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
    return applyDocument(emptyWorkspace(), validateDocument(doc, docName, emptyWorkspace(), 'replace'), 'replace', docName);
  }, 'workspace: ');

  // The log's lines, each checked (a user or item the workspace lacks only when there is a workspace to ask).
  const known = workspace === undefined ? { isUser: () => true, isItem: () => true } : { isUser: (id: string) => workspace.users.has(id), isItem: (id: string) => workspace.items.has(id) };
  const log = await part(() => {
    let events: unknown[];
    if (typeof s.log === 'string') events = readLogLines(confinedPath(file, s.log, 'log', where, paths), where);
    else if (Array.isArray(s.log)) events = s.log;
    else throw new DataError(`${where}: "log" must be a list of events, or the path of an NDJSON log relative to this file`);
    const sequence = new LogSequence(false);
    const lines: LogEvent[] = [];
    const bad: string[] = [];
    events.forEach((raw, i) => {
      try {
        const event = toEvent(raw, i + 1, known);
        sequence.accept(event);
        lines.push(event);
      } catch (error) {
        if (!(error instanceof LogLineError)) throw error;
        bad.push(`log[${error.line - 1}]: ${error.problem}`);
      }
    });
    if (bad.length > 0) throw new DataError(`${where}: the log has ${bad.length} bad lines`, bad);
    return lines;
  }, '');

  if (s.exhaustive !== undefined && typeof s.exhaustive !== 'boolean') problems.push('"exhaustive" must be true or false');
  const exhaustive = s.exhaustive === true;
  const gaps = (await part(() => toGapExpectation(s.gaps, where), '')) ?? null;
  // With exhaustive: true an empty list says "nobody is notified"; a gaps expectation may stand alone.
  const expectOptional = recording || exhaustive || gaps !== null;
  if (s.expect === undefined && expectOptional) s.expect = [];
  let expect: Expectation[] = [];
  if (!Array.isArray(s.expect) || (s.expect.length === 0 && !expectOptional)) problems.push('"expect" must be a non-empty list of expectations (or an empty one with exhaustive: true)');
  else {
    // Messages and users are checked against the log and the workspace when those could be read.
    const messages = log === undefined ? null : new Set(log.filter((e) => e.type === 'message').map((e) => (e as { id: string }).id));
    expect = s.expect.flatMap((raw, i) => {
      const e = toExpectation(raw, `expect[${i}]`, messages, workspace ?? null);
      if (typeof e !== 'string') return [e];
      problems.push(e);
      return [];
    });
  }
  if (problems.length === 1) throw new DataError(`${where}: ${problems[0]}`);
  if (problems.length > 1) throw new DataError(`${where}: ${problems.length} problems:`, problems);
  return { name: (s.name as string | undefined) ?? name, file, window, workspace: workspace!, log: log!, expect, exhaustive, gaps };
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

/** A file a scenario names (its workspace, its log), as UTF-8 text; a problem names the scenario and the file. */
function readScenarioPart(path: string, where: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(`${where}: ${cannotRead(path, error, what).message}`);
  }
  return utf8Text(path, bytes);
}

/** An NDJSON log a scenario names: one JSON object a line, blank lines skipped; the line number stays the file's. */
function readLogLines(path: string, where: string): unknown[] {
  const text = readScenarioPart(path, where, 'the log');
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

/** What each decision field of an expectation accepts; null when `value` is accepted, else what is. */
const FIELD_VALUES: Record<string, (value: unknown) => string | null> = {
  at: (v) => (parseTime(v) !== null ? null : 'a time ("2026-03-02T09:00:00Z") or epoch milliseconds'),
  conversation: (v) => (typeof v === 'string' ? null : 'a conversation id'),
  item: (v) => (v === null || typeof v === 'string' ? null : 'an item id, or null'),
  alert: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  email: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  reason: (v) => ((REASONS as readonly unknown[]).includes(v) ? null : REASONS.join(', ')),
  via: (v) => (v === null || (VIA_VALUES as readonly unknown[]).includes(v) ? null : `${VIA_VALUES.join(', ')} or null`),
  emailSkipped: (v) => (v === null || (EMAIL_SKIPPED_VALUES as readonly unknown[]).includes(v) ? null : `${EMAIL_SKIPPED_VALUES.join(', ')} or null`),
  fireAt: (v) => (v === null || parseTime(v) !== null ? null : 'a time, or null'),
  seenAt: (v) => (v === null || parseTime(v) !== null ? null : 'a time, or null'),
};

/** The expectation, or every problem with it in one sentence ("expect[2]: …; …"). */
function toExpectation(raw: unknown, at: string, messages: Set<string> | null, ws: Workspace | null): Expectation | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${at}: an expectation must be an object naming message, user and decision fields`;
  const e = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.message !== 'string') problems.push('"message" is missing');
  else if (messages !== null && !messages.has(e.message)) problems.push(`message ${JSON.stringify(e.message)} is not in the log`);
  if (typeof e.user !== 'string') problems.push('"user" is missing');
  else if (ws !== null && !ws.users.has(e.user)) problems.push(`user ${JSON.stringify(e.user)} is not in the workspace`);
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(e)) {
    if (key === 'message' || key === 'user') continue;
    if (!EXPECTATION_FIELDS.includes(key)) {
      problems.push(`${JSON.stringify(key)} is not a decision field; accepted: ${EXPECTATION_FIELDS.join(', ')}`);
      continue;
    }
    const accepted = FIELD_VALUES[key]?.(value) ?? null;
    if (accepted !== null) problems.push(`"${key}" is ${JSON.stringify(value)}; accepted: ${accepted}`);
    fields.set(key, value);
  }
  if (problems.length > 0) return `${at}: ${problems.join('; ')}`;
  return { where: at, message: e.message as string, user: e.user as string, fields };
}
