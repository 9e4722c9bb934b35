// npm run bench: measures notifyctl against the floors it cannot beat, in the same run,
// and writes BENCHMARKS.md. `--smoke` runs tiny workloads once (a harness check for CI;
// it asserts nothing about time). Medians of alternating runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    // The DuckDB peer downloads DuckDB on first use: on by default, off for --smoke (CI) unless asked.
    duckdb: { type: 'boolean' },
    runs: { type: 'string' },
    'suggest-runs': { type: 'string' },
    out: { type: 'string' },
    work: { type: 'string' },
  },
});
const SMOKE = args.smoke;
const RUNS = +(args.runs ?? (SMOKE ? 1 : 3));
// gaps --suggest is timed once unless asked (it takes minutes on the standard workload).
const SUGGEST_RUNS = +(args['suggest-runs'] ?? 1);
const ROOT = resolve(import.meta.dirname, '..');
const WORK = resolve(args.work ?? join(ROOT, 'bench', 'out', SMOKE ? 'smoke' : 'full'));
const REPORT = resolve(args.out ?? join(ROOT, SMOKE ? join('bench', 'out', 'smoke', 'BENCHMARKS.md') : 'BENCHMARKS.md'));
const BIN = join(ROOT, 'bin', 'notifyctl.cjs');
const MAXRSS = join(ROOT, 'bench', 'maxrss.cjs');
const SIZES = SMOKE ? { messages: 3000, users: 50, bulkUsers: 2000 } : { messages: 1_000_000, users: 500, bulkUsers: 100_000 };
mkdirSync(WORK, { recursive: true });
const say = (text) => process.stderr.write(`${text}\n`);

// stdoutTo: 'ignore', 'null' (/dev/null), or { file } (created afresh, removed afterwards unless `keep`).
function exec(argv, { stdoutTo = 'ignore', pipeTo, keep = false } = {}) {
  const fd = stdoutTo === 'null' ? openSync('/dev/null', 'w') : typeof stdoutTo === 'object' ? openSync(stdoutTo.file, 'w') : 'ignore';
  const started = process.hrtime.bigint();
  const env = { ...process.env, NODE_OPTIONS: `--require ${MAXRSS}`, NO_COLOR: '1' };
  // pipeTo: stdout goes through a pipe to that shell command (as in "notifyctl ... | jq").
  const r = pipeTo
    ? spawnSync('sh', ['-c', `"$0" "$@" | ${pipeTo}`, process.execPath, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], env })
    : spawnSync(process.execPath, argv, { stdio: ['ignore', fd, 'pipe'], env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (typeof fd === 'number') closeSync(fd);
  if (typeof stdoutTo === 'object' && !keep) rmSync(stdoutTo.file, { force: true });
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${stderr}`);
  const rss = +(/MAXRSS_KB (\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
  return { seconds, rssMiB: rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternates subject and floor `runs` times; `before` prepares each run (fresh copies). */
function compare(name, subject, floor, { runs = RUNS, before } = {}) {
  const s = [];
  const f = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const run = exec(subject.argv, subject);
    s.push(run.seconds);
    rss.push(run.rssMiB);
    before?.();
    f.push(exec(floor.argv, floor).seconds);
  }
  const result = { name, subject: median(s), floor: median(f), rssMiB: median(rss) };
  say(`${name}: ${result.subject.toFixed(3)} s vs ${result.floor.toFixed(3)} s = ${(result.subject / result.floor).toFixed(2)}x`);
  return result;
}

function generate(dir, options) {
  if (existsSync(join(dir, 'workspace.json')) && (options.includes('--workspace-only') || existsSync(join(dir, 'log.ndjson')))) return;
  say(`generating ${dir} ...`);
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--out', dir, ...options], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the generator failed');
}

// ---- workloads ----
// std: the replays. items, items-double: five times the users (10 items each), for memory
// with 25,000 items, at one and two times the messages. distinct: every message in a
// conversation of its own. many: a sixth of the users take every customer message, for
// ten million decisions and more.
const WORKLOADS = {
  std: ['--messages', String(SIZES.messages), '--users', String(SIZES.users)],
  items: ['--messages', String(SIZES.messages), '--users', String(SIZES.users * 5)],
  'items-double': ['--messages', String(SIZES.messages * 2), '--users', String(SIZES.users * 5)],
  distinct: ['--messages', String(SIZES.messages), '--users', '50', '--distinct-conversations'],
  many: ['--messages', String(SIZES.messages), '--users', String(SIZES.users), '--takes-all', '0.15'],
};
const workload = (name) => {
  const dir = join(WORK, name);
  generate(dir, WORKLOADS[name]);
  const db = join(WORK, `${name}.db`);
  if (!existsSync(db)) exec([BIN, '--db', db, 'import', join(dir, 'workspace.json')]);
  return { dir, db, log: join(dir, 'log.ndjson') };
};
const bulk = join(WORK, 'bulk');
generate(bulk, ['--users', String(SIZES.bulkUsers), '--workspace-only']);
const { dir: std, db: stdDb, log: stdLog } = workload('std');
// Output written to a file goes to memory (tmpfs) where there is one, so that the disk's
// write-back does not decide the figure.
const OUTPUT_FILE = join(existsSync('/dev/shm') ? '/dev/shm' : WORK, `notifyctl-bench-${process.pid}.out`);
// The formatting floor writes it too; it goes when the run ends, however it ends.
process.on('exit', () => rmSync(OUTPUT_FILE, { force: true }));
const linesOf = (file) => +spawnSync('sh', ['-c', 'wc -l < "$0"', file]).stdout.toString().trim();

const results = [];
const floorParse = (log) => ({ argv: [join(ROOT, 'bench', 'floor-parse.mjs'), log] });

// 1. simulate --stats vs reading and parsing the log.
results.push({ ...compare('simulate --stats', { argv: [BIN, '--db', stdDb, 'simulate', '--log', stdLog, '--stats', '--format', 'json'] }, floorParse(stdLog)), target: 1.2, floorName: 'read + JSON.parse every line' });

// 1b. the same rules as SQL on DuckDB with both cores (bench/duckdb-peer.mjs), installed here on
// first use so that npm ci stays lean; checked to give notifyctl's totals on small logs first.
const DUCKDB = join(ROOT, 'bench', 'out', 'duckdb');
const withDuckDB = args.duckdb ?? !SMOKE;
if (withDuckDB && !existsSync(join(DUCKDB, 'node_modules', '@duckdb', 'node-api'))) {
  say('installing @duckdb/node-api into bench/out/duckdb (benchmark only) ...');
  const r = spawnSync('npm', ['install', '--prefix', DUCKDB, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '@duckdb/node-api@1.5.6-r.1'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not install @duckdb/node-api');
}
const peer = (log) => ({ argv: [join(ROOT, 'bench', 'duckdb-peer.mjs'), join(std, 'workspace.json'), log, '60000', DUCKDB] });
const statsOf = (text) => {
  const s = JSON.parse(text);
  return JSON.stringify({ alerts: s.alerts, emails: s.emails, users: s.users.filter((u) => u.alerts > 0).map((u) => ({ user: u.user, alerts: u.alerts, emails: u.emails })).sort((a, b) => (a.user < b.user ? -1 : 1)) });
};
if (withDuckDB) {
  const small = join(WORK, 'std-head.ndjson');
  writeFileSync(small, readFileSync(stdLog, 'utf8').split('\n').slice(0, 20_000).join('\n') + '\n');
  const ours = spawnSync(process.execPath, [BIN, '--db', stdDb, 'simulate', '--log', small, '--stats', '--format', 'json'], { maxBuffer: 64 * 1024 * 1024 }).stdout.toString();
  const theirs = spawnSync(process.execPath, peer(small).argv, { maxBuffer: 64 * 1024 * 1024 }).stdout.toString();
  if (statsOf(ours) !== statsOf(theirs)) throw new Error('the DuckDB peer and notifyctl disagree on the first 20,000 lines; the comparison would not be honest');
  say('DuckDB peer agrees with notifyctl on the first 20,000 lines');
  results.push({ ...compare('simulate --stats against DuckDB SQL', { argv: [BIN, '--db', stdDb, 'simulate', '--log', stdLog, '--stats', '--format', 'json'] }, peer(stdLog)), target: 1.0, floorName: 'the rules as SQL on DuckDB, 2 threads (bench/duckdb-peer.mjs)' });
}

// 2. simulate --format ndjson > /dev/null.
results.push({ ...compare('simulate --format ndjson', { argv: [BIN, '--db', stdDb, 'simulate', '--log', stdLog, '--format', 'ndjson'], stdoutTo: 'null' }, floorParse(stdLog)), target: 5.0, floorName: 'read + JSON.parse every line' });

// 2a. ten million lines and more, to a file, against the parse floor and the floor of
// formatting that many lines (bench/floor-format.mjs).
const many = workload('many');
exec([BIN, '--db', many.db, 'simulate', '--log', many.log, '--format', 'ndjson'], { stdoutTo: { file: `${OUTPUT_FILE}.count` }, keep: true });
const manyLines = linesOf(`${OUTPUT_FILE}.count`);
rmSync(`${OUTPUT_FILE}.count`, { force: true });
const manyRun = { argv: [BIN, '--db', many.db, 'simulate', '--log', many.log, '--format', 'ndjson'], stdoutTo: { file: OUTPUT_FILE } };
results.push({ ...compare(`simulate --format ndjson > file (${manyLines.toLocaleString('en-US')} lines)`, manyRun, floorParse(many.log)), target: 5.0, floorName: 'read + JSON.parse every line' });
results.push({ ...compare(`the same, against formatting ${manyLines.toLocaleString('en-US')} lines`, manyRun, { argv: [join(ROOT, 'bench', 'floor-format.mjs'), String(manyLines), OUTPUT_FILE] }), target: null, floorName: 'build and write the lines, nothing else (bench/floor-format.mjs)' });

// 2b. the same into a pipe, where results are held (spilled) until the log has proved valid.
results.push({ ...compare('simulate --format ndjson \\| cat', { argv: [BIN, '--db', stdDb, 'simulate', '--log', stdLog, '--format', 'ndjson'], pipeTo: 'cat > /dev/null' }, floorParse(stdLog)), target: null, floorName: 'read + JSON.parse every line' });

// 2c. why, for a message half-way through the log and for the last one (support staff wait for these).
const messageIds = (() => {
  const r = spawnSync('sh', ['-c', `grep -o '"id":"[^"]*"' "$0" | cut -d'"' -f4`, stdLog], { maxBuffer: 256 * 1024 * 1024 });
  const ids = r.stdout.toString().trim().split('\n');
  return { middle: ids[Math.floor(ids.length / 2)], last: ids.at(-1) };
})();
const whyUser = JSON.parse(readFileSync(join(std, 'workspace.json'), 'utf8')).users[3].id;
results.push({ ...compare('why, a message half-way', { argv: [BIN, '--db', stdDb, 'why', whyUser, messageIds.middle, '--log', stdLog, '--format', 'json'] }, floorParse(stdLog)), target: 0.75, floorName: 'read + JSON.parse every line' });
results.push({ ...compare('why, the last message', { argv: [BIN, '--db', stdDb, 'why', whyUser, messageIds.last, '--log', stdLog, '--format', 'json'] }, floorParse(stdLog)), target: 1.2, floorName: 'read + JSON.parse every line' });

// 2c'. SPEC 10.1: a replay that passes recorded changes (each line decided with the
// workspace of its time), against the same replay with none in the log's span. Both
// databases were imported the day before the log; the second then had preferences set,
// each a change of its own, spread evenly over the log's span.
const HISTORY_CHANGES = SMOKE ? 10 : 100;
const noneDb = join(WORK, 'history-none.db');
const historyDb = join(WORK, `history-${HISTORY_CHANGES}.db`);
/** The times of the log's first and last lines. */
const logSpan = () => {
  const timeOf = (line) => Date.parse(JSON.parse(line).at);
  const ends = spawnSync('sh', ['-c', 'head -n 1 "$0"; tail -n 1 "$0"', stdLog]).stdout.toString().trim().split('\n');
  return [timeOf(ends[0]), timeOf(ends[1])];
};
/** Sets the times of audit changes ([change, ms] pairs) in a benchmark's database. */
const setTimes = async (db, times) => {
  const { createRequire } = await import('node:module');
  const Database = createRequire(import.meta.url)(join(ROOT, 'node_modules', 'better-sqlite3', 'lib', 'index.js'));
  const sqlite = new Database(db);
  const update = sqlite.prepare('UPDATE audit SET at = ? WHERE change = ?');
  for (const [change, at] of times) update.run(new Date(at).toISOString(), change);
  sqlite.close();
};
if (!existsSync(historyDb)) {
  const [first, last] = logSpan();
  for (const f of [noneDb, `${noneDb}-wal`, `${noneDb}-shm`, historyDb]) rmSync(f, { force: true });
  exec([BIN, '--db', noneDb, 'import', join(std, 'workspace.json')]);
  await setTimes(noneDb, [[1, first - 86_400_000]]);
  copyFileSync(noneDb, historyDb);
  const users = JSON.parse(readFileSync(join(std, 'workspace.json'), 'utf8')).users.map((u) => u.id);
  const values = ['all', 'mine', 'none'];
  for (let k = 0; k < HISTORY_CHANGES; k++) exec([BIN, '--db', historyDb, 'prefs', 'set', users[k % users.length], '--customer-messages', values[k % 3], '--yes']);
  await setTimes(historyDb, Array.from({ length: HISTORY_CHANGES }, (_, k) => [k + 2, first + ((k + 1) * (last - first)) / (HISTORY_CHANGES + 1)]));
}
results.push({
  ...compare(`simulate --stats, ${HISTORY_CHANGES} recorded changes in the log's span`, { argv: [BIN, '--db', historyDb, 'simulate', '--log', stdLog, '--stats', '--format', 'json'] }, { argv: [BIN, '--db', noneDb, 'simulate', '--log', stdLog, '--stats', '--format', 'json'] }),
  target: 1.1,
  floorName: 'the same replay with none',
});

// 2d. what a change does: prefs set --impact (two users) and plan (the same change, as two documents).
const before = join(WORK, 'plan-before.json');
const after = join(WORK, 'plan-after.json');
if (!existsSync(after)) {
  const doc = JSON.parse(spawnSync(process.execPath, [BIN, '--db', stdDb, 'export', '--format', 'json'], { maxBuffer: 256 * 1024 * 1024 }).stdout.toString());
  writeFileSync(before, JSON.stringify(doc));
  for (const u of doc.users.slice(0, 2)) u.preferences.customerMessages = 'all';
  writeFileSync(after, JSON.stringify(doc));
}
const changed = JSON.parse(readFileSync(before, 'utf8')).users.slice(0, 2).map((u) => u.id);
results.push({ ...compare('prefs set --impact (2 users)', { argv: [BIN, '--db', stdDb, 'prefs', 'set', ...changed, '--customer-messages', 'all', '--impact', stdLog, '--dry-run'] }, floorParse(stdLog)), target: 2.5, floorName: 'read + JSON.parse every line' });
results.push({ ...compare('plan --from --to (the same change)', { argv: [BIN, 'plan', '--from', before, '--to', after, '--log', stdLog] }, floorParse(stdLog)), target: 2.5, floorName: 'read + JSON.parse every line' });

// 2e. changes of pull-request scale (issue 34): customerMessages set for a tenth of the
// users, and a role default reaching every support user without a value of their own, as
// plan's JSON (SPEC 10.2: the first 1,000 decisions, transitions, effective) with peak
// memory; every changed decision written as it goes, against the floor of formatting as
// many; and the role default's --impact as an admin previews it.
const TENTH = Math.round(SIZES.users / 10);
const after50 = join(WORK, `plan-after-${TENTH}.json`);
const afterRole = join(WORK, 'plan-after-role.json');
if (!existsSync(afterRole)) {
  const doc = JSON.parse(readFileSync(before, 'utf8'));
  const tenth = JSON.parse(JSON.stringify(doc));
  for (const u of tenth.users.slice(0, TENTH)) u.preferences.customerMessages = 'all';
  writeFileSync(after50, JSON.stringify(tenth));
  doc.roleDefaults = { ...doc.roleDefaults, support: { ...doc.roleDefaults?.support, customerMessages: 'all' } };
  writeFileSync(afterRole, JSON.stringify(doc));
}
const stdDoc = JSON.parse(readFileSync(before, 'utf8'));
const roleReach = stdDoc.users.filter((u) => u.role === 'support' && u.preferences.customerMessages === undefined).length;
const planJson = (to) => ({ argv: [BIN, 'plan', '--from', before, '--to', to, '--log', stdLog, '--format', 'json'], stdoutTo: 'null' });
results.push({ ...compare(`plan --format json, customerMessages for ${TENTH} users`, planJson(after50), floorParse(stdLog)), target: 2.5, floorName: 'read + JSON.parse every line', rssTarget: 400 });
results.push({ ...compare(`plan --format json, a role default reaching ${roleReach} users`, planJson(afterRole), floorParse(stdLog)), target: 3.0, floorName: 'read + JSON.parse every line', rssTarget: 400 });
exec(planJson(after50).argv, { stdoutTo: { file: `${OUTPUT_FILE}.plan` }, keep: true });
const changedTotal = +/"decisionsTotal": *(\d+)/.exec(readFileSync(`${OUTPUT_FILE}.plan`, 'utf8'))[1];
rmSync(`${OUTPUT_FILE}.plan`, { force: true });
results.push({
  ...compare(
    `plan --all-decisions > file (${changedTotal.toLocaleString('en-US')} changed decisions)`,
    { argv: [BIN, 'plan', '--from', before, '--to', after50, '--log', stdLog, '--format', 'json', '--all-decisions'], stdoutTo: { file: OUTPUT_FILE } },
    { argv: [join(ROOT, 'bench', 'floor-plan-decisions.mjs'), String(changedTotal), OUTPUT_FILE] },
  ),
  target: 1.2,
  floorName: 'build and write as many entries, nothing else (bench/floor-plan-decisions.mjs)',
  rssTarget: 400,
});
results.push({ ...compare(`prefs defaults set --role support --dry-run --impact (${roleReach} users)`, { argv: [BIN, '--db', stdDb, 'prefs', 'defaults', 'set', '--role', 'support', '--customer-messages', 'all', '--dry-run', '--impact', stdLog] }, floorParse(stdLog)), target: 2.5, floorName: 'read + JSON.parse every line' });

// 2f. coverage and load (SPEC 10.5): gaps --suggest (its replays, the greedy rounds and
// the checking replay) and load.
results.push({ ...compare('gaps --suggest', { argv: [BIN, '--db', stdDb, 'gaps', '--log', stdLog, '--suggest', '--format', 'json'], stdoutTo: 'null' }, floorParse(stdLog), { runs: SMOKE ? 1 : SUGGEST_RUNS }), target: 5.0, floorName: 'read + JSON.parse every line' });
results.push({ ...compare('load', { argv: [BIN, '--db', stdDb, 'load', '--log', stdLog, '--format', 'json'], stdoutTo: 'null' }, floorParse(stdLog)), target: 1.3, floorName: 'read + JSON.parse every line' });

// 2g. why with recorded changes after the message (SPEC 10.1: changedSince, now): the
// history database's changes moved to the second half of the log's span and past its
// end, so that all of them come after the message half-way and a third after the last.
const lateDb = join(WORK, `history-late-${HISTORY_CHANGES}.db`);
if (!existsSync(lateDb)) {
  const [first, last] = logSpan();
  rmSync(`${lateDb}.tmp`, { force: true });
  copyFileSync(historyDb, `${lateDb}.tmp`);
  await setTimes(`${lateDb}.tmp`, Array.from({ length: HISTORY_CHANGES }, (_, k) => [k + 2, first + (last - first) * (0.5 + (0.75 * (k + 1)) / (HISTORY_CHANGES + 1)) + 1000]));
  copyFileSync(`${lateDb}.tmp`, lateDb);
  rmSync(`${lateDb}.tmp`, { force: true });
}
results.push({ ...compare(`why, a message half-way, ${HISTORY_CHANGES} changes recorded after it`, { argv: [BIN, '--db', lateDb, 'why', whyUser, messageIds.middle, '--log', stdLog, '--format', 'json'] }, floorParse(stdLog)), target: 0.75, floorName: 'read + JSON.parse every line' });
results.push({ ...compare(`why, the last message, ${Math.round(HISTORY_CHANGES / 3)} changes recorded after it`, { argv: [BIN, '--db', lateDb, 'why', whyUser, messageIds.last, '--log', stdLog, '--format', 'json'] }, floorParse(stdLog)), target: 1.2, floorName: 'read + JSON.parse every line' });

// 3. peak memory: twice the log, same workspace.
// 3. peak memory: 25,000 items (2,500 users), the log and twice the log.
const items = workload('items');
const itemsDouble = workload('items-double');
const itemCount = JSON.parse(readFileSync(join(items.dir, 'workspace.json'), 'utf8')).items.length;
const statsRss = (w) => median(Array.from({ length: RUNS }, () => exec([BIN, '--db', w.db, 'simulate', '--log', w.log, '--stats', '--format', 'json']).rssMiB));
const rss1 = statsRss(items);
const rss2 = statsRss(itemsDouble);
say(`peak RSS: ${rss1.toFixed(0)} MiB for ${SIZES.messages} messages, ${rss2.toFixed(0)} MiB for ${SIZES.messages * 2}`);

// 3b. every message in a conversation of its own: time against the parse floor, and memory.
const distinct = workload('distinct');
const distinctRun = compare('simulate --stats, every message in a new conversation', { argv: [BIN, '--db', distinct.db, 'simulate', '--log', distinct.log, '--stats', '--format', 'json'] }, floorParse(distinct.log));
results.push({ ...distinctRun, target: 2.0, floorName: 'read + JSON.parse every line' });

// 4. cold start.
const smallDb = join(WORK, 'small.db');
if (!existsSync(smallDb)) exec([BIN, '--db', smallDb, 'import', join(ROOT, 'examples', 'workspace.yaml')]);
results.push({ ...compare('cold start: prefs show', { argv: [BIN, '--db', smallDb, 'prefs', 'show', 'alice'] }, { argv: ['-e', '0'] }, { runs: SMOKE ? 2 : 15 }), target: 1.35, floorName: 'node -e 0' });

// 5. bulk writes.
const bulkBase = join(WORK, 'bulk-base.db');
if (!existsSync(bulkBase)) exec([BIN, '--db', bulkBase, 'import', join(bulk, 'workspace.json')]);
const bulkCopy = join(WORK, 'bulk-run.db');
const freshCopy = () => {
  for (const f of [bulkCopy, `${bulkCopy}-wal`, `${bulkCopy}-shm`]) rmSync(f, { force: true });
  copyFileSync(bulkBase, bulkCopy);
};
results.push({
  ...compare('prefs set --all-users', { argv: [BIN, '--db', bulkCopy, 'prefs', 'set', '--all-users', '--customer-messages', 'all', '--yes'] }, { argv: [join(ROOT, 'bench', 'floor-prefs-set.mjs'), bulkCopy] }, { before: freshCopy }),
  target: 2.0,
  floorName: 'bare better-sqlite3: same reads, upserts and audit rows',
});
const emptyBase = join(WORK, 'empty.db');
if (!existsSync(emptyBase)) exec([BIN, '--db', emptyBase, 'init']);
const freshEmpty = () => {
  for (const f of [bulkCopy, `${bulkCopy}-wal`, `${bulkCopy}-shm`]) rmSync(f, { force: true });
  copyFileSync(emptyBase, bulkCopy);
};
results.push({
  ...compare('import (users)', { argv: [BIN, '--db', bulkCopy, 'import', join(bulk, 'workspace.json')] }, { argv: [join(ROOT, 'bench', 'floor-import.mjs'), bulkCopy, join(bulk, 'workspace.json')] }, { before: freshEmpty }),
  target: 3.0,
  floorName: 'bare better-sqlite3: the same rows, audit rows included',
});

// 5b. the audit trail of a big import read back (issue 37: both were quadratic): the
// workspace before the import (export --as-of), and the undo of the import once a later
// change has overwritten every user (a dry run, --force), against a plain export.
const overwritten = join(WORK, 'bulk-overwritten.db');
if (!existsSync(overwritten)) {
  copyFileSync(bulkBase, overwritten);
  exec([BIN, '--db', overwritten, 'prefs', 'set', '--all-users', '--customer-messages', 'all', '--yes']);
}
const plainExport = { argv: [BIN, '--db', overwritten, 'export'], stdoutTo: 'null' };
// The workspace as the import left it (an --as-of before the history is refused, SPEC 10.1).
const importedAt = JSON.parse(spawnSync(process.execPath, [BIN, '--db', overwritten, 'audit', 'changes', '--format', 'json']).stdout.toString()).find((c) => c.change === 1).at;
results.push({ ...compare(`export --as-of before an overwrite of ${SIZES.bulkUsers.toLocaleString('en-US')} users`, { argv: [BIN, '--db', overwritten, 'export', '--as-of', importedAt], stdoutTo: 'null' }, plainExport), target: 4.0, floorName: 'export' });
results.push({ ...compare('audit undo --dry-run --force of that import, overwritten since', { argv: [BIN, '--db', overwritten, 'audit', 'undo', '1', '--dry-run', '--force', '--format', 'json'], stdoutTo: 'null' }, plainExport), target: 4.0, floorName: 'export' });

// ---- the report ----
const met = (ok) => (ok ? 'yes' : '**no**');
const rows = results.map((r) => `| ${r.name} | ${r.subject.toFixed(3)} s | ${r.floorName}: ${r.floor.toFixed(3)} s | ${(r.subject / r.floor).toFixed(2)}× | ${r.target === null ? 'none (for comparison)' : `≤ ${r.target}×`} | ${r.target === null ? '—' : met(r.subject / r.floor <= r.target)} |`);
const rssRatio = rss2 / rss1;
// Rows that are not a time against a floor; the later one goes in first, so that the
// earlier one's place is still the same.
const at = (name) => results.findIndex((r) => r.name === name);
rows.splice(at('simulate --stats, every message in a new conversation') + 1, 0, `| peak RSS, every message in a new conversation | ${distinctRun.rssMiB.toFixed(0)} MiB (${SIZES.messages.toLocaleString('en-US')} conversations) | — | — | ≤ 400 MiB | ${met(distinctRun.rssMiB <= 400)} |`);
rows.splice(results.findIndex((r) => r.name.includes('| cat')) + 1, 0, `| peak RSS, simulate --stats, ${itemCount.toLocaleString('en-US')} items | ${rss2.toFixed(0)} MiB (${(SIZES.messages * 2).toLocaleString('en-US')} messages) | ${rss1.toFixed(0)} MiB (${SIZES.messages.toLocaleString('en-US')} messages) | ${rssRatio.toFixed(2)}× | ≤ 1.15× and ≤ 300 MiB | ${met(rssRatio <= 1.15 && rss2 <= 300)} |`);
// Peak memory of the lines that have a target for it, each after its line.
for (const r of results.filter((x) => x.rssTarget !== undefined)) {
  const i = rows.findIndex((row) => row.startsWith(`| ${r.name} |`));
  rows.splice(i + 1, 0, `| peak RSS, ${r.name} | ${r.rssMiB.toFixed(0)} MiB | — | — | ≤ ${r.rssTarget} MiB | ${met(r.rssMiB <= r.rssTarget)} |`);
}
const report = `# Benchmarks

${SMOKE ? '**Smoke run** (tiny workloads, one run each): it checks that the harness works; the figures mean nothing.\n\n' : ''}Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}.
Each figure is the median of ${RUNS} runs (cold start: ${SMOKE ? 2 : 15}), alternating notifyctl and its floor.

Workloads (\`bench/generate.mjs\`, seed 20260302): ${SIZES.messages.toLocaleString('en-US')} messages and ${SIZES.users} users for the replays (about 1.8 events per message: views, follows); the same with a sixth of the users taking every customer message (${manyLines.toLocaleString('en-US')} decisions, written to ${OUTPUT_FILE.startsWith('/dev/shm') ? 'a file in memory (tmpfs)' : 'a file'}); ${SIZES.users * 5} users and ${itemCount.toLocaleString('en-US')} items with the log and twice the log, for memory; the messages each in a conversation of their own (50 users); and ${SIZES.bulkUsers.toLocaleString('en-US')} users for the bulk writes.

| benchmark | notifyctl | floor | ratio | target | met |
|---|---|---|---|---|---|
${rows.join('\n')}

## Reproduce

\`\`\`sh
npm run bench                      # everything; workloads are generated into bench/out/full once
node bench/run.mjs --runs 5        # more runs
node bench/run.mjs --smoke         # the harness on tiny inputs
node bench/generate.mjs --messages 1000000 --users 500 --out /tmp/std
notifyctl --db /tmp/std.db import /tmp/std/workspace.json
time notifyctl --db /tmp/std.db simulate --log /tmp/std/log.ndjson --stats --format json
time NOTIFYCTL_LOG_WORKER=0 notifyctl --db /tmp/std.db simulate --log /tmp/std/log.ndjson --stats --format json   # in one thread
time node bench/floor-parse.mjs /tmp/std/log.ndjson
\`\`\`
`;
writeFileSync(REPORT, report + (SMOKE ? '' : readNotes()));
say(`wrote ${REPORT}`);

function readNotes() {
  const notes = join(ROOT, 'bench', 'NOTES.md');
  return existsSync(notes) ? `\n${spawnSync('cat', [notes]).stdout.toString()}` : '';
}
