/**
 * Confirmation before changing more than one user: only in a terminal, never in a
 * script (no prompt without a terminal), and never with --yes.
 */
import { DataError } from '../domain/errors.js';
import type { CliContext } from './context.js';

export async function confirmChange(ctx: CliContext, question: string, options: { yes?: boolean; count: number }): Promise<void> {
  if (options.yes || options.count <= 1 || !ctx.io.canPrompt()) return;
  const { confirm } = await import('@inquirer/prompts');
  let ok = false;
  try {
    ok = await confirm({ message: question, default: false });
  } catch (error) {
    // Ctrl-C at the prompt.
    if ((error as Error).name !== 'ExitPromptError') throw error;
  }
  if (!ok) throw new DataError('cancelled; nothing was changed (pass --yes to skip this question)');
}
