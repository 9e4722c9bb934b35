// npm test, after the build: tsc --noEmit and the unit, cli and e2e tiers at the same time
// (tsc is one process of its own, about a quarter of the run on two cores). tsc's report
// comes after vitest's; the exit code is 1 when either failed. Arguments go to vitest.
import { spawn } from 'node:child_process';

const finished = (child) => new Promise((done) => child.on('close', (code) => done(code ?? 1)));

const tsc = spawn('node_modules/.bin/tsc', ['--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/notifyctl/tsbuildinfo'], { stdio: ['ignore', 'pipe', 'pipe'] });
let typeErrors = '';
tsc.stdout.on('data', (d) => (typeErrors += d));
tsc.stderr.on('data', (d) => (typeErrors += d));
const vitest = spawn('node_modules/.bin/vitest', ['run', '--project', 'unit', '--project', 'cli', '--project', 'e2e', ...process.argv.slice(2)], { stdio: 'inherit' });

const [tests, types] = await Promise.all([finished(vitest), finished(tsc)]);
process.stdout.write(types === 0 ? 'tsc --noEmit: no type errors\n' : `${typeErrors}tsc --noEmit: type errors (exit ${types})\n`);
process.exitCode = tests !== 0 || types !== 0 ? 1 : 0;
