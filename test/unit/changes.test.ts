/**
 * The one change vocabulary: applying the difference of two workspaces to the first gives
 * the second, and applying its inverse to the second gives the first back — for any two
 * workspaces, entities that come and go included. Undo, --as-of, plans and fixes all rest
 * on this.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, applyInverse, inverse, type Change } from '../../src/domain/changes.js';
import { jsonText } from '../../src/cli/output/json.js';
import { changeObjects, jsonValueOf, summariseChanges, writeChangeTable, writeChangesJson } from '../../src/cli/render/changes.js';
import { cellText } from '../../src/cli/render/table.js';
import type { Output } from '../../src/cli/output/iostreams.js';
import type { PreferenceKey } from '../../src/domain/preferences.js';
import { diffWorkspaces } from '../../src/domain/workspace-diff.js';
import { cloneWorkspace, preferencesOf, type Workspace } from '../../src/domain/workspace.js';
import { toDocument } from '../../src/io/workspace-doc.js';
import { applyFix, fixToChanges } from '../../src/engine/fixes.js';
import { workspace } from '../helpers.js';

const USERS = ['u1', 'u2', 'u3'];
const someOf = <T>(xs: T[]) => fc.subarray(xs);
const prefs = fc.record({ customerMessages: fc.constantFrom('all', 'mine', 'none'), email: fc.boolean(), access: fc.constantFrom('all-projects', 'own-projects') }, { requiredKeys: [] });

/** A random workspace over a few ids, so that two of them share and differ in everything. */
const docArb = fc
  .record({
    users: someOf(USERS).chain((ids) => fc.tuple(...ids.map((id) => fc.record({ name: fc.option(fc.constantFrom('Ann', 'Bo'), { nil: undefined }), role: fc.option(fc.constantFrom('support', 'sales'), { nil: undefined }), active: fc.boolean(), preferences: prefs }).map((u) => ({ id, ...u }))))),
    defaults: prefs,
    roleDefaults: fc.option(fc.record({ support: prefs }), { nil: undefined }),
    projects: someOf(['p1', 'p2']),
    items: someOf(['i1', 'i2']),
    conversations: someOf(['c1', 'c2']),
    seed: fc.nat(),
  })
  .map(({ users, defaults, roleDefaults, projects, items, conversations, seed }) => {
    const ids = users.map((u) => u.id);
    const pick = (n: number) => ids.filter((_, i) => ((seed >> (n + i)) & 1) === 1);
    const project = projects[0];
    return {
      version: 1,
      defaults,
      ...(roleDefaults !== undefined && { roleDefaults }),
      users: users.map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined))),
      projects: projects.map((id, n) => ({ id, members: pick(n) })),
      items: project === undefined ? [] : items.map((id, n) => ({ id, project: projects[n % projects.length], followers: pick(n + 2) })),
      conversations: conversations.map((id, n) => ({ id, ...(project !== undefined && items[n] !== undefined && { item: items[n] }), followers: pick(n + 4) })),
    };
  });

const bytes = (ws: ReturnType<typeof workspace>) => JSON.stringify(toDocument(ws));

describe('applyChanges', () => {
  it('applying diff(a, b) to a gives b; applying its inverse to b gives a', () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        const before = workspace(a);
        const after = workspace(b);
        const changes = diffWorkspaces(before, after);
        const forward = cloneWorkspace(before);
        applyChanges(forward, changes);
        expect(bytes(forward)).toBe(bytes(after));
        const back = cloneWorkspace(after);
        applyChanges(back, inverse(changes));
        expect(bytes(back)).toBe(bytes(before));
      }),
      { numRuns: 300 },
    );
  });

  it('applyInverse is applyChanges of the inverse, on any workspace and for the changes in any order', () => {
    fc.assert(
      fc.property(docArb, docArb, docArb, fc.nat(), (a, b, c, seed) => {
        // Rows applied to a workspace they do not describe (an undo with conflicts), in a
        // shuffled order (entities added and removed among values and links).
        const changes = diffWorkspaces(workspace(a), workspace(b));
        for (let k = changes.length - 1; k > 0; k--) {
          const j = (seed * (k + 7)) % (k + 1);
          [changes[k], changes[j]] = [changes[j]!, changes[k]!];
        }
        for (const target of [workspace(b), workspace(c)]) {
          const expected = cloneWorkspace(target);
          applyChanges(expected, inverse(changes));
          const got = cloneWorkspace(target);
          applyInverse(got, changes);
          expect(bytes(got)).toBe(bytes(expected));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removing a user takes their memberships and follows with them', () => {
    const ws = workspace({ version: 1, users: [{ id: 'bob' }], projects: [{ id: 'p', members: ['bob'] }], items: [{ id: 'i', project: 'p', followers: ['bob'] }], conversations: [{ id: 'c', followers: ['bob'] }] });
    applyChanges(ws, [{ entity: 'user', target: null, user: 'bob', key: null, old: 'present', new: 'removed' }]);
    expect(bytes(ws)).toBe(bytes(workspace({ version: 1, projects: [{ id: 'p' }], items: [{ id: 'i', project: 'p' }], conversations: [{ id: 'c' }] })));
  });

  it('a fix is a list of changes: following a conversation the workspace does not list adds it', () => {
    const ws = workspace({ version: 1, users: [{ id: 'bob', active: false }] });
    expect(fixToChanges(ws, { kind: 'follow-conversation', conversation: 'c-9', user: 'bob' })).toEqual([
      { entity: 'conversation', target: 'c-9', user: null, key: null, old: null, new: 'added' },
      { entity: 'conversation_follower', target: 'c-9', user: 'bob', key: null, old: null, new: 'added' },
    ]);
    const fixed = applyFix(ws, [{ kind: 'activate', user: 'bob' }, { kind: 'follow-conversation', conversation: 'c-9', user: 'bob' }]);
    expect(bytes(fixed)).toBe(bytes(workspace({ version: 1, users: [{ id: 'bob' }], conversations: [{ id: 'c-9', followers: ['bob'] }] })));
    expect(ws.users.get('bob')!.active).toBe(false);
  });
});

describe('writeChangesJson', () => {
  // Written in pieces as it goes (an undo of a big import is a third of a million
  // changes): byte for byte what writeJson writes of the whole document.
  const written = (changes: Change[], before: Workspace, after: Workspace, rest?: Record<string, unknown>) => {
    const pieces: string[] = [];
    writeChangesJson({ write: (s) => void pieces.push(String(s)) }, true, changes, before, after, rest);
    return pieces;
  };
  const whole = (changes: Change[], before: Workspace, after: Workspace, rest: Record<string, unknown> = {}) => jsonText({ dryRun: true, changes: changeObjects(changes, before, after), ...rest });

  it('is writeJson of the change objects, for any two workspaces', () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        const [before, after] = [workspace(a), workspace(b)];
        const changes = diffWorkspaces(before, after);
        expect(written(changes, before, after).join('')).toBe(whole(changes, before, after));
        expect(written(changes, before, after, { impact: [{ user: 'u1', alertsBefore: 1 }] }).join('')).toBe(whole(changes, before, after, { impact: [{ user: 'u1', alertsBefore: 1 }] }));
      }),
      { numRuns: 200 },
    );
  });

  it('escapes as JSON.stringify does, and writes a long list in pieces', () => {
    const ws = workspace({ version: 1, users: [] });
    const odd = ['say "hi"', 'back\\slash', 'line\nbreak', 'tab\t', '\u0001', 'é ü 日本', '\u2028', ''];
    const changes: Change[] = [];
    for (let n = 0; n < 3000; n++) changes.push({ entity: 'project', target: `p${n}`, user: null, key: n % 2 === 0 ? 'name' : null, old: odd[n % odd.length]!, new: n % 3 === 0 ? null : odd[(n + 1) % odd.length]! });
    const pieces = written(changes, ws, ws, { impact: [] });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(whole(changes, ws, ws, { impact: [] }));
    expect(written([], ws, ws).join('')).toBe(whole([], ws, ws));
  });
});

describe('changeObjects', () => {
  it("a preference's old and new are the user's effective values, as preferencesOf() works them out", () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        const [before, after] = [workspace(a), workspace(b)];
        const changes = diffWorkspaces(before, after);
        const objects = changeObjects(changes, before, after);
        changes.forEach((c, n) => {
          if (c.entity !== 'preference') return;
          const side = (ws: Workspace) => {
            const u = ws.users.get(c.user!);
            return u === undefined ? null : jsonValueOf(c, preferencesOf(ws, u)[c.key as PreferenceKey]);
          };
          expect([objects[n]!.old, objects[n]!.new]).toEqual([side(before), side(after)]);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('writeChangeTable, piped', () => {
  it('writes each row as its cells made safe (cellText) and joined by tabs, repeated values and all', () => {
    const ws = workspace({ version: 1, users: [] });
    const odd = ['tab\there', 'line\nbreak', '\u001b[31mred', '\u202e', 'plain', ''];
    const changes: Change[] = [];
    // Past the limit of distinct texts kept, and values that repeat.
    for (let n = 0; n < 5000; n++) changes.push({ entity: 'project', target: `p\t${n}`, user: null, key: 'name', old: `${odd[n % odd.length]}${n % 7 === 0 ? n : ''}`, new: n % 2 === 0 ? null : odd[(n + 1) % odd.length]! });
    const pieces: string[] = [];
    writeChangeTable(changes, ws, ws, [{ user: 'u\n1', key: 'email', value: 'on' }], { out: { write: (s) => void pieces.push(String(s)) }, terminal: false, color: false } as Output);
    const line = (cells: string[]) => cells.map(cellText).join('\t') + '\n';
    const expected = line(['ENTITY', 'TARGET', 'USER', 'KEY', 'OLD', 'NEW']) + changes.map((c) => line([c.entity, c.target!, '', c.key!, c.old ?? '—', c.new ?? '—'])).join('') + line(['preference', '', 'u\n1', 'email', 'on', 'on (unchanged)']);
    expect(pieces.join('')).toBe(expected);
  });
});

describe('summariseChanges', () => {
  // The model: each entity as one string, as the summary first counted them.
  const model = (changes: Change[]) => {
    const counts = new Map<string, number>();
    const changedEntities = new Map<string, Set<string>>();
    const subjectOf = (c: Change) => `${c.entity}\u0000${c.target ?? ''}\u0000${c.user ?? ''}`;
    const added = new Set(changes.filter((c) => c.key === null).map(subjectOf));
    for (const c of changes) {
      const subject = subjectOf(c);
      const preferenceLike = c.entity === 'preference' || c.entity === 'default' || c.entity === 'role_default';
      if (c.key !== null && !preferenceLike && added.has(subject)) continue;
      const verb = c.key === null ? (c.new === 'added' ? 'added' : 'removed') : preferenceLike ? (c.new === null ? 'cleared' : 'set') : 'changed';
      const label = `${c.entity}\u0000${verb}`;
      if (verb === 'changed') {
        const seen = changedEntities.get(label) ?? new Set();
        if (seen.has(subject)) continue;
        seen.add(subject);
        changedEntities.set(label, seen);
      }
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts].map(([label, n]) => `${n} ${label}`);
  };
  it('counts as the model does, for the changes between any two workspaces and any order of them', () => {
    fc.assert(
      fc.property(docArb, docArb, fc.boolean(), (a, b, reversed) => {
        let changes = diffWorkspaces(workspace(a), workspace(b));
        if (reversed) changes = inverse(changes);
        const summary = summariseChanges(changes);
        const expected = model(changes);
        expect(summary === 'no changes' ? [] : summary.split(', ')).toHaveLength(expected.length);
        for (const [n, part] of expected.entries()) expect(summary.split(', ')[n]!.split(' ')[0]).toBe(part.split(' ')[0]);
      }),
      { numRuns: 300 },
    );
  });
});
