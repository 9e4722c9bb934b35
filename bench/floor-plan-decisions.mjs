// The floor for plan --all-decisions: N changed decisions as plan's JSON lists them
// (SPEC 10.2: {message, user, before: {alert, email, reason}, after: {…}}, indented as in
// the document), built the cheapest way JavaScript has (message ids made once per message,
// users and outcomes taken from pools, a template per entry), encoded 16 K characters at
// a time and written to a file in 1 MiB blocks. No log is read and nothing is decided.
//   node bench/floor-plan-decisions.mjs N OUT
import { closeSync, openSync } from 'node:fs';
import { blockWriter } from './block-writer.mjs';

const count = +process.argv[2];
const fd = openSync(process.argv[3], 'w');
const out = blockWriter(fd);
const flush = out.write;
let pending = '';
const users = Array.from({ length: 500 }, (_, i) => `"u${String(i).padStart(6, '0')}"`);
const outcome = (alert, email, reason) => `{\n        "alert": ${alert},\n        "email": ${email},\n        "reason": "${reason}"\n      }`;
const outcomes = [
  [outcome(false, false, 'not_following'), outcome(true, true, 'customer_message_all')],
  [outcome(false, false, 'not_following'), outcome(false, false, 'seen_within_window')],
  [outcome(true, true, 'customer_message_mine'), outcome(true, true, 'customer_message_all')],
];
let message = '';
pending = '  "decisions": [\n';
for (let i = 0; i < count; i++) {
  // About seven changed decisions per message.
  if (i % 7 === 0) message = `"m${String(i / 7).padStart(8, '0')}"`;
  const [before, after] = outcomes[i % 3];
  pending += `${i === 0 ? '' : ',\n'}    {\n      "message": ${message},\n      "user": ${users[i % 500]},\n      "before": ${before},\n      "after": ${after}\n    }`;
  if (pending.length >= 16384) {
    flush(pending);
    pending = '';
  }
}
flush(pending + '\n  ],\n');
out.end();
closeSync(fd);
