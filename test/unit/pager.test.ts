/**
 * The pager's keeping of long output (SPEC: big tables stream with flat memory, issue 37
 * finding 8): past its in-memory share the output goes on into a private file that the
 * pager reads, every byte arrives in order, and the file is gone afterwards — also when
 * the pager cannot start and the terminal gets the text instead.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/output/iostreams.js';
import { paged } from '../../src/cli/output/pager.js';

const scratch = mkdtempSync(join(tmpdir(), 'pager-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Temporary folders the pager made (its prefix), to see that none is left. */
const keptFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('notifyctl-') && existsSync(join(tmpdir(), f, 'pager-output')));

const lines = Array.from({ length: 2000 }, (_, i) => `row ${String(i).padStart(5, '0')} ${'x'.repeat(40)}\n`);

describe('paged output', () => {
  it('past its memory share goes to a private file the pager reads whole, removed afterwards', async () => {
    const shown = join(scratch, 'shown.txt');
    const before = keptFolders().length;
    const paging = paged(memoryIO({ stdoutTTY: true }), `cat > '${shown}'`, 4096);
    let flushed: string | null | undefined;
    try {
      for (const line of lines) paging.io.out.write(line);
      expect(keptFolders().length).toBe(before + 1);
    } finally {
      // Flushing removes the private file, also when an assertion above failed.
      flushed = await paging.flush();
    }
    expect(flushed).toBeNull();
    expect(readFileSync(shown, 'utf8')).toBe(lines.join(''));
    expect(keptFolders().length).toBe(before);
  });

  it('a pager that cannot start leaves every byte on the terminal, from memory or from the file', async () => {
    for (const share of [1 << 20, 4096]) {
      const io = memoryIO({ stdoutTTY: true });
      const paging = paged(io, 'no-such-pager-anywhere', share);
      for (const line of lines) paging.io.out.write(line);
      expect(await paging.flush()).toBeNull();
      expect(io.stdout()).toBe(lines.join(''));
    }
  });

  it('a pager that fails is a sentence, and the file is still removed', async () => {
    const before = keptFolders().length;
    const paging = paged(memoryIO({ stdoutTTY: true }), 'cat > /dev/null; exit 3', 4096);
    for (const line of lines) paging.io.out.write(line);
    expect(await paging.flush()).toBe('the pager "cat > /dev/null; exit 3" exited with status 3, so the output may not have been shown; run the command again with --no-pager, or set NOTIFYCTL_PAGER to a pager that works');
    expect(keptFolders().length).toBe(before);
  });
});
