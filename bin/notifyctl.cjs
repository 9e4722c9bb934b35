#!/usr/bin/env node
'use strict';
// Runs the bundled CLI, dist/cli.cjs. Node 22 and later keep a compile cache of it
// between runs (module.enableCompileCache); Node 20 compiles it each time. A hand-made
// V8 code cache saved about 5-9 ms of a ~150 ms start, less than this machine's noise
// from run to run (BENCHMARKS.md), so the launcher stays this simple.
require('node:module').enableCompileCache?.();
require('../dist/cli.cjs');
