/** Opening the database for a command and loading what it holds. */
import { openDatabase, type Db } from '../store/database.js';
import { loadWorkspace } from '../store/workspace-store.js';
import type { Workspace } from '../domain/workspace.js';
import type { CliContext } from './context.js';

export function withDatabase<T>(ctx: Pick<CliContext, 'dbPath'>, work: (db: Db) => T): T {
  const db = openDatabase(ctx.dbPath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function readWorkspace(ctx: Pick<CliContext, 'dbPath'>): Workspace {
  return withDatabase(ctx, loadWorkspace);
}
