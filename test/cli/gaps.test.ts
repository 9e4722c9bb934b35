/** gaps (SPEC 9.2): unreachable and unnoticed customer messages, blockers, seenBy; and the counts in simulate --stats. */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workspaceDatabase } from '../fixtures/databases.js';
import { cli } from './run.js';
import { at, GAPS_LOG, GAPS_WORKSPACE } from '../fixtures/gaps-helpdesk.js';

const WORKSPACE = GAPS_WORKSPACE;
const LOG = GAPS_LOG;

const setup = () => workspaceDatabase(WORKSPACE, LOG);
/** SPEC 10.1's note for a log older than the database's first change. */
function beforeHistory(db: string, lines: number): string {
  const sqlite = new Database(db, { readonly: true });
  const first = sqlite.prepare('SELECT min(at) FROM audit').pluck().get() as string;
  sqlite.close();
  return `the recorded history of ${db} begins at ${first.slice(0, 19).replace('T', ' ')}Z; ${lines} earlier lines use the workspace as it stood then\n`;
}

describe('gaps', () => {
  it('lists the unreachable customer messages with blockers, seenBy at the window end, and the item as at the message', async () => {
    const { db, log } = await setup();
    const r = await cli(['--db', db, 'gaps', '--log', log, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { message: 'm1', at: at(0), conversation: 'c1', item: 'T', project: 'p', seenBy: null, seenAt: null, blockers: { not_following: 1, no_access: 1 } },
      { message: 'm2', at: at(100), conversation: 'chat', item: null, project: null, seenBy: 'cy', seenAt: at(160), blockers: { not_following: 1, customer_messages_none: 1 } },
      { message: 'm4', at: at(400), conversation: 'chat', item: 'T', project: 'p', seenBy: null, seenAt: null, blockers: { not_following: 1, no_access: 1 } },
    ]);
    // The database was made after the log's day: every line uses the workspace as the import left it (SPEC 10.1).
    expect(r.stderr).toBe(`4 customer messages: 3 unreachable (no active user would be alerted), 2 unnoticed (and nobody saw it in time).\n${beforeHistory(db, 7)}`);
  });

  it('--unnoticed, --fail, CSV blockers, and tab-separated rows when piped', async () => {
    const { db, log } = await setup();
    const csv = await cli(['--db', db, 'gaps', '--log', log, '--unnoticed', '--format', 'csv']);
    expect(csv.stdout).toBe(
      `message,at,conversation,item,project,seenBy,seenAt,blockers\nm1,${at(0)},c1,T,p,,,not_following=1;no_access=1\nm4,${at(400)},chat,T,p,,,not_following=1;no_access=1\n`,
    );
    const fail = await cli(['--db', db, 'gaps', '--log', log, '--fail']);
    expect(fail.code).toBe(1);
    expect(fail.stdout.split('\n')[0]).toBe('TIME\tMESSAGE\tCONVERSATION\tPROJECT\tSEEN BY\tBLOCKERS');
    expect(fail.stdout.split('\n')[2]).toBe('2026-03-02 09:01:40Z\tm2\tchat\t\tcy at 2026-03-02 09:02:40Z\tnot_following=1;customer_messages_none=1');
  });

  it('reads the log from standard input as from a file', async () => {
    const { db, log } = await setup();
    const fromFile = await cli(['--db', db, 'gaps', '--log', log, '--format', 'ndjson']);
    const fromStdin = await cli(['--db', db, 'gaps', '--log', '-', '--format', 'ndjson'], { input: readFileSync(log, 'utf8') });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(fromStdin.stdout.split('\n')).toHaveLength(4);
  });

  it('simulate --stats reports the two counts', async () => {
    const { db, log } = await setup();
    const stats = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--stats', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ messages: 4, unreachable: 3, unnoticed: 2 });
    const all = JSON.parse((await cli(['--db', db, 'simulate', '--log', log, '--stats', '--all', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(all).toMatchObject({ unreachable: 3, unnoticed: 2 });
    expect((await cli(['--db', db, 'simulate', '--log', log, '--stats'])).stderr).toBe(`4 messages, 1 decision: 1 alert, 0 emails. 3 customer messages reached nobody (2 unnoticed).\n${beforeHistory(db, 7)}`);
  });
});
