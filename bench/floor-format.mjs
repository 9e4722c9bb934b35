// The floor for writing decisions: N decision lines of SPEC section 6, built the
// cheapest way JavaScript has (a template of strings made once per message or taken
// from a pool, times formatted once per message), encoded as UTF-8 16 K characters at
// a time and written to a file in 1 MiB blocks. No log is read and nothing is decided:
// what is left is the cost of making and writing that many lines.
//   node bench/floor-format.mjs N OUT
import { closeSync, openSync } from 'node:fs';
import { blockWriter } from './block-writer.mjs';

const lines = +process.argv[2];
const fd = openSync(process.argv[3], 'w');
const out = blockWriter(fd);
const flush = out.write;
let pending = '';
const pool = (n, f) => Array.from({ length: n }, (_, i) => `"${f(i)}"`);
const users = pool(500, (i) => `u${String(i).padStart(6, '0')}`);
const conversations = pool(50_000, (i) => `c${String(i).padStart(7, '0')}`);
const items = pool(5_000, (i) => `T-${String(i).padStart(6, '0')}`);
const start = Date.parse('2026-03-01T00:00:00Z');
let message = '';
let at = '';
let fireAt = '';
for (let i = 0; i < lines; i++) {
  // About a dozen decisions per message.
  if (i % 12 === 0) {
    const m = i / 12;
    message = `"m${String(m).padStart(8, '0')}"`;
    at = `"${new Date(start + m * 2500).toISOString()}"`;
    fireAt = `"${new Date(start + m * 2500 + 60_000).toISOString()}"`;
  }
  const email = i % 13 !== 0;
  pending +=
    `{"message":${message},"at":${at},"conversation":${conversations[(i / 12) % 50_000 | 0]},` +
    `"item":${i % 10 === 0 ? 'null' : items[(i / 12) % 5_000 | 0]},"user":${users[i % 500]},"alert":true,"email":${email},` +
    `"reason":"customer_message_all","via":null,"emailSkipped":${email ? 'null' : '"email_off"'},` +
    `"fireAt":${fireAt},"seenAt":null}\n`;
  if (pending.length >= 16384) {
    flush(pending);
    pending = '';
  }
}
flush(pending);
out.end();
closeSync(fd);
