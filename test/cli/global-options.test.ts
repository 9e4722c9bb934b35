/**
 * Issue 29: one way for a flag that a parent and a subcommand both know. Walks the whole
 * command tree: every global option works in every position of every command, a
 * subcommand's flag after its name is its own, and a parent's before it is an error
 * that says so.
 */
import type { Option } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { factory, type CliContext, type CommandLike } from '../../src/cli/shell/context.js';
import { memoryIO } from '../../src/cli/output/iostreams.js';
import { buildProgram, requiredOptions } from '../../src/cli/shell/program.js';
import { cli } from './run.js';
import { exampleDatabase } from '../fixtures/databases.js';

interface Parsed {
  code: number;
  stdout: string;
  stderr: string;
  /** The command whose action ran, and its context and own options. */
  ran?: { path: string; context: CliContext; options: Record<string, unknown> };
}

const rootOf = (c: CommandLike): CommandLike => (c.parent === null ? c : rootOf(c.parent as CommandLike));
const pathOf = (c: CommandLike): string => (c.parent === null ? '' : `${pathOf(c.parent as CommandLike)} ${c.name()}`.trim());

/** The whole tree, every action replaced by one that records what it was given. */
async function program(io = memoryIO({ color: true })) {
  const f = factory(io, []);
  const root = (await buildProgram(f)) as CommandLike;
  let ran: Parsed['ran'];
  const walk = (c: CommandLike): void => {
    if ((c as unknown as { _actionHandler: unknown })._actionHandler !== null) {
      c.action((...args: unknown[]) => {
        ran = { path: pathOf(c), context: f.context(c), options: args.at(-2) as Record<string, unknown> };
      });
    }
    for (const sub of c.commands as CommandLike[]) walk(sub);
  };
  walk(root);
  return {
    root,
    async parse(argv: readonly string[]): Promise<Parsed> {
      const out = memoryIO({ color: true });
      Object.assign(io, { out: out.out, err: out.err, color: true });
      ran = undefined;
      try {
        await root.parseAsync([...argv], { from: 'user' });
        return { code: 0, stdout: out.stdout(), stderr: out.stderr(), ran };
      } catch (error) {
        return { code: (error as { exitCode?: number }).exitCode === 0 ? 0 : 2, stdout: out.stdout(), stderr: out.stderr() };
      }
    },
  };
}

/** Every command that runs something, with the words of a minimal valid command line. */
async function runnable(): Promise<{ path: string[]; words: string[][]; command: CommandLike }[]> {
  const { root } = await program();
  const found: { path: string[]; words: string[][]; command: CommandLike }[] = [];
  const value = (o: { argChoices?: readonly string[] | undefined }) => o.argChoices?.[0] ?? '1';
  const walk = (c: CommandLike, path: string[]): void => {
    if ((c as unknown as { _actionHandler: unknown })._actionHandler !== null && c.parent !== null && !(c as unknown as { _hidden: boolean })._hidden) {
      const args = c.registeredArguments.filter((a) => a.required).map((a) => [value(a)]);
      const options = requiredOptions(c).map((o) => [o.long!, 'x']);
      found.push({ path, words: [...path.map((p) => [p]), ...args, ...options], command: c });
    }
    for (const sub of c.commands as CommandLike[]) walk(sub, [...path, sub.name()]);
  };
  walk(root, []);
  return found;
}

/** The words with `inserted` at position `at` (between two words, or at either end). */
const at = (words: string[][], i: number, inserted: string[]): string[] => [...words.slice(0, i), inserted, ...words.slice(i)].flat();

describe('global options', () => {
  const GLOBALS = ['--db', '/tmp/g.db', '--actor', 'gina', '--tz', 'Europe/Rome', '--no-color', '--no-pager'];
  const GLOBALS_EQ = ['--db=/tmp/g.db', '--actor=gina', '--tz=Europe/Rome', '--no-color', '--no-pager'];

  it('the tree has the commands this test walks', async () => {
    const paths = (await runnable()).map((c) => c.path.join(' '));
    expect(paths).toContain('audit changes');
    expect(paths).toContain('prefs defaults set');
    expect(paths).toContain('users list');
    expect(paths.length).toBeGreaterThan(40);
  });

  it('work in every position of every command, in both spellings', async () => {
    const p = await program();
    for (const { path, words } of await runnable()) {
      for (let i = 0; i <= words.length; i++) {
        for (const globals of [GLOBALS, GLOBALS_EQ]) {
          const argv = at(words, i, globals);
          const r = await p.parse(argv);
          expect({ argv, stderr: r.stderr, path: r.ran?.path }).toEqual({ argv, stderr: '', path: path.join(' ') });
          const c = r.ran!.context;
          expect({ argv, db: c.dbPath, actor: c.actor, zone: c.zone, color: c.io.color }).toEqual({ argv, db: '/tmp/g.db', actor: 'gina', zone: 'Europe/Rome', color: false });
        }
      }
    }
  });

  it('given twice, the one given last wins; not given, the environment', async () => {
    const p = await program(memoryIO({ color: true, env: { NOTIFYCTL_DB: '/tmp/env.db', NOTIFYCTL_ACTOR: 'eve' } }));
    const r = await p.parse(['--db', '/tmp/a.db', 'audit', '--db', '/tmp/b.db', 'changes', '--db', '/tmp/c.db']);
    expect(r.ran!.context.dbPath).toBe('/tmp/c.db');
    expect((await p.parse(['--db', '/tmp/a.db', 'users', '--db', '/tmp/b.db', 'list'])).ran!.context.dbPath).toBe('/tmp/b.db');
    const none = (await p.parse(['audit', 'changes'])).ran!.context;
    expect([none.dbPath, none.actor, none.zone, none.io.color]).toEqual(['/tmp/env.db', 'eve', 'UTC', true]);
  });

  it('-V prints the version in every position of every command', async () => {
    const p = await program();
    for (const { words } of await runnable()) {
      for (let i = 0; i <= words.length; i++) {
        const argv = at(words, i, ['-V']);
        expect({ argv, ...(await p.parse(argv)) }).toEqual({ argv, code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
      }
    }
  });

  it("help lists the program's options as Global Options, not a parent command's own", async () => {
    const p = await program();
    const globals = (p.root.options as Option[]).map((o) => o.flags);
    for (const { path } of await runnable()) {
      const help = (await p.parse([...path, '--help'])).stdout;
      const section = help.slice(help.indexOf('Global Options:'), help.indexOf('\n\n', help.indexOf('Global Options:')));
      const flags = [...section.matchAll(/^ {2}(-[^\s,]+(?:, -\S+)?(?: <[^>]+>)?)/gm)].map((m) => m[1]);
      expect({ path, flags }).toEqual({ path, flags: globals });
    }
  });

  it('a parent\'s help says "[options]" of a subcommand only when it has options of its own', async () => {
    const p = await program();
    const walk = async (c: CommandLike, path: string[]): Promise<void> => {
      const help = (await p.parse([...path, '--help'])).stdout;
      for (const sub of (c.commands as CommandLike[]).filter((x) => !(x as unknown as { _hidden: boolean })._hidden)) {
        const own = (sub.options as Option[]).some((o) => !o.hidden);
        const line = new RegExp(`^  ${sub.name()}( \\[options\\])?( |$)`, 'm').exec(help);
        expect({ path: [...path, sub.name()], options: line?.[1] !== undefined }).toEqual({ path: [...path, sub.name()], options: own });
        await walk(sub, [...path, sub.name()]);
      }
    };
    await walk(p.root, []);
  });
});

describe('a flag that a parent and its subcommand both know', () => {
  interface Shared {
    /** The words of the subcommand's command line, and how many of them name the parent. */
    words: string[][];
    parentLength: number;
    parent: string;
    sub: string;
    flag: string;
    /** A value both commands accept. */
    value: string[];
    /** Whether the subcommand has the flag too. */
    own: boolean;
  }

  /** Each own option of a parent command (not the program), with each runnable command under it. */
  async function shared(): Promise<Shared[]> {
    const found: Shared[] = [];
    for (const { path, words, command } of await runnable()) {
      const globals = new Set((rootOf(command).options as Option[]).map((o) => o.long));
      for (let parent = command.parent as CommandLike; parent.parent !== null; parent = parent.parent as CommandLike) {
        for (const o of (parent.options as Option[]).filter((x) => !globals.has(x.long))) {
          const mine = (command.options as Option[]).find((x) => x.long === o.long);
          const choices = o.argChoices?.filter((c) => mine?.argChoices?.includes(c) ?? true);
          const value = o.required ? [choices?.at(-1) ?? '1'] : [];
          found.push({ words, parentLength: pathOf(parent).split(' ').length, parent: pathOf(parent), sub: path.join(' '), flag: o.long!, value, own: mine !== undefined });
        }
      }
    }
    return found;
  }

  it('the tree has such flags: audit and audit changes, prefs defaults and prefs defaults set', async () => {
    const own = (await shared()).filter((s) => s.own).map((s) => `${s.sub} ${s.flag}`);
    expect(own).toEqual(expect.arrayContaining(['audit changes --format', 'audit changes --limit', 'prefs defaults set --format', 'prefs defaults reset --format']));
  });

  it("after the subcommand's name it is the subcommand's", async () => {
    const p = await program();
    for (const s of (await shared()).filter((x) => x.own)) {
      const argv = at(s.words, s.words.length, [s.flag, ...s.value]);
      const r = await p.parse(argv);
      expect({ argv, stderr: r.stderr, path: r.ran?.path }).toEqual({ argv, stderr: '', path: s.sub });
      const key = s.flag.slice(2).replace(/-(.)/g, (_, ch: string) => ch.toUpperCase());
      expect({ argv, value: r.ran!.options[key] }).toEqual({ argv, value: s.value.length > 0 ? (key === 'limit' ? 1 : s.value[0]) : true });
    }
  });

  it('before the subcommand\'s name it is a usage error that says where it goes, or whose it is', async () => {
    const p = await program();
    for (const s of await shared()) {
      const argv = at(s.words, s.parentLength, [s.flag, ...s.value]);
      const r = await p.parse(argv);
      const message = s.own
        ? `error: option '${s.flag}' of '${s.sub}' goes after '${s.sub.split(' ').at(-1)}'`
        : `error: option '${s.flag}' is an option of '${s.parent}', not of '${s.sub}'`;
      expect({ argv, ...r }).toEqual({ argv, code: 2, stdout: '', stderr: `${message}\n(run with --help for usage)\n` });
    }
  });
});

describe('the commands themselves', () => {
  it('audit changes, audit undo and prefs defaults set with --db after them print what they print with --db first', async () => {
    const { db } = await exampleDatabase();
    for (const args of [['audit', 'changes'], ['audit', 'undo', '1', '--dry-run', '--format', 'json'], ['prefs', 'defaults', 'set', '--email', 'off', '--dry-run', '--format', 'json']]) {
      const first = await cli(['--db', db, ...args]);
      expect({ args, code: first.code, stderr: first.stderr }).toEqual({ args, code: 0, stderr: args.includes('--dry-run') ? first.stderr : '' });
      expect(await cli([...args, '--db', db])).toEqual(first);
      expect(await cli([args[0]!, '--db', db, ...args.slice(1)])).toEqual(first);
    }
    // --format json after the subcommand is the subcommand's: JSON, with the change.
    const set = await cli(['prefs', 'defaults', 'set', '--email', 'off', '--dry-run', '--format', 'json', '--db', db]);
    expect(JSON.parse(set.stdout).changes).toHaveLength(1);
  });
});
