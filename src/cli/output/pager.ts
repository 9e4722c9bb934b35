/**
 * Long output in a terminal goes through a pager, as gh and git do: `$NOTIFYCTL_PAGER`,
 * else `$PAGER`, else `less -FRX` (which quits at once when the output fits one screen).
 * Never when standard output is not a terminal, never with `--no-pager` (or a pager of
 * "" or "cat"), and never for a command that may ask a question (a write without
 * --dry-run), since the question must follow what it is about on the screen.
 *
 * What the command writes is kept (already made terminal-safe) and handed to the pager
 * when it ends; if the pager cannot be started, it is written to the terminal instead.
 * A pager that started and then failed (a non-zero exit, a signal) may have shown any
 * part of it: that is a sentence and exit 1, never a silent success.
 */
import type { IOStreams, OutputStream } from './iostreams.js';
import { terminalSafe } from './iostreams.js';

/** Global options that take a value: their value is not a command word. */
const VALUE_OPTIONS = new Set(['--db', '--actor', '--tz']);
/** Commands that only read (or only preview) and may print a lot. */
const READERS = new Set(['simulate', 'why', 'timeline', 'gaps', 'plan', 'export', 'demo', 'test']);
const LISTING = new Set(['list', 'show', 'roles', 'changes']);

function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return words;
}

/** The pager to use for this command line, or null. */
export function pagerFor(argv: readonly string[], io: IOStreams): string | null {
  if (!io.stdoutIsTTY || argv.includes('--no-pager') || argv.includes('--help') || argv.includes('-h')) return null;
  const pager = (io.env.NOTIFYCTL_PAGER ?? io.env.PAGER ?? 'less -FRX').trim();
  if (pager === '' || pager === 'cat') return null;
  const [first, second] = commandWords(argv);
  if (first === undefined) return null;
  const reads = READERS.has(first) || (first === 'audit' && second !== 'undo') || (second !== undefined && LISTING.has(second)) || (first === 'prefs' && second === 'defaults' && commandWords(argv).length === 2);
  return reads || argv.includes('--dry-run') ? pager : null;
}

/** `io` with standard output kept for the pager; `flush` hands it over, and says what went wrong if the pager failed. */
export function paged(io: IOStreams, pager: string): { io: IOStreams; flush(): Promise<string | null> } {
  const kept: Buffer[] = [];
  const out: OutputStream = {
    write(data) {
      kept.push(typeof data === 'string' ? Buffer.from(terminalSafe(data), 'utf8') : Buffer.from(data));
    },
  };
  return {
    io: { ...io, out },
    async flush() {
      if (kept.length === 0) return null;
      // Loaded only when there is something to page: child_process costs start-up time.
      const { spawnSync } = await import('node:child_process');
      const text = Buffer.concat(kept.splice(0));
      // less: quit when it fits one screen, keep colours, leave the screen as it was.
      const env = { ...process.env, ...io.env, LESS: io.env.LESS ?? 'FRX' };
      const result = spawnSync(pager, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env });
      // A pager that cannot be started (127: the shell found no such command; 126: not
      // executable): it showed nothing, and the terminal gets the text. (EPIPE is a pager
      // that quit before reading everything, as less does when asked to.)
      const notStarted = result.error !== undefined && (result.error as NodeJS.ErrnoException).code !== 'EPIPE';
      if (notStarted || result.status === 127 || result.status === 126) {
        io.out.write(text);
        return null;
      }
      const how = result.signal !== null ? `was ended by ${result.signal}` : result.status !== 0 ? `exited with status ${result.status}` : null;
      return how === null ? null : `the pager ${JSON.stringify(pager)} ${how}, so the output may not have been shown; run the command again with --no-pager, or set NOTIFYCTL_PAGER to a pager that works`;
    },
  };
}
