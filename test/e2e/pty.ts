/** Runs the binary under a real pseudo-terminal (util-linux `script`), answering prompts as they appear. */
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from './run.js';

export const hasPty = spawnSync('script', ['--version']).status === 0;

/** Each step waits for `expect` on the screen, runs `before`, then types `send`. Resolves with the whole screen. */
export function inTerminal(args: string[], steps: { expect: string; send: string; before?: () => void }[], timeoutMs = 20_000, env: Record<string, string> = {}): Promise<{ screen: string; code: number | null }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // No pager unless a test asks for one: less would wait for a key.
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', NOTIFYCTL_PAGER: '', ...env } });
  let screen = '';
  let step = 0;
  let searchFrom = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out waiting for ${JSON.stringify(steps[step]?.expect)}; screen so far:\n${screen}`));
    }, timeoutMs);
    const advance = () => {
      while (step < steps.length) {
        const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
        const at = plain.indexOf(steps[step]!.expect, searchFrom);
        if (at === -1) return;
        searchFrom = at + steps[step]!.expect.length;
        // Something else happens while the question is on the screen.
        steps[step]!.before?.();
        child.stdin.write(steps[step]!.send);
        step++;
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      advance();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ screen: screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), code });
    });
  });
}
