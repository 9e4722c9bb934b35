// "N passed, N failed" for CI (.ci/run, .ci/node-versions).
//   node .ci/count-results.cjs REPORT.json STATUS   from a vitest JSON report and the run's exit status
//   node .ci/count-results.cjs --sum LINE ...       the total of such lines ("" or anything else: 1 failed)
const fs = require('fs');

const [first, ...rest] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (first === '--sum') {
  for (const line of rest) {
    const m = /(\d+) passed, (\d+) failed/.exec(line);
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    } else failed += 1;
  }
} else {
  try {
    const r = JSON.parse(fs.readFileSync(first, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    if (r.numTotalTests === 0) failed += 1;
  } catch {
    failed = 1;
  }
  // A suite that failed to load has no failed tests of its own; count it.
  if (rest[0] !== '0' && failed === 0) failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
