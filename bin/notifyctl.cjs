#!/usr/bin/env node
'use strict';
// Runs the bundled CLI, dist/cli.cjs. Node 22 and later keep a compile cache of it
// between runs (module.enableCompileCache). On Node 20 the bundle is compiled through
// vm.Script with the V8 code cache the build saved beside it (dist/cli.cjs.cache), made
// after a run of `prefs show`, so it holds the functions a command compiles as it runs,
// not only the top level: about 15 ms of a start of 100 (BENCHMARKS.md). V8 refuses a
// cache made by another version or with other flags, and the bundle is then compiled
// as usual. NOTIFYCTL_CODE_CACHE=save writes the cache at exit (the build does);
// =report says on stderr whether it was used; =0 does not use it.
const Module = require('node:module');
const path = require('node:path');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
const setting = process.env.NOTIFYCTL_CODE_CACHE;
// Stack traces that map to the sources (--enable-source-maps) need the module loader.
if (Module.enableCompileCache !== undefined || setting === '0' || process.sourceMapsEnabled) {
  Module.enableCompileCache?.();
  require(file);
} else {
  const fs = require('node:fs');
  const { Script } = require('node:vm');
  const source = fs.readFileSync(file, 'utf8');
  let cachedData;
  if (setting !== 'save') {
    try {
      cachedData = fs.readFileSync(`${file}.cache`);
    } catch {
      // No cache (a build that could not make one): compiled as usual.
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (setting === 'report') process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  if (setting === 'save') process.on('exit', () => fs.writeFileSync(`${file}.cache`, script.createCachedData()));
  // The bundle requires through createRequire (resolving from dist/, as require(file) would).
  const bundle = new Module(file, module);
  bundle.filename = file;
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
}
