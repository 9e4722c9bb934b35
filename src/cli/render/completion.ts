/**
 * Completion scripts for `completion bash|zsh`, generated from the command tree itself —
 * commands, subcommands, flags and the accepted values of flags with choices.
 */
import type { Command, Option } from 'commander';

interface Node {
  path: string;
  subcommands: string[];
  flags: string[];
  /** Flag -> accepted values. */
  choices: Map<string, readonly string[]>;
}

function walk(command: Command, path: string[], out: Node[], inherited: readonly Option[]): void {
  const options = [...inherited, ...command.options];
  const flags = options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
  const choices = new Map<string, readonly string[]>();
  for (const o of options) if (o.argChoices && o.long) choices.set(o.long, o.argChoices);
  out.push({ path: path.join(' '), subcommands: command.commands.map((c) => c.name()), flags: [...flags, '--help'], choices });
  for (const sub of command.commands) walk(sub, [...path, sub.name()], out, inherited);
}

function nodesOf(program: Command): Node[] {
  const nodes: Node[] = [];
  // Global options apply everywhere.
  walk(program, [], nodes, program.options);
  nodes[0]!.flags = [...new Set(nodes[0]!.flags)];
  return nodes;
}

const quote = (words: readonly string[]) => words.join(' ').replace(/'/g, '');

export function bashScript(program: Command): string {
  const nodes = nodesOf(program);
  const cases = nodes
    .map((n) => {
      const values = [...n.choices].map(([flag, vals]) => `      ${flag}) COMPREPLY=($(compgen -W '${quote(vals)}' -- "$cur")); return ;;`).join('\n');
      return `    '${n.path}')\n      case "$prev" in\n${values}\n      esac\n      words_here='${quote([...n.subcommands, ...n.flags])}' ;;`;
    })
    .join('\n');
  return `# bash completion for notifyctl. Load it with: source <(notifyctl completion bash)
_notifyctl() {
  local cur prev path="" word i words_here=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command path so far: the words that are subcommand names.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    if _notifyctl_is_sub "$path" "$word"; then path="\${path:+$path }$word"; fi
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words_here" -- "$cur"))
}
_notifyctl_is_sub() {
  case "$1|$2" in
${nodes.flatMap((n) => n.subcommands.map((s) => `    '${n.path}|${s}') return 0 ;;`)).join('\n')}
  esac
  return 1
}
complete -F _notifyctl notifyctl
`;
}

export function zshScript(program: Command): string {
  // zsh runs bash completion functions through bashcompinit.
  return `#compdef notifyctl
# zsh completion for notifyctl. Load it with: source <(notifyctl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program).replace(/^# bash completion.*\n/, '')}`;
}
