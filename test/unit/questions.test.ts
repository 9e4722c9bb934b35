/** A replay is set up by the question it is asked (src/engine/questions.ts), never by its consumer. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the replay is asked by question', () => {
  it('no source but the questions makes a Replay with its settings', () => {
    const makers = sources('src').filter((file) => readFileSync(file, 'utf8').includes('new Replay('));
    expect(makers).toEqual([join('src', 'engine', 'questions.ts')]);
  });
});
