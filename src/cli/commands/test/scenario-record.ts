/**
 * `notifyctl test --record FILE` (SPEC 9.11): today's notified decisions written into
 * the scenario file's `expect`, with `exhaustive: true`, as a snapshot that a later
 * change to the rules or the workspace must match. The rest of the file stays as it was,
 * comments included (YAML is edited as a document, not re-printed from data), and so do
 * its line ends, its mode and a symbolic link to it.
 */
import { readFileSync } from 'node:fs';
import { DataError } from '../../../domain/errors.js';
import { guessFormat } from '../../../io/document-text.js';
import { cannotRead, utf8Text } from '../../../io/read-input.js';
import { rewriteKeptFile } from '../../../io/report-file.js';
import { loadScenarios, type Scenario } from '../../../io/scenarios.js';
import { replayScenario } from './scenario-run.js';
import { jsonText } from '../../output/json.js';

export interface Recorded {
  scenarios: number;
  expectations: number;
}

/** What a scenario expects today: its notified decisions, in log order. */
function snapshot(s: Scenario): Record<string, unknown>[] {
  return replayScenario(s).notified.map((d) => ({ message: d.message, user: d.user, alert: d.alert, email: d.email, ...(d.emailSkipped !== null && { emailSkipped: d.emailSkipped }), reason: d.reason }));
}

export async function recordScenarioFile(file: string, allow: readonly string[]): Promise<Recorded> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  const text = utf8Text(file, bytes);
  const loaded = await loadScenarios(file, { allow }, text, true);
  const broken = loaded.find((s) => 'error' in s);
  if (broken !== undefined && 'error' in broken) throw new DataError(`cannot record ${file}: it does not run; nothing was written:`, broken.error.split('\n'));
  const scenarios = loaded as Scenario[];
  const records = scenarios.map((s) => ({ path: s.index === null ? [] : ['scenarios', s.index], expect: snapshot(s) }));
  let out: string;
  if (guessFormat(file, text) === 'json') {
    const raw = JSON.parse(text) as Record<string, unknown>;
    for (const r of records) {
      const target = (r.path.length === 0 ? raw : (raw.scenarios as Record<string, unknown>[])[r.path[1] as number]) as Record<string, unknown>;
      target.exhaustive = true;
      target.expect = r.expect;
    }
    out = jsonText(raw);
  } else {
    const YAML = await (await import('../../../io/yaml.js')).loadYaml();
    const doc = YAML.parseDocument(text);
    for (const r of records) {
      doc.setIn([...r.path, 'exhaustive'], true);
      const list = doc.createNode(r.expect) as InstanceType<typeof YAML.YAMLSeq>;
      // One expectation a line, as people write them.
      for (const item of list.items) (item as InstanceType<typeof YAML.YAMLMap>).flow = true;
      doc.setIn([...r.path, 'expect'], list);
    }
    out = doc.toString({ lineWidth: 0 });
  }
  // The file keeps its line ends (CRLF when its first line ends so) and its byte-order mark.
  if (/^[^\n]*\r\n/.test(text)) out = out.replace(/\r?\n/g, '\r\n');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) out = `\uFEFF${out}`;
  rewriteKeptFile(file, out, '--record');
  return { scenarios: records.length, expectations: records.reduce((n, r) => n + r.expect.length, 0) };
}
