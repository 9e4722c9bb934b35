#!/usr/bin/env node
'use strict';
// Runs the bundled CLI, dist/cli.cjs, compiled from the V8 code cache that the build
// leaves beside it (dist/cli.cjs.cache), so that a start does not parse the whole
// bundle again. Node 22 has this built in (module.enableCompileCache); Node 20 does not.
// V8 refuses a cache made by another V8 or with other flags, and then the bundle is
// simply compiled as usual. V8 tells other source only by its length, so a cache older
// than the bundle (the bundle was rebuilt or edited since) is not offered at all.
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');

const file = join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  if (statSync(cacheFile).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(cacheFile);
} catch {
  // No cache: compile as usual.
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const bundle = new Module(file, module);
bundle.filename = file;
// The build asks for the cache once it has run the CLI (scripts/build.mjs).
if (process.env.NOTIFYCTL_WRITE_CODE_CACHE === '1') process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, dirname(file));
