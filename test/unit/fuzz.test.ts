/**
 * Fuzzing: arbitrary and mutated input to every reader. Each outcome is a value or a
 * clean error for people (DataError, LogLineError) — never another exception.
 */
import fc from 'fast-check';
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, LogLineError } from '../../src/domain/errors.js';
import { emptyWorkspace } from '../../src/domain/workspace.js';
import { toEvent } from '../../src/io/log-events.js';
import { readLog } from '../../src/io/log-reader.js';
import { parsePreferenceFile } from '../../src/io/prefs-file.js';
import { loadScenarios } from '../../src/io/scenarios.js';
import { workspaceFromText } from '../../src/io/workspace-doc.js';
import { BASE, workspace } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'notifyctl-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ws = workspace(BASE);
const known = { isUser: (id: string) => ws.users.has(id), isItem: (id: string) => ws.items.has(id) };

function cleanly(error: unknown): boolean {
  return error instanceof DataError || error instanceof LogLineError;
}

async function outcome(work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!cleanly(error)) throw error;
  }
}

const GOOD_LINES = [
  '{"type":"message","id":"m1","at":"2026-03-02T09:00:00Z","conversation":"c-1","author":"cust","authorKind":"customer"}',
  '{"type":"message","id":"m2","at":"2026-03-02T09:00:01Z","conversation":"c-1","author":"bob","authorKind":"user","audience":"internal","item":"T-1"}',
  '{"type":"view","at":1772442002000,"user":"alice","conversation":"c-1"}',
  '{"type":"follow","at":"2026-03-02T10:00:03+01:00","user":"carol","item":"T-1"}',
];

/** A valid line with characters replaced, inserted or deleted. */
const mutatedLine = fc
  .tuple(fc.constantFrom(...GOOD_LINES), fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ maxLength: 3 })), { maxLength: 4 }))
  .map(([line, edits]) => {
    let out = line;
    for (const [at, kind, text] of edits) {
      const i = at % (out.length + 1);
      out = kind === 'delete' ? out.slice(0, i) + out.slice(i + 1) : kind === 'insert' ? out.slice(0, i) + text + out.slice(i) : out.slice(0, i) + text + out.slice(i + text.length);
    }
    return out;
  });

describe('fuzzing the readers', () => {
  it('toEvent: any JSON value is an event or a LogLineError', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), (value) => outcome(() => toEvent(value, 1, known))), { numRuns: 500 });
    await fc.assert(
      fc.asyncProperty(fc.record({ type: fc.constantFrom('message', 'view', 'follow', 'unfollow', 'x'), at: fc.oneof(fc.integer(), fc.string(), fc.double()), id: fc.anything(), conversation: fc.anything(), author: fc.anything(), authorKind: fc.anything(), audience: fc.anything(), user: fc.anything(), item: fc.anything() }, { requiredKeys: [] }), (value) => outcome(() => toEvent(value, 1, known))),
      { numRuns: 500 },
    );
  });

  it('readLog: arbitrary and mutated logs are read or refused by line', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mutatedLine, fc.string(), fc.constantFrom(...GOOD_LINES)), { maxLength: 8 }), async (lines) => {
        const path = join(dir, `log-${n++}.ndjson`);
        writeFileSync(path, lines.join('\n'));
        await outcome(() => readLog({ path, known, sort: n % 2 === 0, onEvent: () => {} }));
      }),
      { numRuns: 300 },
    );
  });

  it('workspace documents: arbitrary JSON and YAML text is a workspace or a DataError', async () => {
    await fc.assert(fc.asyncProperty(fc.json(), (text) => outcome(() => workspaceFromText(emptyWorkspace(), 'fuzz.json', text, 'merge'))), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.string(), (text) => outcome(() => workspaceFromText(emptyWorkspace(), 'fuzz.yaml', text, 'merge'))), { numRuns: 300 });
    const good = JSON.stringify(BASE);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.string({ maxLength: 4 }), (at, text) => {
        const i = at % good.length;
        return outcome(() => workspaceFromText(emptyWorkspace(), 'fuzz.json', good.slice(0, i) + text + good.slice(i + 1), 'merge'));
      }),
      { numRuns: 300 },
    );
  });

  it('scenario files never throw: a bad one becomes a scenario that fails with its error', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ name: 'x', workspace: BASE, log: v, expect: v }))), async (text) => {
        const path = join(dir, `scenario-${n++}.yaml`);
        writeFileSync(path, text);
        const loaded = await loadScenarios(path);
        expect(loaded.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('preference CSV and JSON files: every row is read or reported', async () => {
    const header = 'user,access,customerMessages,email\n';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.oneof(fc.constantFrom('alice', 'bob', 'on', 'off', 'all', '', 'mine', '"'), fc.string({ maxLength: 5 })), { maxLength: 5 }), { maxLength: 6 }), (rows) =>
        outcome(() => parsePreferenceFile('fuzz.csv', header + rows.map((r) => r.join(',')).join('\n'), known.isUser)),
      ),
      { numRuns: 300 },
    );
    await fc.assert(fc.asyncProperty(fc.json(), (text) => outcome(() => parsePreferenceFile('fuzz.json', text, known.isUser))), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.string(), (text) => outcome(() => parsePreferenceFile('fuzz.csv', text, known.isUser))), { numRuns: 300 });
  });
});
