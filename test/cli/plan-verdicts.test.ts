/** SPEC 10.2: plan verdicts a pipeline can trust. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, rendered, scratch } from './run.js';

const EX = join(process.cwd(), 'examples');
const WORKSPACE = join(EX, 'workspace.yaml');
const LOG = join(EX, 'day.ndjson');

type Doc = { users: Record<string, unknown>[]; projects: Record<string, unknown>[]; items: Record<string, unknown>[]; conversations: Record<string, unknown>[]; roleDefaults?: Record<string, unknown> } & Record<string, unknown>;

/** The example workspace as a document, changed by `edit`, written to a file. */
function exampleWith(edit: (doc: Doc) => void): string {
  const doc = parseYaml(readFileSync(WORKSPACE, 'utf8')) as Doc;
  edit(doc);
  const path = join(scratch(), 'team.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const plan = async (to: string, ...more: string[]) => cli(['plan', '--from', WORKSPACE, '--to', to, '--log', LOG, ...more]);
const json = async (to: string, ...more: string[]) => JSON.parse((await plan(to, '--format', 'json', ...more)).stdout) as Record<string, any>;

describe('users in one workspace only', () => {
  it('count only what they are told: a new user told nothing changes nothing; one told something adds their alerts', async () => {
    const quiet = exampleWith((doc) => doc.users.push({ id: 'zed', email: 'zed@example.com' }));
    const p = await json(quiet);
    expect(p.users).toEqual({ added: ['zed'], removed: [] });
    expect([p.decisions, p.decisionsTotal, p.impact, p.transitions]).toEqual([[], 0, [], []]);
    // The gate for changes does not trip: nothing that anyone is told changes.
    expect((await plan(quiet, '--fail-on', 'changes')).code).toBe(0);
    expect((await plan(quiet, '--detailed-exitcode')).code).toBe(0);

    const told = exampleWith((doc) => {
      doc.users.push({ id: 'yan', preferences: { customerMessages: 'all', access: 'all-projects' } });
      doc.users = doc.users.filter((u) => u.id !== 'jade');
    });
    const q = await json(told);
    expect(q.users).toEqual({ added: ['yan'], removed: ['jade'] });
    expect((await plan(told)).stdout).toContain('\nUsers in one workspace only: added yan; removed jade\n');
    // yan (no email address) is told of the 9 customer messages; jade was told of one.
    const yan = { alert: true, email: false, reason: 'customer_message_all' };
    expect(q.impact).toEqual([
      { user: 'jade', alertsBefore: 1, alertsAfter: 0, emailsBefore: 1, emailsAfter: 0 },
      { user: 'yan', alertsBefore: 0, alertsAfter: 9, emailsBefore: 0, emailsAfter: 0 },
    ]);
    expect(q.transitions).toEqual([
      { user: 'jade', before: { alert: true, email: true, reason: 'customer_message_mine' }, after: null, count: 1, first: 'm-013' },
      { user: 'yan', before: null, after: yan, count: 9, first: 'm-001' },
    ]);
    expect(q.decisionsTotal).toBe(10);
    expect(q.decisions.slice(4, 7)).toEqual([
      { message: 'm-012', user: 'yan', before: null, after: yan },
      { message: 'm-013', user: 'jade', before: { alert: true, email: true, reason: 'customer_message_mine' }, after: null },
      { message: 'm-013', user: 'yan', before: null, after: yan },
    ]);
  });
});

describe('items in one workspace only', () => {
  it('leaves their messages out of decisions, impact, totals and gaps, and says so in one line', async () => {
    // Removing ticket T-300 (and conversation c-3 with it): every decision on c-3 would
    // otherwise become no_access, even for alice with customerMessages: all.
    const to = exampleWith((doc) => {
      doc.items = doc.items.filter((i) => i.id !== 'T-300');
      doc.conversations = doc.conversations.filter((c) => c.id !== 'c-3');
    });
    const p = await json(to);
    expect(p.leftOut).toEqual({ items: ['T-300'], messages: 2 });
    expect([p.decisions, p.decisionsTotal, p.impact]).toEqual([[], 0, []]);
    // m-010 and m-011 are counted on neither side: 28 alerts less m-010's two (alice, ivan) and m-011's one (ivan).
    expect(p.totals).toEqual({ alertsBefore: 25, alertsAfter: 25, emailsBefore: 22, emailsAfter: 22 });
    expect(p.gaps.newlyUnnoticed).toEqual([]);
    expect((await plan(to, '--fail-on', 'gaps', '--fail-on', 'unreachable', '--fail-on', 'changes')).code).toBe(0);
    const text = (await plan(to)).stdout;
    expect(text.split('\n').slice(0, 2)).toEqual(['6 workspace changes; no notification changes.', '2 messages on an item in one workspace only (T-300) are left out of decisions, impact, totals and gaps.']);
    const md = (await plan(to, '--format', 'markdown')).stdout;
    expect(md).toContain('\n2 messages on an item in one workspace only (`T-300`) are left out of decisions, impact, totals and gaps.\n');
  });

  it('also when the log attached the conversation to the item', async () => {
    // c-5 is attached to T-400 by its second message (m-015): without T-400 that one and the
    // next are left out; the first (m-014) had no item yet.
    const to = exampleWith((doc) => {
      doc.items = doc.items.filter((i) => i.id !== 'T-400');
    });
    const p = await json(to);
    expect(p.leftOut).toEqual({ items: ['T-400'], messages: 2 });
    expect(p.gaps).toMatchObject({ unreachableBefore: 0, unreachableAfter: 0, newlyUnreachable: [] });
  });
});

describe('the unreachable gate', () => {
  /** The example workspace where alice and lena take only their conversations' customer messages. */
  const mine = (doc: Doc) => doc.users.filter((u) => u.id === 'alice' || u.id === 'lena').forEach((u) => ((u.preferences as Record<string, string>).customerMessages = 'mine'));

  it('--fail-on unreachable trips for a message that reaches nobody after, whether or not someone saw it', async () => {
    // With alice and lena on "mine", m-013 reaches only jade (who follows c-4); without
    // jade it reaches nobody, but alice saw it in time: not unnoticed.
    const base = exampleWith(mine);
    const to = exampleWith((doc) => {
      mine(doc);
      doc.users = doc.users.filter((u) => u.id !== 'jade');
    });
    const run = (...more: string[]) => cli(['plan', '--from', base, '--to', to, '--log', LOG, ...more]);
    const p = JSON.parse((await run('--format', 'json')).stdout);
    expect(p.gaps).toEqual({ unreachableBefore: 2, unreachableAfter: 3, unnoticedBefore: 2, unnoticedAfter: 2, newlyUnreachable: ['m-013'], noLongerUnreachable: [], newlyUnnoticed: [], noLongerUnnoticed: [] });
    expect((await run('--fail-on', 'gaps')).code).toBe(0);
    expect((await run('--fail-on', 'unreachable')).code).toBe(1);
    // And the other way round.
    const back = JSON.parse((await cli(['plan', '--from', to, '--to', base, '--log', LOG, '--format', 'json'])).stdout);
    expect(back.gaps.noLongerUnreachable).toEqual(['m-013']);
  });

  it('markdown groups the new gaps by project, with their blockers (those of SPEC 9.2, as gaps counts them)', async () => {
    const to = exampleWith((doc) => {
      mine(doc);
      (doc.users.find((u) => u.id === 'ivan')!.preferences as Record<string, string>).customerMessages = 'none';
      doc.users = doc.users.filter((u) => u.id !== 'jade');
    });
    const md = (await plan(to, '--format', 'markdown')).stdout;
    expect(md).toContain(
      [
        '- customer messages that reach nobody: 0 → 4 (+4)',
        '- of those, seen by nobody in time: 0 → 3 (+3)',
        '- **newly unreachable: 4**, by project:',
        '  - project `ops`: 1 message, 1 unnoticed; blockers: no_access 7, customer_messages_none 1, not_following 2; `m-010` (unnoticed)',
        '  - conversations with no item: 3 messages, 2 unnoticed; blockers: customer_messages_none 2, not_following 8; `m-012` (unnoticed), `m-013`, `m-014` (unnoticed)',
        '',
      ].join('\n'),
    );
  });
});

describe('effective preferences', () => {
  it('lists every effective value a change moves: a role change, a role default, a workspace default', async () => {
    const to = exampleWith((doc) => {
      doc.roleDefaults = { manager: { access: 'all-projects' }, support: { email: false } };
      doc.users.find((u) => u.id === 'bob')!.role = 'manager';
      doc.defaults = { customerReplies: true };
    });
    const p = await json(to);
    expect(p.effective.filter((e: { user: string }) => ['bob', 'carol', 'ivan'].includes(e.user))).toEqual([
      { user: 'bob', key: 'access', old: 'own-projects', new: 'all-projects' },
      { user: 'bob', key: 'customerReplies', old: false, new: true },
      { user: 'carol', key: 'customerReplies', old: false, new: true },
      { user: 'carol', key: 'email', old: true, new: false },
    ]);
    const text = (await plan(to)).stdout;
    expect(text).toContain('Effective preferences that change:\nUSER\tKEY\tOLD\tNEW\nalice\tcustomerReplies\toff\ton\nbob\taccess\town-projects\tall-projects\nbob\tcustomerReplies\toff\ton\n');
  });
});

/** A log of n customer messages in the unattached conversation c-4, a minute apart. */
function longLog(n: number): string {
  const path = join(scratch(), 'long.ndjson');
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ type: 'message', id: `m${String(i).padStart(5, '0')}`, at: Date.UTC(2026, 2, 2) + i * 120_000, conversation: 'c-4', author: 'visitor', authorKind: 'customer' }));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('decisions: the first 1,000, and every one with --all-decisions', () => {
  const to = () => exampleWith((doc) => (doc.users.find((u) => u.id === 'alice')!.preferences = { access: 'all-projects' }));

  it('lists the first 1,000 and counts them all; --all-decisions lists every one, in log order, also in --save', async () => {
    const log = longLog(1_203);
    const target = to();
    const capped = await cli(['plan', '--from', WORKSPACE, '--to', target, '--log', log, '--format', 'json']);
    const p = JSON.parse(capped.stdout);
    expect(p.decisionsTotal).toBe(1_203);
    expect(p.decisions.length).toBe(1_000);
    expect(p.decisions[999].message).toBe('m00999');
    expect(p.transitions).toEqual([{ user: 'alice', before: { alert: true, email: true, reason: 'customer_message_all' }, after: { alert: false, email: false, reason: 'not_following' }, count: 1_203, first: 'm00000' }]);

    const saved = join(scratch(), 'plan.json');
    const all = await cli(['plan', '--from', WORKSPACE, '--to', target, '--log', log, '--format', 'json', '--all-decisions', '--save', saved]);
    const q = JSON.parse(all.stdout);
    expect(q.decisions.map((d: { message: string }) => d.message)).toEqual(Array.from({ length: 1_203 }, (_, i) => `m${String(i).padStart(5, '0')}`));
    expect({ ...q, decisions: q.decisions.slice(0, 1_000) }).toEqual(p);
    expect(readFileSync(saved, 'utf8')).toBe(all.stdout);

    const text = await cli(['plan', '--from', WORKSPACE, '--to', target, '--log', log]);
    expect(text.stdout.endsWith('m00999\talice\talert + email (customer_message_all)\tnot_following\n… and 203 more changed decisions; --format json --all-decisions lists every one.\n')).toBe(true);
    expect((await cli(['plan', '--from', WORKSPACE, '--to', target, '--log', log, '--all-decisions'])).stderr).toBe('error: --all-decisions lists every changed decision in the JSON: give --format json or --save FILE\n');
  });
});

describe('--save and --detailed-exitcode', () => {
  it('--save writes the JSON document beside any format; the exit codes tell no change, change, gate, failure and usage apart', async () => {
    const to = exampleWith((doc) => (doc.users.find((u) => u.id === 'alice')!.preferences = { access: 'all-projects' }));
    const saved = join(scratch(), 'plan.json');
    const md = await plan(to, '--format', 'markdown', '--save', saved, '--detailed-exitcode');
    expect(md.code).toBe(3);
    expect(md.stdout.startsWith('<!-- notifyctl-plan -->\n')).toBe(true);
    expect(readFileSync(saved, 'utf8')).toBe((await plan(to, '--format', 'json')).stdout);

    expect((await plan(WORKSPACE, '--detailed-exitcode', '--fail-on', 'changes')).code).toBe(0);
    expect((await plan(to, '--detailed-exitcode', '--fail-on', 'unreachable')).code).toBe(3);
    expect((await plan(to, '--detailed-exitcode', '--fail-on', 'changes')).code).toBe(4);
    // alice and lena stop taking every customer message: m-012 and m-014 reach nobody.
    const gaps = exampleWith((doc) => doc.users.filter((u) => u.id === 'alice' || u.id === 'lena').forEach((u) => ((u.preferences as Record<string, string>).customerMessages = 'mine')));
    expect((await plan(gaps, '--detailed-exitcode', '--fail-on', 'unreachable')).code).toBe(4);
    expect((await plan(gaps, '--detailed-exitcode', '--fail-on', 'gaps')).code).toBe(4);
    expect((await plan(gaps, '--fail-on', 'unreachable')).code).toBe(1);
    expect((await plan(to)).code).toBe(0);
    const broken = join(scratch(), 'broken.yaml');
    writeFileSync(broken, 'version: 1\nusers: [\n');
    const bad = await plan(broken, '--detailed-exitcode', '--format', 'markdown');
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect((await plan(to, '--detailed-exitcode', '--fail-on', 'everything')).code).toBe(2);
    // A --save that cannot be written is named before anything is printed.
    const nowhere = join(scratch(), 'no', 'such', 'plan.json');
    expect(await plan(to, '--save', nowhere)).toEqual({ code: 1, stdout: '', stderr: `error: cannot write --save ${nowhere}: the folder ${join(nowhere, '..')} does not exist; create it first\n` });
    const folder = scratch();
    expect(await plan(to, '--save', folder)).toEqual({ code: 1, stdout: '', stderr: `error: cannot write --save ${folder}: it is a directory; no report was written\n` });
  });
});

/** Every token of a marked token tree. */
function* walk(tokens: readonly Token[]): Generator<Token> {
  for (const t of tokens) {
    yield t;
    if (t.type === 'table') {
      const table = t as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) yield* walk(cell.tokens);
    }
    if ('tokens' in t && Array.isArray(t.tokens)) yield* walk(t.tokens as Token[]);
    if (t.type === 'list') for (const item of (t as Tokens.List).items) yield* walk(item.tokens);
  }
}

const HOSTILE = ['@acme/everyone', '[x](https://evil.example)', 'a`b', '``c', 'p|q', 'back\\|slash', '**bold**', '<img src=x>', ' lead '];

describe('markdown for a pull request', () => {
  it('writes every id and name from the workspace as a code span: nothing can mention, link or format', async () => {
    const to = exampleWith((doc) => {
      HOSTILE.forEach((id, i) => doc.users.push({ id, name: HOSTILE[(i + 1) % HOSTILE.length], preferences: { customerMessages: 'all', access: 'all-projects' } }));
      doc.projects.push({ id: '@acme/everyone', name: '[x](https://evil.example)', members: ['p|q'] });
    });
    const r = await plan(to, '--format', 'markdown');
    const tokens = marked.lexer(r.stdout);
    const all = [...walk(tokens)];
    // Tables keep their columns, whatever the cells hold.
    for (const t of all.filter((x): x is Tokens.Table => x.type === 'table')) for (const row of t.rows) expect(row.length).toBe(t.header.length);
    const spans = new Set(all.filter((t) => t.type === 'codespan').map((t) => (t as Tokens.Codespan).text));
    // Each exactly as written (the spaces around ' lead ' too), in tables and in lists alike.
    for (const id of HOSTILE) expect(spans.has(id), id).toBe(true);
    // Nothing is a link, an image, emphasis or raw HTML but the marker and the <details> block.
    expect(all.filter((t) => ['link', 'image', 'strong', 'em', 'del'].includes(t.type) && !(t.type === 'strong' && /^(total|newly)/.test((t as Tokens.Strong).text))).map((t) => t.raw)).toEqual([]);
    expect(all.filter((t) => t.type === 'html').map((t) => t.raw.trim())).toEqual(['<!-- notifyctl-plan -->', '<details><summary>Changed decisions (81)</summary>', '</details>']);
    // Text outside code spans never holds a mention or a link.
    const texts = all.filter((t) => t.type === 'text' && !('tokens' in t && t.tokens)).map((t) => (t as Tokens.Text).text).join('\n');
    expect(texts).not.toMatch(/@acme|evil\.example|<img/);
  });

  it('stays within 60,000 characters whatever the change, each table and list ending "… and N more"', async () => {
    // A new project of 600 tickets and 300 users with long names, who take every customer message.
    const to = exampleWith((doc) => {
      const users = Array.from({ length: 300 }, (_, i) => `user-${String(i).padStart(3, '0')}-${'x'.repeat(150)}`);
      for (const id of users) doc.users.push({ id, name: `${id} ${'n'.repeat(150)}`, preferences: { customerMessages: 'all', access: 'all-projects' } });
      doc.projects.push({ id: 'big', name: 'A big new project', members: users });
      for (let i = 0; i < 600; i++) doc.items.push({ id: `B-${i}`, project: 'big', followers: users.slice(0, 3) });
    });
    const r = await plan(to, '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThanOrEqual(60_000);
    expect(r.stdout).toMatch(/\n… and [\d,]+ more changes\n/);
    expect(r.stdout).toMatch(/\n- added: .* … and [\d,]+ more\n/);
    expect(r.stdout).toMatch(/\n… and [\d,]+ more users\n/);
    expect(r.stdout).toMatch(/\n… and [\d,]+ more changed decisions/);
    const tables = [...walk(marked.lexer(r.stdout))].filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables.length).toBe(4);
  });
});

describe('markdown at its largest', () => {
  it('every section full of the longest ids still fits in 60,000 characters; anything longer would be cut at a line', async () => {
    const { renderPlanMarkdown, withinLimit } = await import('../../src/cli/render/plan.js');
    // 200-character ids full of backticks and pipes: the longest a workspace allows, each code span longer still.
    const id = (i: number) => `${i}|\`\``.padEnd(200, '`|');
    const ids = Array.from({ length: 5_000 }, (_, i) => id(i));
    const outcome = { alert: true, email: true, reason: 'customer_message_all' as const };
    const group = (project: string | null) => ({ project, messages: ids, unnoticed: new Set(ids.slice(0, 100)), blockers: { no_access: 5, not_following: 3 } });
    const md = await rendered((o) => renderPlanMarkdown({
      changes: ids.map((x) => ({ entity: 'user' as const, target: x, user: x, key: 'name', old: x, new: x })),
      users: { added: ids, removed: ids },
      effective: ids.map((x) => ({ user: x, key: 'access' as const, old: 'own-projects', new: 'all-projects' })),
      impact: ids.map((x) => ({ user: x, alertsBefore: 1_000_000, alertsAfter: 0, emailsBefore: 1_000_000, emailsAfter: 0 })),
      totals: { alertsBefore: 1e9, alertsAfter: 0, emailsBefore: 1e9, emailsAfter: 0 },
      transitions: ids.map((x) => ({ user: x, before: outcome, after: null, count: 1_000_000, first: x })),
      decisions: ids.slice(0, 1_000).map((x) => ({ message: x, user: x, before: outcome, after: null })),
      decisionsTotal: 1e9,
      gaps: { unreachableBefore: 0, unreachableAfter: 5_000, unnoticedBefore: 0, unnoticedAfter: 5_000, newlyUnreachable: ids, noLongerUnreachable: ids, newlyUnnoticed: ids, noLongerUnnoticed: ids },
      leftOut: { items: ids, messages: 1e9 },
      gapGroups: { newlyUnreachable: ids.slice(0, 100).map(group), newlyUnnoticed: ids.slice(0, 100).map(group) },
    }, o));
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeGreaterThan(45_000);
    expect(md.endsWith('</details>\n')).toBe(true);
    const long = Array.from({ length: 2_000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const cut = withinLimit(long);
    expect(cut.length).toBeLessThanOrEqual(60_000);
    expect(cut.endsWith('\n\n… cut at 60,000 characters; `notifyctl plan --format json` has it all.\n')).toBe(true);
    expect(long.startsWith(cut.slice(0, cut.indexOf('\n\n… cut')))).toBe(true);
  });
});

describe('a bad document', () => {
  it('is named for a reader: plan never writes, so its errors never say "nothing was changed" (import\'s do)', async () => {
    const dir = scratch();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'users: [{id: a, preferences: {email: maybe}}]\n');
    const latin = join(dir, 'latin.yaml');
    writeFileSync(latin, Buffer.from('users:\n  - id: a\n    name: Jos\xe9\n', 'latin1'));
    expect(await plan(bad)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${bad} is not a valid workspace document (1 problem):\n  users[0].preferences.email: expected boolean, got "maybe"; write true or false\n`,
    });
    expect(await cli(['plan', '--from', bad, '--to', WORKSPACE, '--log', LOG])).toEqual(await plan(bad));
    expect(await plan(latin)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${latin}:3: the line is not valid UTF-8; save the file as UTF-8 (from a spreadsheet: "CSV UTF-8") and try again\n`,
    });
    // plan FILE against a database, and report's plan, alike.
    const db = join(dir, 'team.db');
    expect((await cli(['--db', db, 'import', WORKSPACE])).code).toBe(0);
    expect((await cli(['--db', db, 'plan', bad, '--log', LOG])).stderr).toBe((await plan(bad)).stderr);
    expect((await cli(['--db', db, 'report', '--log', LOG, '--plan', bad, '--out', join(dir, 'r.html')])).stderr).toBe((await plan(bad)).stderr);
    // import writes: there, nothing was changed.
    expect((await cli(['--db', db, 'import', bad])).stderr).toBe(`error: ${bad} is not a valid workspace document (1 problem); nothing was changed:\n  users[0].preferences.email: expected boolean, got "maybe"; write true or false\n`);
  });
});
