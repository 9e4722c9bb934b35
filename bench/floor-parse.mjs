// The floor for replaying a log: read it line by line and JSON.parse every line.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
let lines = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line) {
    JSON.parse(line);
    lines++;
  }
}
process.stderr.write(`${lines} lines\n`);
