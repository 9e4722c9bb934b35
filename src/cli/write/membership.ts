/** What the commands that add or remove members and followers share. */
import type { Workspace } from '../../domain/workspace.js';
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../shell/context.js';
import { addSelectorOptions, addWriteOptions, examples } from '../shell/options.js';
import { selectIn, selectionWatch, type SelectorOptions } from '../shell/selectors.js';
import { checkNewId, edit, need, setMembership, type EditOptions } from './workspace-edit.js';

export type MembershipKind = 'project' | 'item' | 'conversation';

/** Adds `users` to (or removes them from) the members of a project or the followers of an item or conversation. */
export async function editMembership(ctx: CliContext, kind: MembershipKind, id: string, users: readonly string[], add: boolean, options: EditOptions & SelectorOptions, commandName: string): Promise<void> {
  const watch = selectionWatch();
  await edit(ctx, options, (ws) => {
    const selected = selectIn(ws, users, options, commandName, watch.nobody);
    setMembership(membersOf(ws, kind, id, add), selected, add);
  });
  watch.note(ctx.io);
}

function membersOf(ws: Workspace, kind: MembershipKind, id: string, add: boolean): Set<string> {
  if (kind === 'project') return need(ws.projects, id, 'project').members;
  if (kind === 'item') return need(ws.items, id, 'item').followers;
  // Conversations usually first appear in logs, so following one adds it when missing.
  let c = ws.conversations.get(id);
  if (c === undefined) {
    if (!add) need(ws.conversations, id, 'conversation');
    checkNewId(id, 'conversation');
    c = { id, followers: new Set() };
    ws.conversations.set(id, c);
  }
  return c.followers;
}

export interface MembershipOptions extends EditOptions, SelectorOptions {
  /** The project, item or conversation. */
  target: string;
  users: string[];
}

/**
 * The command of one verb (`projects members add`, `items unfollow`, …): they differ only
 * in their words, so each verb's module describes itself to this.
 */
export function membershipCommand(f: Factory, spec: { verb: string; description: string; kind: MembershipKind; add: boolean; examples: string[] }) {
  const command = addWriteOptions(addSelectorOptions(new Command(spec.verb)
    .description(spec.description)
    .argument(`<${spec.kind}>`)
    .argument('[user...]')))
    .action((target, users, o, cmd) => membershipRun(f.context(cmd), spec.kind, spec.add, { ...o, target, users }, cmd.parent?.name() === 'members' ? `projects members ${spec.verb}` : `${spec.kind}s ${spec.verb}`));
  examples(command, spec.examples);
  return command;
}

export function membershipRun(ctx: CliContext, kind: MembershipKind, add: boolean, options: MembershipOptions, commandName = `${kind}s ${add ? 'follow' : 'unfollow'}`): Promise<void> {
  return editMembership(ctx, kind, options.target, options.users, add, options, commandName);
}
