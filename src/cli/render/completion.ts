/**
 * Completion scripts for `completion bash|zsh|fish`, generated from the command tree
 * itself: commands, subcommands, flags, the accepted values of flags with choices, files
 * where a flag or argument takes a path, and ids from the database (users, roles,
 * projects, items, conversations) through the hidden `notifyctl __complete KIND`.
 */
import type { Command, Option } from 'commander';

/** What a flag value or an argument is completed with. */
type Kind = 'files' | 'users' | 'roles' | 'projects' | 'items' | 'conversations';

interface Node {
  path: string;
  subcommands: string[];
  flags: string[];
  /** Long flags that take a value (so the next word is not an argument). */
  valueFlags: string[];
  /** Flag -> accepted values. */
  choices: Map<string, readonly string[]>;
  /** Flag -> what its value is. */
  kinds: Map<string, Kind>;
  /** The positional arguments' kinds, in order; the last ends with "..." when it repeats. */
  args: string[];
  /** Flag -> its description, for fish. */
  help: Map<string, string>;
}

/** What a flag's value is, from its value name (--log <file>, --role <role>, --project <id>). */
function optionKind(o: Option): Kind | null {
  const value = /<([^>]+)>/.exec(o.flags)?.[1];
  if (value === undefined) return null;
  if (['file', 'path', 'log', 'dir'].includes(value)) return 'files';
  if (o.long === '--role' || o.long === '--has-role') return 'roles';
  if (o.long === '--project') return 'projects';
  if (o.long === '--user') return 'users';
  return null;
}

const ARGUMENT_KINDS: Record<string, Kind> = { user: 'users', project: 'projects', item: 'items', conversation: 'conversations', file: 'files', path: 'files' };

function walk(command: Command, path: string[], out: Node[], inherited: readonly Option[]): void {
  const options = [...inherited, ...command.options];
  const flags = options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
  const choices = new Map<string, readonly string[]>();
  const kinds = new Map<string, Kind>();
  const help = new Map<string, string>();
  for (const o of options) {
    if (o.long === undefined) continue;
    if (o.argChoices) choices.set(o.long, o.argChoices);
    const kind = optionKind(o);
    if (kind !== null) kinds.set(o.long, kind);
    help.set(o.long, o.description);
  }
  const valueFlags = options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
  const args = command.registeredArguments.map((a) => {
    const kind = ARGUMENT_KINDS[a.name()] ?? 'none';
    return a.variadic ? `${kind}...` : kind;
  });
  const visible = command.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);
  out.push({ path: path.join(' '), subcommands: visible.map((c) => c.name()), flags: [...new Set([...flags, '--help'])], valueFlags, choices, kinds, args, help });
  for (const sub of visible) walk(sub, [...path, sub.name()], out, inherited);
}

function nodesOf(program: Command): Node[] {
  const nodes: Node[] = [];
  // Global options apply everywhere.
  walk(program, [], nodes, program.options);
  return nodes;
}

const quote = (words: readonly string[]) => words.join(' ').replace(/'/g, '');

export function bashScript(program: Command): string {
  const nodes = nodesOf(program);
  const cases = nodes
    .map((n) => {
      const values = [
        ...[...n.choices].map(([flag, vals]) => `      ${flag}) COMPREPLY=($(compgen -W '${quote(vals)}' -- "$cur")); return ;;`),
        ...[...n.kinds].filter(([flag]) => !n.choices.has(flag)).map(([flag, kind]) => `      ${flag}) ${kind === 'files' ? '_notifyctl_files' : `_notifyctl_ids ${kind}`}; return ;;`),
      ].join('\n');
      return `    '${n.path}')\n      case "$prev" in\n${values}\n      esac\n      words_here='${quote([...n.subcommands, ...n.flags])}'\n      vflags_here=' ${quote(n.valueFlags)} '\n      args_here='${quote(n.args)}' ;;`;
    })
    .join('\n');
  return `# bash completion for notifyctl. Load it with: source <(notifyctl completion bash)
_notifyctl_files() {
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -f -- "$cur"))
}
# Ids from the database the command line names (--db), else $NOTIFYCTL_DB or ./notifyctl.db.
_notifyctl_ids() {
  local db="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ "\${COMP_WORDS[i]}" == --db ]]; then db="\${COMP_WORDS[i+1]}"; fi
  done
  COMPREPLY=($(compgen -W "$(notifyctl \${db:+--db "$db"} __complete "$1" 2>/dev/null)" -- "$cur"))
}
_notifyctl() {
  local cur prev path="" word i words_here="" vflags_here="" args_here="" depth=0
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command path so far: the words that are subcommand names.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    if _notifyctl_is_sub "$path" "$word"; then path="\${path:+$path }$word"; depth=$((depth + 1)); fi
  done
  case "$path" in
${cases}
  esac
  if [[ "$cur" != -* && -n "$args_here" ]]; then
    # Which argument this is: the words after the command path, less flags and their values.
    local n=0 seen=0 skip=""
    for ((i = 1; i < COMP_CWORD; i++)); do
      word="\${COMP_WORDS[i]}"
      if [[ -n "$skip" ]]; then skip=""; continue; fi
      case "$word" in -*) [[ "$vflags_here" == *" $word "* ]] && skip=1; continue ;; esac
      if ((seen < depth)); then seen=$((seen + 1)); continue; fi
      n=$((n + 1))
    done
    local kinds=($args_here) kind=""
    if ((n < \${#kinds[@]})); then kind="\${kinds[n]}"; elif [[ "\${kinds[-1]}" == *... ]]; then kind="\${kinds[-1]}"; fi
    kind="\${kind%...}"
    case "$kind" in
      files) _notifyctl_files; return ;;
      users|roles|projects|items|conversations) _notifyctl_ids "$kind"; return ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words_here" -- "$cur"))
}
_notifyctl_is_sub() {
  case "$1|$2" in
${nodes.flatMap((n) => n.subcommands.map((s) => `    '${n.path}|${s}') return 0 ;;`)).join('\n')}
  esac
  return 1
}
complete -o default -F _notifyctl notifyctl
`;
}

export function zshScript(program: Command): string {
  // zsh runs bash completion functions through bashcompinit.
  return `#compdef notifyctl
# zsh completion for notifyctl. Load it with: source <(notifyctl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program).replace(/^# bash completion.*\n/, '')}`;
}

const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function fishScript(program: Command): string {
  const nodes = nodesOf(program);
  const lines = [
    '# fish completion for notifyctl. Load it with: notifyctl completion fish | source',
    `set -g __notifyctl_subs ${nodes.flatMap((n) => n.subcommands.map((s) => fishQuote(`${n.path}|${s}`))).join(' ')}`,
    'function __notifyctl_path',
    "    set -l path ''",
    '    for t in (commandline -opc)[2..-1]',
    "        string match -q -- '-*' $t; and continue",
    '        if contains -- "$path|$t" $__notifyctl_subs',
    '            set path (string trim -- "$path $t")',
    '        end',
    '    end',
    '    echo $path',
    'end',
    'function __notifyctl_at',
    '    set -l path (__notifyctl_path)',
    '    test "$path" = "$argv[1]"',
    'end',
    'function __notifyctl_ids',
    '    set -l tokens (commandline -opc)',
    "    set -l db ''",
    '    for i in (seq (count $tokens))',
    '        if test "$tokens[$i]" = --db; and test $i -lt (count $tokens)',
    '            set db $tokens[(math $i + 1)]',
    '        end',
    '    end',
    '    if test -n "$db"',
    '        notifyctl --db $db __complete $argv[1] 2>/dev/null',
    '    else',
    '        notifyctl __complete $argv[1] 2>/dev/null',
    '    end',
    'end',
    'complete -c notifyctl -f',
  ];
  for (const n of nodes) {
    const at = `-n ${fishQuote(`__notifyctl_at ${fishQuote(n.path)}`)}`;
    if (n.subcommands.length > 0) lines.push(`complete -c notifyctl ${at} -a ${fishQuote(n.subcommands.join(' '))}`);
    const first = n.args[0]?.replace('...', '');
    if (first === 'files') lines.push(`complete -c notifyctl ${at} -F`);
    else if (first !== undefined && first !== 'none') lines.push(`complete -c notifyctl ${at} -a ${fishQuote(`(__notifyctl_ids ${first})`)}`);
    for (const [flag, description] of n.help) {
      if (flag === '--help') continue;
      const name = `-l ${flag.slice(2)}`;
      const choices = n.choices.get(flag);
      const kind = n.kinds.get(flag);
      const value = choices !== undefined ? `-x -a ${fishQuote(choices.join(' '))}` : kind === 'files' ? '-r -F' : kind !== undefined ? `-x -a ${fishQuote(`(__notifyctl_ids ${kind})`)}` : n.valueFlags.includes(flag) ? '-x' : '';
      lines.push(`complete -c notifyctl ${at} ${name} ${value} -d ${fishQuote(description.split('(')[0]!.trim())}`.replace(/ {2,}/g, ' '));
    }
  }
  return lines.join('\n') + '\n';
}
