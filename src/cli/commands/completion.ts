/** `completion bash|zsh`: prints a shell completion script. */
import { Argument, Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../context.js';
import { examples } from '../options.js';

export interface CompletionOptions {
  shell: 'bash' | 'zsh';
}

export default function completionCommand(f: Factory, fullProgram: () => Promise<Command>) {
  const command = new Command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh'] as const))
    .action(async (shell, _o, cmd) => completionRun(f.context(cmd), { shell }, await fullProgram()));
  examples(command, ['source <(notifyctl completion bash)', 'notifyctl completion zsh > "${fpath[1]}/_notifyctl"']);
  return command;
}

export async function completionRun(ctx: CliContext, options: CompletionOptions, program: Command): Promise<void> {
  const { bashScript, zshScript } = await import('../render/completion.js');
  ctx.io.out.write(options.shell === 'bash' ? bashScript(program as never) : zshScript(program as never));
}
