/**
 * Long output in a terminal goes through a pager, as gh and git do: `$NOTIFYCTL_PAGER`,
 * else `$PAGER`, else `less -FRX` (which quits at once when the output fits one screen).
 * Never when standard output is not a terminal, never with `--no-pager` (or a pager of
 * "" or "cat"), and never for a command that may ask a question (a write without
 * --dry-run), since the question must follow what it is about on the screen.
 *
 * What the command writes is kept (already made terminal-safe: in memory, then in a
 * private file past a few MiB) and handed to the pager when it ends; if the pager cannot
 * be started, it is written to the terminal instead.
 * A pager that started and then failed (a non-zero exit, a signal) may have shown any
 * part of it: that is a sentence and exit 1, never a silent success.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../io/temp.js';
import type { IOStreams, OutputStream } from './iostreams.js';
import { terminalSafe, writeFully } from './iostreams.js';

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

/** What is kept for the pager in memory; past it, the rest goes to a private file, so a long result holds no more than this. */
const IN_MEMORY_BYTES = 4 << 20;

/**
 * `io` with standard output kept for the pager; `flush` hands it over, and says what went
 * wrong if the pager failed. The first IN_MEMORY_BYTES are kept in memory; a longer
 * output goes on into a private temporary file, which the pager then reads: memory stays
 * flat however many rows a table streams.
 */
export function paged(io: IOStreams, pager: string, inMemoryBytes = IN_MEMORY_BYTES): { io: IOStreams; flush(): Promise<string | null> } {
  const kept: Buffer[] = [];
  let size = 0;
  let spill: { dir: string; path: string; fd: number } | null = null;
  const keep = (bytes: Buffer) => {
    if (spill === null && size + bytes.length > inMemoryBytes) {
      const dir = makeTempDir('to keep long output for the pager');
      const path = join(dir, 'pager-output');
      spill = { dir, path, fd: openSync(path, 'wx', 0o600) };
      for (const part of kept.splice(0)) writeFully(spill.fd, part, path);
    }
    if (spill !== null) writeFully(spill.fd, bytes, spill.path);
    else kept.push(bytes);
    size += bytes.length;
  };
  const out: OutputStream = {
    write(data) {
      keep(typeof data === 'string' ? Buffer.from(terminalSafe(data), 'utf8') : Buffer.from(data));
    },
  };
  return {
    io: { ...io, out },
    async flush() {
      if (size === 0) return null;
      const file = spill as { dir: string; path: string; fd: number } | null;
      try {
        // Loaded only when there is something to page: child_process costs start-up time.
        const { spawnSync } = await import('node:child_process');
        // less: quit when it fits one screen, keep colours, leave the screen as it was.
        const env = { ...process.env, ...io.env, LESS: io.env.LESS ?? 'FRX' };
        const input = file === null ? Buffer.concat(kept) : null;
        const reading = file === null ? null : openSync(file.path, 'r');
        let result;
        try {
          result = spawnSync(pager, { shell: true, ...(input !== null && { input }), stdio: [reading ?? 'pipe', 'inherit', 'inherit'], env });
        } finally {
          if (reading !== null) closeSync(reading);
        }
        // A pager that cannot be started (127: the shell found no such command; 126: not
        // executable): it showed nothing, and the terminal gets the text. (EPIPE is a pager
        // that quit before reading everything, as less does when asked to.)
        const notStarted = result.error !== undefined && (result.error as NodeJS.ErrnoException).code !== 'EPIPE';
        if (notStarted || result.status === 127 || result.status === 126) {
          if (input !== null) io.out.write(input);
          else copyToTerminal(file!.path, io);
          return null;
        }
        const how = result.signal !== null ? `was ended by ${result.signal}` : result.status !== 0 ? `exited with status ${result.status}` : null;
        return how === null ? null : `the pager ${JSON.stringify(pager)} ${how}, so the output may not have been shown; run the command again with --no-pager, or set NOTIFYCTL_PAGER to a pager that works`;
      } finally {
        kept.length = 0;
        if (file !== null) {
          closeSync(file.fd);
          removeTempDir(file.dir);
        }
      }
    },
  };
}

/** The kept file to the terminal, a block at a time, when no pager could show it. */
function copyToTerminal(path: string, io: IOStreams): void {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) io.out.write(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
