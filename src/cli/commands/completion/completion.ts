/** `completion bash|zsh`: prints a shell completion script. */
import { Argument, Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../../shell/context.js';
import { examples } from '../../shell/options.js';

export interface CompletionOptions {
  shell: 'bash' | 'zsh' | 'fish';
}

export default function completionCommand(f: Factory, fullProgram: () => Promise<Command>) {
  const command = new Command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish'] as const))
    .action(async (shell, _o, cmd) => completionRun(f.context(cmd), { shell }, await fullProgram()));
  examples(command, ['source <(notifyctl completion bash)', 'notifyctl completion zsh > "${fpath[1]}/_notifyctl"', 'notifyctl completion fish > ~/.config/fish/completions/notifyctl.fish']);
  return command;
}

export async function completionRun(ctx: CliContext, options: CompletionOptions, program: Command): Promise<void> {
  const { bashScript, fishScript, zshScript } = await import('../../render/completion.js');
  const script = { bash: bashScript, zsh: zshScript, fish: fishScript }[options.shell];
  ctx.io.out.write(script(program as never));
}
