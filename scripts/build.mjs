// Bundles the CLI into one CommonJS file, dist/cli.cjs, with esbuild. CommonJS because
// Node 20 starts it faster than ES modules (no module loader to set up, one file to
// read). The libraries only some commands use (YAML, CSV, prompts, zod)
// stay outside the bundle and are required from node_modules when a command first
// needs them. better-sqlite3's JavaScript is bundled; its compiled addon is loaded by
// path (src/store/database.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!existsSync('src/cli/shell/main.ts')) process.exit(0);

const LOADED_ON_DEMAND = ['yaml', 'csv-parse', 'csv-stringify', '@inquirer/prompts', 'zod'];

// chalk works out a colour level for its default instance when loaded, which loads
// tty, net and the stream machinery. notifyctl never uses that instance: it always
// passes the level (src/cli/output/output.ts). Give chalk a detector that answers 'none'.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'chalk-without-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

// Commander requires child_process at load time, for subcommands that are separate
// executables, which notifyctl has none of. Loading it pulls in net, dgram and the
// stream machinery: several milliseconds of every start. Give commander a stand-in
// that loads child_process only if it is ever used.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

// The report's charts (src/cli/render/report-charts.ts) are Vega and Vega-Lite, most of a
// megabyte: a bundle of their own, dist/report-charts.cjs, that the CLI requires only when
// `report` runs, so no other command reads or compiles a byte of it. Vega and Vega-Lite are
// ES modules only (and Vega's canvas module awaits at its top level): bundled here into
// CommonJS, they need no loader at run time and no package installed beside the CLI.
const REPORT_CHARTS = /(^|\/)report-charts\.js$/;
const reportChartsApart = {
  name: 'report-charts-apart',
  setup(b) {
    b.onResolve({ filter: REPORT_CHARTS }, () => ({ path: './report-charts.cjs', external: true }));
  },
};
// Vega draws SVG as text (renderer 'none', view.toSVG()): it never needs a canvas. Its
// module that looks for the optional `canvas` package is replaced by one that finds none,
// as it would without that package, so text is measured by Vega's estimate either way.
const noCanvas = {
  name: 'no-canvas',
  setup(b) {
    b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: 'vega-canvas', namespace: 'no-canvas' }));
    b.onLoad({ filter: /.*/, namespace: 'no-canvas' }, () => ({
      contents: 'export const canvas = () => null, domCanvas = () => null, nodeCanvas = () => null, image = () => null;',
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: LOADED_ON_DEMAND,
  // import() of those libraries becomes require(): all of them ship CommonJS too.
  supported: { 'dynamic-import': false },
  plugins: [lazyChildProcess, chalkWithoutDetection],
  sourcemap: 'linked',
  // Minified: a smaller file reads and compiles faster at every start (measured about
  // 4 ms of 140). Stack traces (NOTIFYCTL_DEBUG=1) map back to the TypeScript sources
  // with NODE_OPTIONS=--enable-source-maps. NOTIFYCTL_MINIFY=0 keeps names, for profiles.
  minify: process.env.NOTIFYCTL_MINIFY !== '0',
  logLevel: 'warning',
  // The sources are ES modules; the two that ask for import.meta.url get this file's.
  define: { 'import.meta.url': '__notifyctlBundleUrl' },
  banner: { js: "const __notifyctlBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...common, entryPoints: ['src/cli/shell/main.ts'], outfile: 'dist/cli.cjs', plugins: [...common.plugins, reportChartsApart] });
// Without a source map: Vega's would be megabytes, for stack traces inside Vega.
await build({ ...common, entryPoints: ['src/cli/render/report-charts.ts'], outfile: 'dist/report-charts.cjs', plugins: [noCanvas], sourcemap: false });
// The log reader's thread (src/io/log-worker.ts), started for long logs.
await build({ ...common, entryPoints: ['src/io/log-worker.ts'], outfile: 'dist/log-worker.cjs' });
// The thread that writes long output to a file (src/cli/output/block-writer.ts).
await build({ ...common, entryPoints: ['src/cli/output/write-worker.ts'], outfile: 'dist/write-worker.cjs' });

// The V8 code cache the launcher uses on Node 20 (bin/notifyctl.cjs): made after a run
// of `prefs show` on the example workspace, so it holds what a command compiles as it
// runs. Without one (the addon not built yet, say) the CLI works as well, only starts
// about 15 ms slower; the build says so and goes on.
if (Module.enableCompileCache === undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'notifyctl-build-'));
  try {
    const db = join(dir, 'warm.db');
    const cli = (args, env = {}) => spawnSync(process.execPath, ['bin/notifyctl.cjs', '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const imported = cli(['import', 'examples/workspace.yaml', '--yes']);
    const saved = imported.status === 0 ? cli(['prefs', 'show', 'alice'], { NOTIFYCTL_CODE_CACHE: 'save' }) : imported;
    if (saved.status !== 0 || !existsSync('dist/cli.cjs.cache')) console.warn(`build: no code cache for the CLI (${(saved.stderr || saved.error?.message || '').trim().split('\n').pop()}); it starts a little slower`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
