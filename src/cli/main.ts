/**
 * The command line: commander wiring only. Each action loads its module on demand so
 * that start-up stays fast; errors become exit codes in one place, at the bottom.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_WINDOW_MS } from '../domain/decision.js';
import { DataError, UsageError } from '../domain/errors.js';
import { PREFERENCES, type PreferenceKey } from '../domain/preferences.js';
import { parseDuration } from '../domain/time.js';
import { contextOf } from './context.js';

const program = new Command('notifyctl')
  .description("Administer a helpdesk's per-user notification preferences, and replay message logs to see who is alerted or emailed, and why.")
  .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
  .option('--db <path>', 'the database file (default: $NOTIFYCTL_DB, else ./notifyctl.db)')
  .option('--actor <name>', 'who makes the change, for the audit trail (default: $NOTIFYCTL_ACTOR, else your OS user name)')
  .option('--no-color', 'plain output (also when piped, or when NO_COLOR is set)')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureHelp({ sortSubcommands: false, showGlobalOptions: true });

function windowOption(): Option {
  return new Option('--window <duration>', 'how long a user has to see a message before it notifies: 90, 90s, 2m')
    .default(DEFAULT_WINDOW_MS, '60s')
    .argParser((value: string) => {
      const ms = parseDuration(value);
      if (ms === null) throw new InvalidArgumentError('accepted: a whole number of seconds (90), or with a unit: 90s, 2m, 1h, 500ms.');
      return ms;
    });
}

function formatOption(choices: string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(fallback);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function addDisplayOptions(command: Command): Command {
  return command
    .addOption(formatOption(['table', 'json', 'ndjson', 'csv'], 'table'))
    .option('--all', "every user's decision for every message, not only notifications")
    .option('--user <id>', "only this user's decisions, suppressed ones included (repeatable)", collect)
    .addOption(windowOption())
    .option('--sort', 'sort the log by time (stably) instead of requiring time order')
    .option('--stats', 'per-user and per-reason totals instead of decisions');
}

program
  .command('init')
  .description('create the database file (safe to run again)')
  .action(async (_opts, cmd: Command) => {
    const { runInit } = await import('./commands/workspace-file.js');
    await runInit(contextOf(cmd));
  });

program
  .command('import')
  .description('merge a workspace document (JSON or YAML) into the database; all or nothing')
  .argument('<file>', 'the document, or - for standard input')
  .option('--replace', 'replace the whole workspace instead of merging')
  .option('--dry-run', 'report what would change and write nothing')
  .addOption(formatOption(['table', 'json'], 'table'))
  .action(async (file: string, opts, cmd: Command) => {
    const { runImport } = await import('./commands/workspace-file.js');
    await runImport(contextOf(cmd), file, opts);
  });

program
  .command('export')
  .description('print the workspace document, in canonical form')
  .addOption(formatOption(['json', 'yaml'], 'json'))
  .action(async (opts, cmd: Command) => {
    const { runExport } = await import('./commands/workspace-file.js');
    await runExport(contextOf(cmd), opts);
  });

addDisplayOptions(
  program
    .command('simulate')
    .description('replay a message log and print who would be alerted or emailed, and why')
    .requiredOption('--log <file>', 'the NDJSON message log, or - for standard input'),
).action(async (opts, cmd: Command) => {
  const { runSimulate } = await import('./commands/simulate.js');
  await runSimulate(contextOf(cmd), opts);
});

program
  .command('why')
  .description('explain one decision: every check, and the changes that would have notified the user')
  .argument('<user>', 'the user id')
  .argument('<message>', 'the message id')
  .requiredOption('--log <file>', 'the NDJSON message log, or - for standard input')
  .addOption(windowOption())
  .option('--sort', 'sort the log by time (stably) instead of requiring time order')
  .addOption(formatOption(['text', 'json'], 'text'))
  .action(async (user: string, message: string, opts, cmd: Command) => {
    const { runWhy } = await import('./commands/why.js');
    await runWhy(contextOf(cmd), user, message, opts);
  });

addDisplayOptions(program.command('demo').description('simulate on the example helpdesk that ships with notifyctl, in memory')).action(
  async (opts, cmd: Command) => {
    const { runDemo } = await import('./commands/demo.js');
    await runDemo(contextOf(cmd), opts);
  },
);

const dryRun = ['--dry-run', 'show what would change and write nothing'] as const;

const users = program.command('users').description('manage users');
for (const [name, active] of [['activate', true], ['deactivate', false]] as const) {
  users
    .command(name)
    .description(`${name} users`)
    .argument('<user...>', 'user ids')
    .option(...dryRun)
    .action(async (ids: string[], opts, cmd: Command) => {
      const { runSetActive } = await import('./commands/edit.js');
      await runSetActive(contextOf(cmd), ids, active, opts);
    });
}

const members = program.command('projects').description('manage projects').command('members').description('manage project members');
for (const [name, add] of [['add', true], ['remove', false]] as const) {
  members
    .command(name)
    .description(`${name} members of a project`)
    .argument('<project>', 'project id')
    .argument('<user...>', 'user ids')
    .option(...dryRun)
    .action(async (project: string, ids: string[], opts, cmd: Command) => {
      const { runProjectMembers } = await import('./commands/edit.js');
      await runProjectMembers(contextOf(cmd), project, ids, add, opts);
    });
}

for (const group of ['items', 'conversations'] as const) {
  const parent = program.command(group).description(`manage ${group}`);
  for (const [name, follow] of [['follow', true], ['unfollow', false]] as const) {
    parent
      .command(name)
      .description(`make users ${name} ${group === 'items' ? 'an item' : 'a conversation (following adds a missing one)'}`)
      .argument(group === 'items' ? '<item>' : '<conversation>', 'its id')
      .argument('<user...>', 'user ids')
      .option(...dryRun)
      .action(async (target: string, ids: string[], opts, cmd: Command) => {
        const edit = await import('./commands/edit.js');
        const run = group === 'items' ? edit.runItemFollow : edit.runConversationFollow;
        await run(contextOf(cmd), target, ids, follow, opts);
      });
  }
}

const prefsSet = program
  .command('prefs')
  .description('notification preferences')
  .command('set')
  .description("set explicit preference values for the named users, in one transaction")
  .argument('<user...>', 'user ids')
  .option(...dryRun);
for (const spec of PREFERENCES) {
  prefsSet.addOption(new Option(`--${spec.flag} <value>`, spec.description).choices(spec.values));
}
prefsSet.action(async (ids: string[], opts: Record<string, string | boolean>, cmd: Command) => {
  const values = new Map<PreferenceKey, string>();
  for (const spec of PREFERENCES) {
    const value = opts[spec.key];
    if (typeof value === 'string') values.set(spec.key, value);
  }
  const { runPrefsSet } = await import('./commands/edit.js');
  await runPrefsSet(contextOf(cmd), ids, values, { dryRun: opts.dryRun === true });
});

function fail(message: string, details: string[], exitCode: number): void {
  process.stderr.write(`error: ${message}\n${details.map((d) => `  ${d}\n`).join('')}`);
  process.exitCode = exitCode;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A reader that went away (| head) is not an error of ours.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message; help and --version are successes.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || error instanceof DataError) {
    fail(error.message, error instanceof DataError ? error.details : [], error.exitCode);
  } else if (process.env.NOTIFYCTL_DEBUG === '1') {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  } else {
    fail(`${(error as Error).message ?? String(error)} (set NOTIFYCTL_DEBUG=1 for details)`, [], 1);
  }
}
