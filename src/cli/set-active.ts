/** What `users activate` and `users deactivate` share. */
import type { CliContext } from './context.js';
import { edit, needUsers, type EditOptions } from './workspace-edit.js';

export function setUsersActive(ctx: CliContext, ids: readonly string[], active: boolean, options: EditOptions): Promise<void> {
  return edit(ctx, options, (ws) => {
    needUsers(ws, ids);
    for (const id of ids) ws.users.get(id)!.active = active;
  });
}
