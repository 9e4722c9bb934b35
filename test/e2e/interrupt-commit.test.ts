/**
 * A signal that comes once a write has committed (SPEC 10.4, review finding): the change
 * is in the database, so the process says so — which change, and how to take it back —
 * before it ends by the signal. The write transaction, the audit and the signal handling
 * are the real modules, bundled into a small program that interrupts itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('interrupted after a commit', () => {
  it('says which change was written and ends by the signal; before the commit nothing is written', () => {
    const dir = tempDir();
    const program = join(dir, 'program.ts');
    // The bundle sits inside the checkout, so that it finds better-sqlite3 in node_modules.
    mkdirSync(resolve('node_modules/.cache'), { recursive: true });
    const here = mkdtempSync(resolve('node_modules/.cache/notifyctl-interrupt-'));
    made.push(here);
    writeFileSync(
      program,
      `import { handleSignals } from ${JSON.stringify(resolve('src/cli/shell/interrupt.ts'))};
       import { openDatabase } from ${JSON.stringify(resolve('src/store/database.ts'))};
       import { recordAudit } from ${JSON.stringify(resolve('src/store/audit.ts'))};
       import { writeTransaction } from ${JSON.stringify(resolve('src/store/transaction.ts'))};
       handleSignals(() => {});
       const db = openDatabase(process.argv[2]);
       const when = process.argv[3];
       writeTransaction(db, () => {
         recordAudit(db, { actor: 't', command: 'users add zoe' }, [{ entity: 'user', target: null, user: 'zoe', key: null, old: null, new: 'added' }]);
         if (when === 'during') process.kill(process.pid, 'SIGINT');
       });
       if (when === 'after') process.kill(process.pid, 'SIGINT');
       setTimeout(() => {}, 5000);`,
    );
    const bundle = join(here, 'program.mjs');
    buildSync({ entryPoints: [program], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['better-sqlite3'], logLevel: 'silent' });
    const changes = (db: string) => {
      const sqlite = new Database(db, { readonly: true });
      try {
        return sqlite.prepare('SELECT count(*) FROM audit').pluck().get();
      } finally {
        sqlite.close();
      }
    };
    const after = join(dir, 'after.db');
    const r = spawnSync(process.execPath, [bundle, after, 'after'], { encoding: 'utf8', cwd: resolve('.'), timeout: 20_000 });
    expect(r.signal).toBe('SIGINT');
    expect(r.stderr).toBe('notifyctl: interrupted after change 1 was written: it is done ("notifyctl audit --change 1" shows it; "notifyctl audit undo 1" takes it back)\n');
    expect(changes(after)).toBe(1);
    const during = join(dir, 'during.db');
    const d = spawnSync(process.execPath, [bundle, during, 'during'], { encoding: 'utf8', cwd: resolve('.'), timeout: 20_000 });
    expect(d.signal).toBe('SIGINT');
    expect(d.stderr).toBe('');
    expect(changes(during)).toBe(0);
  });
});
