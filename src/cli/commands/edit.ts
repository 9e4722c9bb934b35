/**
 * Small workspace edits: activate users, follow items and conversations, add project
 * members, set a user's preferences. Each loads the workspace, changes a copy, and saves
 * the difference with its audit rows in one transaction.
 */
import { DataError, UsageError } from '../../domain/errors.js';
import { PREFERENCES, effectivePreferences, type PreferenceKey } from '../../domain/preferences.js';
import { cloneWorkspace, type Workspace } from '../../domain/workspace.js';
import type { Change } from '../../domain/workspace-diff.js';
import { openDatabase } from '../../store/database.js';
import { loadWorkspace, saveWorkspace } from '../../store/workspace-store.js';
import { diffWorkspaces } from '../../domain/workspace-diff.js';
import type { CliContext } from '../context.js';
import { writeStdout } from '../output.js';
import { summariseChanges } from '../render/changes.js';

export interface EditOptions {
  dryRun?: boolean;
}

async function edit(
  ctx: CliContext,
  options: EditOptions,
  change: (ws: Workspace) => void,
  report: (changes: Change[], before: Workspace) => string,
): Promise<void> {
  const db = openDatabase(ctx.dbPath);
  try {
    const before = loadWorkspace(db);
    const after = cloneWorkspace(before);
    change(after);
    const changes = options.dryRun
      ? diffWorkspaces(before, after)
      : saveWorkspace(db, before, after, { actor: ctx.actor, command: ctx.commandLine, at: new Date() });
    const text = changes.length === 0 ? 'Nothing to change.' : report(changes, before);
    await writeStdout(text + (options.dryRun && changes.length > 0 ? '\nDry run: nothing was written.' : '') + '\n');
  } finally {
    db.close();
  }
}

function requireUsers(ws: Workspace, users: readonly string[]): void {
  const unknown = users.filter((u) => !ws.users.has(u));
  if (unknown.length > 0) throw new DataError(`${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is not a user' : 'are not users'} of the workspace; nothing was changed`);
}

const generic = (changes: Change[]) => `Done: ${summariseChanges(changes)}.`;

export function runSetActive(ctx: CliContext, users: string[], active: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    requireUsers(ws, users);
    for (const u of users) ws.users.get(u)!.active = active;
  }, (changes) => changes.map((c) => `${c.user}: ${active ? 'activated' : 'deactivated'}`).join('\n'));
}

export function runProjectMembers(ctx: CliContext, project: string, users: string[], add: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    const p = ws.projects.get(project);
    if (p === undefined) throw new DataError(`${JSON.stringify(project)} is not a project of the workspace; nothing was changed`);
    requireUsers(ws, users);
    for (const u of users) (add ? p.members.add(u) : p.members.delete(u));
  }, generic);
}

export function runItemFollow(ctx: CliContext, item: string, users: string[], follow: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    const i = ws.items.get(item);
    if (i === undefined) throw new DataError(`${JSON.stringify(item)} is not an item of the workspace; nothing was changed`);
    requireUsers(ws, users);
    for (const u of users) (follow ? i.followers.add(u) : i.followers.delete(u));
  }, generic);
}

/** Conversations usually first appear in logs, so following one adds it when missing. */
export function runConversationFollow(ctx: CliContext, conversation: string, users: string[], follow: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    requireUsers(ws, users);
    let c = ws.conversations.get(conversation);
    if (c === undefined) {
      if (!follow) throw new DataError(`${JSON.stringify(conversation)} is not a conversation of the workspace; nothing was changed`);
      c = { id: conversation, followers: new Set() };
      ws.conversations.set(conversation, c);
    }
    for (const u of users) (follow ? c.followers.add(u) : c.followers.delete(u));
  }, generic);
}

/** `prefs set USER… PREF-FLAGS`: explicit values for the named users. */
export function runPrefsSet(ctx: CliContext, users: string[], values: Map<PreferenceKey, string>, options: EditOptions): Promise<void> {
  if (users.length === 0) throw new UsageError('prefs set needs at least one user id, e.g. notifyctl prefs set alice --customer-messages all');
  if (values.size === 0) {
    throw new UsageError(`prefs set needs at least one preference flag: ${PREFERENCES.map((p) => `--${p.flag} ${p.values.join('|')}`).join(', ')}`);
  }
  return edit(ctx, options, (ws) => {
    requireUsers(ws, users);
    for (const u of users) for (const [key, value] of values) ws.users.get(u)!.preferences.set(key, value);
  }, (changes, before) => {
    const lines = changes.map((c) => {
      const old = effectivePreferences(before.users.get(c.user!)!.preferences, before.defaults)[c.key as PreferenceKey];
      return `${c.user}  ${c.key}  ${old} → ${c.new}${old === c.new ? ' (now explicit)' : ''}`;
    });
    return `${lines.join('\n')}\n${changes.length} change${changes.length === 1 ? '' : 's'}.`;
  });
}
