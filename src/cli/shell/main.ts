/** The process's entry point: the real streams, signals, and the exit code. */
import { removeAllTempDirs } from '../../io/temp.js';
import { execute } from './execute.js';
import { handleSignals } from './interrupt.js';
import { systemIO } from '../output/iostreams.js';

// Temporary files go also when the run is interrupted; a write being made is rolled back.
handleSignals(removeAllTempDirs);

// No top-level await: the bundle is CommonJS, which starts faster than ES modules.
void execute(process.argv.slice(2), systemIO()).then((code) => {
  process.exitCode = code;
});
