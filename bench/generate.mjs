// Deterministic workload generator for the benchmarks (seeded; same seed, same bytes).
//   node bench/generate.mjs --messages 1000000 --users 500 --out bench/out/std
// writes workspace.json and log.ndjson. With --users-only N it writes a workspace of N
// users only (for the bulk-write benchmarks).
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '500' },
    seed: { type: 'string', default: '20260302' },
    out: { type: 'string', default: 'bench/out/std' },
    'workspace-only': { type: 'boolean', default: false },
    // Every message in a conversation of its own (a month of a busy helpdesk has millions).
    'distinct-conversations': { type: 'boolean', default: false },
    // The share of users who take every customer message (more notifications per message).
    'takes-all': { type: 'string', default: '0.03' },
  },
});
const MESSAGES = +args.messages;
const USERS = +args.users;
const TAKES_ALL = +args['takes-all'];
mkdirSync(args.out, { recursive: true });

// mulberry32: small, fast, deterministic.
let state = +args.seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const pad = (n, w) => String(n).padStart(w, '0');

// ---- the workspace ----
const userIds = Array.from({ length: USERS }, (_, i) => `u${pad(i, 6)}`);
const PROJECTS = Math.max(1, Math.round(USERS / 20));
const projectIds = Array.from({ length: PROJECTS }, (_, i) => `p${pad(i, 3)}`);
const members = projectIds.map(() => new Set());
const users = userIds.map((id, i) => {
  const home = i % PROJECTS;
  members[home].add(id);
  if (random() < 0.3) members[int(PROJECTS)].add(id);
  const r = random();
  const preferences = {};
  if (r < TAKES_ALL) preferences.customerMessages = 'all'; // a few percent take every customer message
  else if (r < TAKES_ALL + 0.02) preferences.customerMessages = 'none';
  if (random() < 0.08) preferences.access = 'all-projects';
  if (random() < 0.05) preferences.email = false;
  if (random() < 0.05) preferences.customerReplies = false;
  const user = { id, name: `User ${i}`, role: pick(['support', 'support', 'support', 'developer', 'manager']), preferences };
  if (random() >= 0.03) user.email = `${id}@example.com`; // some have no address
  return user;
});
const projects = projectIds.map((id, i) => ({ id, name: `Project ${i}`, members: [...members[i]] }));
if (args['workspace-only']) {
  writeFileSync(join(args.out, 'workspace.json'), JSON.stringify({ version: 1, users, projects }));
  process.exit(0);
}
const ITEMS = USERS * 10;
const items = Array.from({ length: ITEMS }, (_, i) => {
  const project = i % PROJECTS;
  const team = projects[project].members;
  const followers = new Set(Array.from({ length: 1 + int(3) }, () => pick(team)));
  return { id: `T-${pad(i, 6)}`, project: projectIds[project], kind: random() < 0.7 ? 'ticket' : 'task', followers: [...followers] };
});
writeFileSync(join(args.out, 'workspace.json'), JSON.stringify({ version: 1, users, projects, items }));

// ---- the log ----
// Conversations: a heavy skew (a few hot ones, a long tail); each has an item (most) and
// one to three agents from the item's project who write in it.
// Fixed by the size of the helpdesk, not the length of the log: a longer log is more
// traffic in the same conversations, so the memory benchmark compares like with like.
const CONVERSATIONS = USERS * 100;
const conversations = new Map();
function conversation(n) {
  let c = conversations.get(n);
  if (!c) {
    const item = random() < 0.9 ? items[int(ITEMS)] : null;
    const team = item ? projects[projectIds.indexOf(item.project)].members : userIds;
    c = { id: `c${pad(n, 7)}`, item, agents: Array.from({ length: 1 + int(3) }, () => pick(team)), started: false };
    conversations.set(n, c);
  }
  return c;
}
const skewed = () => Math.floor(CONVERSATIONS * random() ** 3);
let distinct = 0;
const next = args['distinct-conversations'] ? () => CONVERSATIONS + distinct++ : skewed;

// Views arrive later than their message: a min-heap by time keeps the log in order.
const heap = [];
function push(event) {
  heap.push(event);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (heap[parent].at <= heap[i].at) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}
function pop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].at < heap[m].at) m = l;
      if (r < heap.length && heap[r].at < heap[m].at) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}

const out = createWriteStream(join(args.out, 'log.ndjson'));
let buffer = [];
const write = (event) => {
  buffer.push(JSON.stringify(event));
  if (buffer.length >= 5000) {
    out.write(buffer.join('\n') + '\n');
    buffer = [];
  }
};
let t = Date.parse('2026-03-01T00:00:00Z');
for (let n = 0; n < MESSAGES; n++) {
  t += 1 + int(5000); // about 2.5 s apart: a month for a million messages
  while (heap.length > 0 && heap[0].at <= t) write(pop().event);
  const c = conversation(next());
  const r = random();
  const message = { type: 'message', id: `m${pad(n, 8)}`, at: new Date(t).toISOString(), conversation: c.id };
  if (r < 0.6) Object.assign(message, { author: `cust-${c.id}`, authorKind: 'customer' });
  else {
    const bot = random() < (r < 0.85 ? 0.1 : 0.2);
    Object.assign(message, bot ? { author: 'helper-bot', authorKind: 'bot' } : { author: pick(c.agents), authorKind: 'user' });
    message.audience = r < 0.85 ? 'internal' : 'customers';
  }
  if (!c.started && c.item) message.item = c.item.id;
  c.started = true;
  write(message);
  // Most messages are seen by someone within minutes.
  if (random() < 0.78) {
    const at = t + int(240_000);
    push({ at, event: { type: 'view', at: new Date(at).toISOString(), user: pick(random() < 0.7 ? c.agents : c.item?.followers ?? c.agents), conversation: c.id } });
  }
  if (random() < 0.01) {
    const user = pick(userIds);
    const target = random() < 0.5 ? { item: items[int(ITEMS)].id } : { conversation: c.id };
    push({ at: t, event: { type: random() < 0.7 ? 'follow' : 'unfollow', at: new Date(t).toISOString(), user, ...target } });
  }
}
while (heap.length > 0) write(pop().event);
out.end(buffer.length > 0 ? buffer.join('\n') + '\n' : '');
