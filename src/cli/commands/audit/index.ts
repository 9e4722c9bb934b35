/** `audit [--user U] [--since T] [--change N] [--limit N]`: the history of changes, newest first; `audit changes`, `audit undo N`. */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../../domain/errors.js';
import { PREFERENCE_KEYS, preferenceKeyFrom, preferenceSpec } from '../../../domain/preferences.js';
import { parseDuration } from '../../../domain/time.js';
import { parseTimeIn } from '../../../domain/zone.js';
import { auditNamesUser, auditUsersNamed, queryAudit } from '../../../store/audit-query.js';
import type { Db } from '../../../store/database.js';
import { loadUsers } from '../../../store/workspace-store.js';
import { resolveUser } from '../../shell/resolve-user.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples, listFormatOption, wholeNumber, whyNot } from '../../shell/options.js';
import { renderAudit } from '../../render/audit.js';
import auditChangesCommand from './changes.js';
import auditUndoCommand from './undo.js';
import { readDatabase } from '../../shell/session.js';
import { outputOf } from '../../output/iostreams.js';

export interface AuditOptions {
  user?: string;
  by?: string;
  command?: string;
  key?: string;
  entity?: string;
  since?: string;
  change?: number;
  limit?: number;
  format: 'table' | 'json' | 'csv';
}

const ENTITIES = ['user', 'preference', 'default', 'role_default', 'project', 'member', 'item', 'item_follower', 'conversation', 'conversation_follower'] as const;


export default function auditCommand(f: Factory) {
  const command = new Command('audit')
    .description('the history of changes: time, actor, command, user, key, old and new values')
    .addOption(new Option('--user <id>', 'only changes concerning this user'))
    .addOption(new Option('--by <actor>', 'only changes made by this actor'))
    .addOption(new Option('--command <text>', 'only changes whose command contains this text'))
    .addOption(new Option('--key <key>', 'only rows of this field or preference key'))
    .addOption(new Option('--entity <entity>', 'only rows of this kind').choices(ENTITIES))
    .addOption(new Option('--since <time>', 'only changes since a date, a date-time, or a time ago (24h, 7d)'))
    .addOption(
      new Option('--limit <n>', 'the newest this many rows').argParser(wholeNumber),
    )
    .addOption(new Option('--change <n>', 'only the rows of this change (see "audit changes")').argParser(wholeNumber))
    .addOption(listFormatOption())
    .action((o, cmd) => auditRun(f.context(cmd), o));
  examples(command, ['notifyctl audit --limit 20', 'notifyctl audit --user alice --since 24h', 'notifyctl audit changes', 'notifyctl audit undo 12 --dry-run']);
  command.addCommand(auditChangesCommand(f));
  command.addCommand(auditUndoCommand(f));
  return command;
}

/** The fields an audit row's key names besides the preference keys: a user's, a project's, an item's, a conversation's. */
const FIELD_KEYS = ['name', 'email', 'role', 'active', 'project', 'kind', 'item'];

/**
 * --key as people write it: a field, or a preference key in either spelling
 * (customerMessages or customer-messages, as every other --key). Anything else is a
 * usage error, never an empty history.
 */
export function auditKey(text: string): string {
  const key = preferenceKeyFrom(text) ?? (FIELD_KEYS.includes(text) ? text : null);
  if (key === null) {
    const flags = PREFERENCE_KEYS.map((k) => preferenceSpec(k).flag).filter((f) => !(PREFERENCE_KEYS as readonly string[]).includes(f));
    throw new UsageError(`--key ${text}: not a field or preference key; accepted: ${[...PREFERENCE_KEYS, ...FIELD_KEYS.filter((k) => !PREFERENCE_KEYS.includes(k as never))].join(', ')} (preference keys also as their flags: ${flags.join(', ')})`);
  }
  return key;
}

/** The longest time ago --since takes: about 100 years. */
const MAX_AGO_MS = 100 * 366 * 86_400_000;

/** `--since` takes a date, a date-time with a zone, or a duration ago (24h, 7d). */
export function parseSince(text: string, zone: string, now = Date.now()): string {
  const accepted = 'accepted: a date (2026-03-02), a date-time with a zone (2026-03-02T09:00:00Z), or a time ago (90m, 24h, 7d)';
  const days = /^(\d+)d$/.exec(text);
  const ago = days ? +days[1]! * 86_400_000 : parseDuration(text);
  if (ago !== null && /[a-z]$/.test(text)) {
    if (ago > MAX_AGO_MS) throw new UsageError(`--since ${text}: too long ago: at most 100 years; ${accepted}`);
    return new Date(now - ago).toISOString();
  }
  // A date or date-time without a zone is read in --tz (UTC unless given).
  const at = parseTimeIn(text, zone);
  if (at === null) throw new UsageError(`--since ${text}: ${whyNot(text)}${accepted}`);
  return new Date(at).toISOString();
}

/**
 * --user as people name users (SPEC 10.3): an id, address or name of a user of today's
 * workspace; or the id of one the trail knows (someone removed since), or a name or
 * address the trail recorded for exactly one user (someone renamed or removed since).
 * Anything else is exit 2 with "did you mean", never an empty history.
 */
function auditedUser(db: Db, given: string): string {
  const users = loadUsers(db).users;
  try {
    return resolveUser(users, given, { flag: '--user' });
  } catch (error) {
    if (auditNamesUser(db, given)) return given;
    const named = auditUsersNamed(db, given);
    if (named.length === 1) return named[0]!;
    throw error;
  }
}

export async function auditRun(ctx: CliContext, options: AuditOptions): Promise<void> {
  const key = options.key === undefined ? undefined : auditKey(options.key);
  const rows = await readDatabase(ctx, (db) =>
    queryAudit(db, {
      ...(options.user !== undefined && { user: auditedUser(db, options.user) }),
      ...(options.since !== undefined && { since: parseSince(options.since, ctx.zone) }),
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(options.change !== undefined && { change: options.change }),
      ...(options.by !== undefined && { by: options.by }),
      ...(options.command !== undefined && { command: options.command }),
      ...(key !== undefined && { key }),
      ...(options.entity !== undefined && { entity: options.entity }),
    }),
  );
  await renderAudit(rows, options.format, { filtered: [options.user, options.since, options.change, options.by, options.command, options.key, options.entity].some((o) => o !== undefined), limitZero: options.limit === 0 }, outputOf(ctx.io, ctx.zone));
}
