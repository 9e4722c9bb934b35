/** Opening the database for a command, and closing it whatever happens. */
import type { Workspace } from '../domain/workspace.js';
import { openDatabase, type Db } from '../store/database.js';
import { loadWorkspace } from '../store/workspace-store.js';
import type { CliContext } from './context.js';

export async function withDatabase<T>(ctx: Pick<CliContext, 'dbPath'>, work: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openDatabase(ctx.dbPath);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

export function readWorkspace(ctx: Pick<CliContext, 'dbPath'>): Promise<Workspace> {
  return withDatabase(ctx, loadWorkspace);
}
