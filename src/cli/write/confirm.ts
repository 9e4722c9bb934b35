/**
 * The question before a change (cli/write-flow.ts decides when one is asked): only in a
 * terminal. Ctrl-C or "no" changes nothing.
 */
import { DataError, Interrupted } from '../../domain/errors.js';
import type { CliContext } from '../shell/context.js';

export async function confirmChange(ctx: CliContext, question: string): Promise<void> {
  if (!ctx.io.canPrompt()) return;
  const { confirm } = await import('@inquirer/prompts');
  let ok = false;
  try {
    ok = await confirm({ message: question, default: false });
  } catch (error) {
    // Ctrl-C at the prompt: an interruption before the write, 130 as for SIGINT (SPEC 10.4).
    if ((error as Error).name === 'ExitPromptError') throw new Interrupted('cancelled; nothing was changed');
    throw error;
  }
  if (!ok) throw new DataError('cancelled; nothing was changed (pass --yes to skip this question)');
}
