// Bundles the CLI into dist/ with esbuild. Code split so that heavy modules (YAML, CSV,
// tables, prompts) load only in the commands that import them dynamically.
// better-sqlite3 stays external: it is a native addon.
import { build } from 'esbuild';
import { rmSync, existsSync } from 'node:fs';

if (!existsSync('src/cli/main.ts')) process.exit(0);
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  // Not minified: it measured no faster to start, and stack traces stay readable.
  minify: false,
  logLevel: 'warning',
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
});
