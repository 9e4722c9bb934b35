/** Shared test helpers: workspaces from documents, replays of raw log objects, database counts. */
import Database from 'better-sqlite3';
import type { Decision } from '../src/domain/decision.js';
import type { LogEvent } from '../src/domain/events.js';
import { DEFAULT_WINDOW_MS } from '../src/domain/decision.js';
import { emptyWorkspace, type Workspace } from '../src/domain/workspace.js';
import type { DecisionFacts } from '../src/engine/decide.js';
import type { ReplayHistory, Selection } from '../src/engine/replay.js';
import { ask } from '../src/engine/questions.js';
import { BatchDecoder, BatchEncoder } from '../src/io/event-batch.js';
import { toEvent } from '../src/io/log-events.js';
import { LogSequence } from '../src/io/log-events.js';
import { applyDocument, validateDocument } from '../src/io/workspace-doc.js';

export function workspace(doc: unknown): Workspace {
  return applyDocument(emptyWorkspace(), validateDocument(doc, 'test'), 'replace', 'test');
}

export interface ReplayResult {
  decisions: Decision[];
  facts: DecisionFacts[];
}

/**
 * Replays raw log objects (as they would appear in an NDJSON file) through the real
 * validator. `threaded`: the events go through the batches a reading thread sends (in
 * batches of 3, structured-cloned), and the replay gets their conversation numbers.
 */
export function replay(
  ws: Workspace,
  log: object[],
  options: { window?: number; selection?: Selection; threaded?: boolean; history?: ReplayHistory } = {},
): ReplayResult {
  const decisions: Decision[] = [];
  const facts: DecisionFacts[] = [];
  const r = ask.decisions(ws, {
    history: options.history,
    window: options.window ?? DEFAULT_WINDOW_MS,
    selection: options.selection ?? { kind: 'all' },
    onDecision: (d, f) => {
      decisions.push({ ...d });
      facts.push({ ...f });
    },
  });
  const sequence = new LogSequence(false);
  // With a history, a user it held anywhere is accepted (SPEC 10.1).
  const everyUser = new Set([...ws.users.keys(), ...(options.history?.users ?? [])]);
  const known = { isUser: (id: string) => everyUser.has(id), isItem: (id: string) => ws.items.has(id) };
  const encoder = new BatchEncoder(3);
  const decoder = new BatchDecoder();
  const push = (event: LogEvent) => r.push(event);
  log.forEach((raw, i) => {
    const event = toEvent(raw, i + 1, known);
    sequence.accept(event);
    if (options.threaded !== true) r.push(event);
    else {
      const full = encoder.add(event);
      if (full !== null) decoder.decode(structuredClone(full), push);
    }
  });
  if (options.threaded === true) decoder.decode(structuredClone(encoder.take()), push);
  r.end();
  return { decisions, facts };
}

/** The decision for one (message, user) pair, or a failure naming what exists. */
export function decisionFor(result: ReplayResult, message: string, user: string): Decision {
  const d = result.decisions.find((x) => x.message === message && x.user === user);
  if (d === undefined) throw new Error(`no decision for ${message}/${user}`);
  return d;
}

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A small workspace most tests start from. */
export const BASE = {
  version: 1,
  users: [
    { id: 'alice', email: 'alice@example.com' },
    { id: 'bob', email: 'bob@example.com' },
    { id: 'carol', email: 'carol@example.com' },
  ],
  projects: [{ id: 'billing', members: ['alice', 'bob'] }],
  items: [{ id: 'T-1', project: 'billing', followers: ['bob'] }],
  conversations: [{ id: 'c-1', item: 'T-1' }],
};

export const customerMessage = (id: string, seconds: number, conversation = 'c-1', extra: object = {}) => ({
  type: 'message',
  id,
  at: at(seconds),
  conversation,
  author: 'cust-1',
  authorKind: 'customer',
  ...extra,
});

export const userMessage = (id: string, seconds: number, author: string, audience: 'internal' | 'customers', conversation = 'c-1', extra: object = {}) => ({
  type: 'message',
  id,
  at: at(seconds),
  conversation,
  author,
  authorKind: 'user',
  audience,
  ...extra,
});

export const view = (seconds: number, user: string, conversation = 'c-1') => ({ type: 'view', at: at(seconds), user, conversation });

/** How many audit rows a database file holds. */
export function auditCount(db: string): number {
  const sqlite = new Database(db, { readonly: true });
  const n = sqlite.prepare('SELECT count(*) FROM audit').pluck().get() as number;
  sqlite.close();
  return n;
}
