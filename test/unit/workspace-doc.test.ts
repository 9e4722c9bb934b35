import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/domain/errors.js';
import { emptyWorkspace } from '../../src/domain/workspace.js';
import { applyDocument, toDocument, validateDocument, workspaceFromText } from '../../src/io/workspace-doc.js';
import { BASE, workspace } from '../helpers.js';

function problems(doc: unknown, base = emptyWorkspace()): string[] {
  try {
    applyDocument(base, validateDocument(doc, 'ws.json', base, 'merge'), 'merge', 'ws.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as DataError).details;
  }
  throw new Error('expected the document to be refused');
}

describe('workspace documents', () => {
  it('reports every bad value with its path and the accepted values', () => {
    expect(
      problems({
        version: 1,
        users: [
          { id: 'alice', preferences: { customerMessages: 'sometimes', email: 'yes' } },
          { id: '' },
          { id: 'bob', prefrences: {} },
          { id: 'x'.repeat(201) },
        ],
        defaults: { access: 'everything' },
      }),
    ).toEqual([
      'defaults.access: "everything" is not one of all-projects, own-projects',
      'users[0].preferences.customerMessages: "sometimes" is not one of all, mine, none',
      'users[0].preferences.email: expected boolean, got "yes"; write true (documents spell on/off and yes/no as true/false)',
      'users[1].id: must not be empty',
      'users[2]: unknown key "prefrences"; accepted: id, name, email, role, active, preferences',
      'users[3].id: must be at most 200 characters',
    ]);
  });

  it('says how to write on/off where a document wants a boolean (YAML 1.2 reads off as a string)', () => {
    expect(problems({ defaults: { email: 'off' }, users: [{ id: 'a', active: 'Yes', preferences: { internalMessages: 'ON', customerReplies: 'sometimes' } }] })).toEqual([
      'defaults.email: expected boolean, got "off"; write false (documents spell on/off and yes/no as true/false)',
      'users[0].active: expected boolean, got "Yes"; write true (documents spell on/off and yes/no as true/false)',
      'users[0].preferences.internalMessages: expected boolean, got "ON"; write true (documents spell on/off and yes/no as true/false)',
      'users[0].preferences.customerReplies: expected boolean, got "sometimes"; write true or false',
    ]);
  });

  it('reports a missing field, a wrong version and duplicate ids', () => {
    expect(problems({ version: 2, items: [{ id: 'T-1' }] })).toEqual(['version: 2 is not one of 1', 'items[0].project: missing; expected string']);
    expect(problems({ users: [{ id: 'a' }, { id: 'a' }] })).toEqual(['users[1].id: "a" is listed twice (also users[0])']);
  });

  it('reports every reference to something that does not exist', () => {
    expect(
      problems({
        users: [{ id: 'alice' }],
        projects: [{ id: 'p', members: ['alice', 'zed'] }],
        items: [{ id: 'T-1', project: 'nope', followers: ['yan'] }],
        conversations: [{ id: 'c', item: 'T-9', followers: ['alice', 'xu'] }],
      }),
    ).toEqual([
      'projects[0].members[1]: "zed" is not a user of the workspace',
      'items[0].project: "nope" is not a project of the workspace',
      'items[0].followers[0]: "yan" is not a user of the workspace',
      'conversations[0].item: "T-9" is not an item of the workspace',
      'conversations[0].followers[1]: "xu" is not a user of the workspace',
    ]);
  });

  it('merging may refer to what the database already holds', () => {
    const base = workspace(BASE);
    const merged = applyDocument(base, validateDocument({ items: [{ id: 'T-2', project: 'billing', followers: ['carol'] }] }, 'x', base, 'merge'), 'merge', 'x');
    expect(merged.items.get('T-2')?.followers).toEqual(new Set(['carol']));
    expect(merged.users.size).toBe(3);
    expect(base.items.has('T-2')).toBe(false);
  });

  it('merging keeps fields it does not give and unions members; replacing drops the rest', () => {
    const base = workspace({ ...BASE, users: [{ id: 'alice', name: 'Alice', preferences: { email: false } }, { id: 'bob' }, { id: 'carol' }] });
    const merged = applyDocument(base, validateDocument({ users: [{ id: 'alice', preferences: { customerMessages: 'all' } }], projects: [{ id: 'billing', members: ['carol'] }] }, 'x', base, 'merge'), 'merge', 'x');
    expect(merged.users.get('alice')).toMatchObject({ name: 'Alice', active: true });
    expect([...merged.users.get('alice')!.preferences]).toEqual([['email', 'off'], ['customerMessages', 'all']]);
    expect(merged.projects.get('billing')!.members).toEqual(new Set(['alice', 'bob', 'carol']));
    const replaced = applyDocument(base, validateDocument({ users: [{ id: 'zoe' }] }, 'x'), 'replace', 'x');
    expect([...replaced.users.keys()]).toEqual(['zoe']);
    expect(replaced.projects.size).toBe(0);
  });

  it('keeps only defaults that differ from the built-in ones', () => {
    const ws = workspace({ defaults: { customerMessages: 'mine', customerReplies: false } });
    expect([...ws.defaults]).toEqual([['customerReplies', 'off']]);
  });

  it('writes the canonical form: fixed key order, sorted ids, optional fields only when set', () => {
    const ws = workspace({
      users: [{ id: 'b', preferences: { email: false, access: 'all-projects' } }, { id: 'a', name: 'A', active: false }],
      projects: [{ id: 'p', members: ['b', 'a'] }],
      items: [{ id: 'i', project: 'p', kind: 'ticket' }],
      conversations: [{ id: 'c' }],
    });
    expect(JSON.stringify(toDocument(ws))).toBe(
      '{"version":1,"defaults":{},"users":[{"id":"a","name":"A","active":false,"preferences":{}},{"id":"b","active":true,"preferences":{"access":"all-projects","email":false}}],' +
        '"projects":[{"id":"p","members":["a","b"]}],"items":[{"id":"i","project":"p","kind":"ticket","followers":[]}],"conversations":[{"id":"c","followers":[]}]}',
    );
  });

  it('treats __proto__ and constructor as ordinary ids', () => {
    const ws = workspace({ users: [{ id: '__proto__' }, { id: 'constructor' }], projects: [{ id: 'toString', members: ['__proto__'] }] });
    expect([...ws.users.keys()]).toEqual(['__proto__', 'constructor']);
    expect((toDocument(ws).users as { id: string }[]).map((u) => u.id)).toEqual(['__proto__', 'constructor']);
  });

  it('reads YAML and names the line of a syntax error', async () => {
    const ws = await workspaceFromText(emptyWorkspace(), 'ws.yaml', 'users:\n  - id: alice\n    preferences: { email: false }\n', 'merge');
    expect(ws.users.get('alice')?.preferences.get('email')).toBe('off');
    await expect(workspaceFromText(emptyWorkspace(), 'ws.yaml', 'users:\n  - id: alice\n   bad: [\n', 'merge')).rejects.toMatchObject({
      message: 'ws.yaml is not valid YAML',
      details: ['ws.yaml:3: Sequence item without - indicator', 'ws.yaml:4: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    });
    await expect(workspaceFromText(emptyWorkspace(), 'ws.json', '{\n "users": [,]\n}', 'merge')).rejects.toThrow(/^ws\.json:2: not valid JSON/);
    // Found by fuzzing: an alias with no anchor made the YAML library throw a ReferenceError.
    await expect(workspaceFromText(emptyWorkspace(), 'ws.yaml', '*!', 'merge')).rejects.toThrow('ws.yaml is not valid YAML: Unresolved alias (the anchor must be set before the alias): !');
  });
});

describe('roles in documents', () => {
  it('two spellings of one role in roleDefaults are one role given twice: a problem, listed with the others', () => {
    expect(() => validateDocument({ version: 1, roleDefaults: { Support: { email: false }, ' support': { email: true } }, users: [{ id: 'a' }, { id: 'a' }] }, 'rd.yaml')).toThrow(
      expect.objectContaining({
        message: 'rd.yaml is not a valid workspace document (2 problems); nothing was changed:',
        details: ['users[1].id: "a" is listed twice (also users[0])', 'roleDefaults. support: the role " support" is given twice (also as "Support"; roles are one whatever their case and spaces)'],
      }),
    );
  });
});
