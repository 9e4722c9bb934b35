// The peer a data-savvy user would reach for: the rules of SPEC section 5 as SQL on
// DuckDB (@duckdb/node-api), over the same NDJSON log, with both cores. It prints what
// `simulate --stats --format json` prints of the notified decisions: alerts, emails and
// per-user totals. bench/run.mjs installs DuckDB into bench/out/duckdb on first use (so
// `npm ci` stays lean) and checks this peer against notifyctl on small logs before it
// times it, so the comparison is between two implementations that agree.
//
//   node bench/duckdb-peer.mjs WORKSPACE.json LOG.ndjson [WINDOW_MS] [MODULES_DIR]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [workspacePath, logPath, windowArg, modulesArg] = process.argv.slice(2);
const WINDOW = Number(windowArg ?? 60_000);
const modules = resolve(modulesArg ?? join(import.meta.dirname, 'out', 'duckdb'));
const { DuckDBInstance } = createRequire(join(modules, 'package.json'))('@duckdb/node-api');

// The workspace: effective preferences as section 2 and 9.8 define them (explicit, role, workspace, built-in).
const ws = JSON.parse(readFileSync(workspacePath, 'utf8'));
const BUILT_IN = { access: 'own-projects', customerMessages: 'mine', internalMessages: true, customerReplies: true, email: true };
const effective = (u, key) => u.preferences?.[key] ?? (u.role !== undefined ? ws.roleDefaults?.[u.role]?.[key] : undefined) ?? ws.defaults?.[key] ?? BUILT_IN[key];
const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'boolean' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const values = (rows) => rows.map((r) => `(${r.map(q).join(', ')})`).join(',\n');

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
const run = (sql) => db.run(sql);
const table = async (name, columns, rows) => {
  await run(`CREATE TABLE ${name} (${columns})`);
  for (let i = 0; i < rows.length; i += 5000) await run(`INSERT INTO ${name} VALUES ${values(rows.slice(i, i + 5000))}`);
};
await table(
  'users',
  'id VARCHAR, active BOOLEAN, has_email BOOLEAN, email_on BOOLEAN, all_projects BOOLEAN, cm VARCHAR, im BOOLEAN, cr BOOLEAN',
  ws.users.map((u) => [u.id, u.active !== false, typeof u.email === 'string' && u.email !== '', effective(u, 'email'), effective(u, 'access') === 'all-projects', effective(u, 'customerMessages'), effective(u, 'internalMessages'), effective(u, 'customerReplies')]),
);
await table('members', 'project VARCHAR, u VARCHAR', ws.projects.flatMap((p) => p.members.map((m) => [p.id, m])));
await table('items', 'id VARCHAR, project VARCHAR', ws.items.map((i) => [i.id, i.project]));
await table('ws_item_followers', 'item VARCHAR, u VARCHAR', ws.items.flatMap((i) => i.followers.map((f) => [i.id, f])));
await table('ws_conv_followers', 'c VARCHAR, u VARCHAR', (ws.conversations ?? []).flatMap((c) => c.followers.map((f) => [c.id, f])));
await table('ws_conv_items', 'c VARCHAR, item VARCHAR', (ws.conversations ?? []).filter((c) => c.item !== undefined).map((c) => [c.id, c.item]));

const sql = `
CREATE TABLE log AS
  SELECT row_number() OVER () AS line, type, id, epoch_ms(CAST("at" AS TIMESTAMPTZ)) AS ts, conversation AS c, author, "authorKind" AS kind,
         coalesce(audience, 'customers') AS audience, item, "user" AS u
  FROM read_json(${q(logPath)}, format = 'newline_delimited',
    columns = {type: 'VARCHAR', id: 'VARCHAR', "at": 'VARCHAR', conversation: 'VARCHAR', author: 'VARCHAR', "authorKind": 'VARCHAR', audience: 'VARCHAR', item: 'VARCHAR', "user": 'VARCHAR'});

-- Messages, with their kind and the item their conversation has at that line.
CREATE TABLE attach AS SELECT c, arg_min(item, line) AS item, min(line) AS line FROM log WHERE type = 'message' AND item IS NOT NULL GROUP BY c;
CREATE TABLE msgs AS
  SELECT m.line, m.ts, m.c, CASE WHEN m.kind = 'user' THEN m.author END AS author,
         CASE WHEN m.kind = 'customer' THEN 'customer' WHEN m.audience = 'internal' THEN 'internal' ELSE 'reply' END AS mkind,
         coalesce(w.item, CASE WHEN a.line <= m.line THEN a.item END) AS item
  FROM log m LEFT JOIN ws_conv_items w ON w.c = m.c LEFT JOIN attach a ON a.c = m.c
  WHERE m.type = 'message';

-- Follow and unfollow lines, and the lines that count as seeing a conversation.
CREATE TABLE item_events AS SELECT u, item, line, type = 'follow' AS follows FROM log WHERE type IN ('follow', 'unfollow') AND item IS NOT NULL;
CREATE TABLE conv_events AS SELECT u, c, line, type = 'follow' AS follows FROM log WHERE type IN ('follow', 'unfollow') AND c IS NOT NULL;
CREATE TABLE seen AS SELECT u, c, line, ts FROM log WHERE type = 'view' UNION ALL SELECT author, c, line, ts FROM log WHERE type = 'message' AND kind = 'user';
CREATE TABLE first_post AS SELECT author AS u, c, min(line) AS line FROM log WHERE type = 'message' AND kind = 'user' GROUP BY author, c;

-- Who might be notified of each message: everyone for customer messages when customerMessages is all,
-- else those who follow (the item, the conversation, or by an earlier message of theirs).
CREATE TABLE candidates AS
  SELECT m.line, u.id AS u FROM msgs m, users u WHERE m.mkind = 'customer' AND u.cm = 'all'
  UNION SELECT m.line, f.u FROM msgs m JOIN (SELECT item, u FROM ws_item_followers UNION SELECT item, u FROM item_events) f ON f.item = m.item
  UNION SELECT m.line, f.u FROM msgs m JOIN (SELECT c, u FROM ws_conv_followers UNION SELECT c, u FROM conv_events) f ON f.c = m.c
  UNION SELECT m.line, p.u FROM msgs m JOIN first_post p ON p.c = m.c AND p.line < m.line;

-- The checks that need no history (1 to 4), on each candidate once.
CREATE TABLE pairs AS
  SELECT k.u, m.line, m.ts, m.c, m.item, m.mkind, usr.has_email AND usr.email_on AS emailed,
         m.mkind = 'customer' AND usr.cm = 'all' AS needs_no_follow
  FROM candidates k JOIN msgs m ON m.line = k.line JOIN users usr ON usr.id = k.u
  LEFT JOIN items it ON it.id = m.item
  LEFT JOIN members mb ON mb.project = it.project AND mb.u = k.u
  WHERE usr.active
    AND (m.author IS NULL OR m.author <> k.u)
    AND (m.item IS NULL OR usr.all_projects OR mb.u IS NOT NULL)
    AND CASE m.mkind WHEN 'customer' THEN usr.cm <> 'none' WHEN 'internal' THEN usr.im ELSE usr.cr END;

-- 5: following, as the follow lines so far left it (the last one before the message wins).
CREATE TABLE followed AS
  SELECT p.u, p.line, p.ts, p.c, p.emailed FROM pairs p WHERE p.needs_no_follow
  UNION ALL
  SELECT p.u, p.line, p.ts, p.c, p.emailed
  FROM (SELECT * FROM pairs WHERE NOT needs_no_follow) p
  ASOF LEFT JOIN item_events ie ON ie.u = p.u AND ie.item = p.item AND ie.line < p.line
  LEFT JOIN ws_item_followers wi ON wi.item = p.item AND wi.u = p.u
  ASOF LEFT JOIN conv_events ce ON ce.u = p.u AND ce.c = p.c AND ce.line < p.line
  LEFT JOIN ws_conv_followers wc ON wc.c = p.c AND wc.u = p.u
  LEFT JOIN first_post fp ON fp.u = p.u AND fp.c = p.c
  WHERE (p.item IS NOT NULL AND coalesce(ie.follows, wi.u IS NOT NULL))
     OR coalesce(ce.follows, wc.u IS NOT NULL)
     OR fp.line < p.line;

-- 6: not seen within the window (the first later view or own message in the conversation).
CREATE TABLE decided AS
  SELECT f.u, f.line, f.emailed
  FROM followed f ASOF LEFT JOIN seen s ON s.u = f.u AND s.c = f.c AND s.line > f.line
  WHERE s.ts IS NULL OR s.ts > f.ts + ${WINDOW};
`;
await run(sql);
const totals = (await db.runAndReadAll('SELECT count(*)::INTEGER AS alerts, count(*) FILTER (WHERE emailed)::INTEGER AS emails FROM decided')).getRowObjectsJS()[0];
const users = (await db.runAndReadAll('SELECT u AS "user", count(*)::INTEGER AS alerts, count(*) FILTER (WHERE emailed)::INTEGER AS emails FROM decided GROUP BY u ORDER BY u')).getRowObjectsJS();
process.stdout.write(JSON.stringify({ alerts: totals.alerts, emails: totals.emails, users }) + '\n');
