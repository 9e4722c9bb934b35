/**
 * The command tree: flags and arguments only. Each action loads its module on demand, so
 * that start-up stays fast and heavy libraries load only for the commands that use them.
 * One table of preference keys (src/domain/preferences.ts) generates the preference
 * flags and their accepted values.
 */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_WINDOW_MS } from '../domain/decision.js';
import { PREFERENCES, PREFERENCE_KEYS } from '../domain/preferences.js';
import { parseDuration } from '../domain/time.js';
import { contextOf } from './context.js';
import { addSelectorOptions } from './selectors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

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

const sortOption = ['--sort', 'sort the log by time (stably) instead of requiring time order'] as const;
const dryRunOption = ['--dry-run', 'show what would change and write nothing'] as const;
const yesOption = ['-y, --yes', 'do not ask for confirmation in a terminal'] as const;

function addDisplayOptions(command: Command): Command {
  return command
    .addOption(formatOption(['table', 'json', 'ndjson', 'csv'], 'table'))
    .option('--all', "every user's decision for every message, not only notifications")
    .option('--user <id>', "only this user's decisions, suppressed ones included (repeatable)", collect)
    .addOption(windowOption())
    .option(...sortOption)
    .option('--stats', 'per-user and per-reason totals instead of decisions');
}

function addPreferenceFlags(command: Command): Command {
  for (const spec of PREFERENCES) command.addOption(new Option(`--${spec.flag} <value>`, spec.description).choices(spec.values));
  return command;
}

/** The options of commands that write preferences: dry run, confirmation, impact preview. */
function addWriteOptions(command: Command): Command {
  return command
    .option(...dryRunOption)
    .option(...yesOption)
    .option('--impact <log>', 'replay this log before and after the change and compare alerts and emails per user')
    .addOption(windowOption())
    .option(...sortOption)
    .addOption(formatOption(['table', 'json'], 'table'));
}

function addEditOptions(command: Command): Command {
  return command.option(...dryRunOption).addOption(formatOption(['table', 'json'], 'table'));
}

const listFormat = () => formatOption(['table', 'json', 'csv'], 'table');

/**
 * The command tree. Given the command line's arguments, it defines the subcommands of a
 * group (users, prefs, …) only when the group's name is among them: a run uses one
 * group at most, and defining every option of every group cost a few milliseconds of
 * each start. Without arguments (shell completion) it defines everything.
 */
export function buildProgram(args?: readonly string[]): Command {
  const program = new Command('notifyctl')
    .description("Administer a helpdesk's per-user notification preferences, and replay message logs to see who is alerted or emailed, and why.")
    .version('0.1.0', '-V, --version')
    .option('--db <path>', 'the database file (default: $NOTIFYCTL_DB, else ./notifyctl.db)')
    .option('--actor <name>', 'who makes the change, for the audit trail (default: $NOTIFYCTL_ACTOR, else your OS user name)')
    .option('--no-color', 'plain output (also when piped, or when NO_COLOR is set)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true });
  const group = (name: string, description: string, define: (group: Command) => void): void => {
    const command = program.command(name).description(description);
    if (args === undefined || args.includes(name)) define(command);
  };
  const ws = () => import('./commands/workspace-edit.js');
  const prefs = () => import('./commands/prefs.js');

  // ---- the workspace as a document ----
  program
    .command('init')
    .description('create the database file (safe to run again)')
    .action(async (_o, cmd: Command) => (await import('./commands/workspace-file.js')).runInit(contextOf(cmd)));
  program
    .command('import')
    .description('merge a workspace document (JSON or YAML) into the database; all or nothing')
    .argument('<file>', 'the document, or - for standard input')
    .option('--replace', 'replace the whole workspace instead of merging')
    .option(...dryRunOption)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (file: string, o, cmd: Command) => (await import('./commands/workspace-file.js')).runImport(contextOf(cmd), file, o));
  program
    .command('export')
    .description('print the workspace document, in canonical form')
    .addOption(formatOption(['json', 'yaml'], 'json'))
    .action(async (o, cmd: Command) => (await import('./commands/workspace-file.js')).runExport(contextOf(cmd), o));

  // ---- users, projects, items, conversations ----
  group('users', 'list, show, add, update, activate, deactivate and remove users', (users) => {
    users.command('list').description('list users').option('--role <role>', 'only users with this role').addOption(listFormat())
      .action(async (o, cmd: Command) => (await ws()).runUsersList(contextOf(cmd), o));
    users.command('show').description("a user's details, projects and follows").argument('<user>').addOption(formatOption(['table', 'json'], 'table'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runUsersShow(contextOf(cmd), id, o));
    addEditOptions(users.command('add').description('add a user').argument('<user>', 'the new id')
      .option('--name <name>').option('--email <address>', 'no address: alerts only').option('--role <role>').option('--inactive', 'add the user deactivated'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runUsersAdd(contextOf(cmd), id, o));
    addEditOptions(users.command('update').description('change a user\'s name, email or role ("" clears one)').argument('<user>')
      .option('--name <name>').option('--email <address>').option('--role <role>'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runUsersUpdate(contextOf(cmd), id, o));
    for (const [name, active] of [['activate', true], ['deactivate', false]] as const) {
      addEditOptions(users.command(name).description(`${name} users`).argument('<user...>'))
        .action(async (ids: string[], o, cmd: Command) => (await ws()).runUsersActive(contextOf(cmd), ids, active, o));
    }
    addEditOptions(users.command('remove').description('remove users (--force also removes their memberships and follows)').argument('<user...>').option('--force', 'remove what refers to them too'))
      .action(async (ids: string[], o, cmd: Command) => (await ws()).runUsersRemove(contextOf(cmd), ids, o));
  });

  group('projects', 'list, add and remove projects, and change their members', (projects) => {
    projects.command('list').description('list projects and their members').addOption(listFormat())
      .action(async (o, cmd: Command) => (await ws()).runProjectsList(contextOf(cmd), o));
    addEditOptions(projects.command('add').description('add a project').argument('<project>').option('--name <name>').option('--member <user>', 'a member (repeatable)', collect))
      .action(async (id: string, o, cmd: Command) => (await ws()).runProjectsAdd(contextOf(cmd), id, o));
    addEditOptions(projects.command('remove').description('remove a project (--force also removes its items)').argument('<project>').option('--force', 'remove its items too'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runProjectsRemove(contextOf(cmd), id, o));
    const members = projects.command('members').description("change a project's members");
    for (const [name, add] of [['add', true], ['remove', false]] as const) {
      addEditOptions(members.command(name).description(`${name} members of a project`).argument('<project>').argument('<user...>'))
        .action(async (project: string, ids: string[], o, cmd: Command) => (await ws()).runProjectMembers(contextOf(cmd), project, ids, add, o));
    }
  });

  group('items', 'list, add and remove items (tickets, tasks), and change their followers', (items) => {
    items.command('list').description('list items').option('--project <id>', 'only items of this project').addOption(listFormat())
      .action(async (o, cmd: Command) => (await ws()).runItemsList(contextOf(cmd), o));
    addEditOptions(items.command('add').description('add an item').argument('<item>').requiredOption('--project <id>', 'the project it belongs to')
      .option('--kind <kind>', 'ticket, task, …').option('--follower <user>', 'a follower (repeatable)', collect))
      .action(async (id: string, o, cmd: Command) => (await ws()).runItemsAdd(contextOf(cmd), id, o));
    addEditOptions(items.command('remove').description('remove an item (--force leaves its conversations unattached)').argument('<item>').option('--force', 'detach its conversations'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runItemsRemove(contextOf(cmd), id, o));
    for (const [name, follow] of [['follow', true], ['unfollow', false]] as const) {
      addEditOptions(items.command(name).description(`make users ${name} an item`).argument('<item>').argument('<user...>'))
        .action(async (item: string, ids: string[], o, cmd: Command) => (await ws()).runItemFollow(contextOf(cmd), item, ids, follow, o));
    }
  });

  group('conversations', 'list, add and remove conversations, and change their followers', (conversations) => {
    conversations.command('list').description('list conversations').addOption(listFormat())
      .action(async (o, cmd: Command) => (await ws()).runConversationsList(contextOf(cmd), o));
    addEditOptions(conversations.command('add').description('add a conversation').argument('<conversation>').option('--item <id>', 'the item it is attached to')
      .option('--follower <user>', 'a follower (repeatable)', collect))
      .action(async (id: string, o, cmd: Command) => (await ws()).runConversationsAdd(contextOf(cmd), id, o));
    addEditOptions(conversations.command('remove').description('remove a conversation').argument('<conversation>'))
      .action(async (id: string, o, cmd: Command) => (await ws()).runConversationsRemove(contextOf(cmd), id, o));
    for (const [name, follow] of [['follow', true], ['unfollow', false]] as const) {
      addEditOptions(conversations.command(name).description(`make users ${name} a conversation${follow ? ' (adds it when missing)' : ''}`).argument('<conversation>').argument('<user...>'))
        .action(async (c: string, ids: string[], o, cmd: Command) => (await ws()).runConversationFollow(contextOf(cmd), c, ids, follow, o));
    }
  });

  // ---- preferences ----
  group('prefs', 'notification preferences: show, list, set, reset, edit, defaults, import, export', (p) => {
    p.command('show').description("a user's effective preferences, each explicit or default").argument('<user>').addOption(formatOption(['table', 'json'], 'table'))
      .action(async (id: string, o, cmd: Command) => (await prefs()).runPrefsShow(contextOf(cmd), id, o));
    addSelectorOptions(p.command('list').description('effective preferences of the selected users (all when none is selected)').argument('[user...]')).addOption(listFormat())
      .action(async (ids: string[], o, cmd: Command) => (await prefs()).runPrefsList(contextOf(cmd), ids, o));
    addWriteOptions(addPreferenceFlags(addSelectorOptions(p.command('set').description('set explicit values for every selected user, in one transaction').argument('[user...]'))))
      .action(async (ids: string[], o, cmd: Command) => (await prefs()).runPrefsSet(contextOf(cmd), ids, o));
    addWriteOptions(addSelectorOptions(p.command('reset').description('remove explicit values so the defaults apply again').argument('[user...]'))
      .addOption(new Option('--key <key>', 'only this key (repeatable)').choices(PREFERENCE_KEYS).argParser(collect)))
      .action(async (ids: string[], o, cmd: Command) => (await prefs()).runPrefsReset(contextOf(cmd), ids, o));
    p.command('edit').description("an interactive form for one user's preferences (in a terminal)").argument('<user>')
      .action(async (id: string, _o, cmd: Command) => (await import('./commands/prefs-edit.js')).runPrefsEdit(contextOf(cmd), id));
    const defaults = p.command('defaults').description('the workspace defaults and how many users follow each').addOption(formatOption(['table', 'json'], 'table'))
      .action(async (o, cmd: Command) => (await prefs()).runDefaultsShow(contextOf(cmd), o));
    addWriteOptions(addPreferenceFlags(defaults.command('set').description('change workspace defaults; users without an explicit value follow them')))
      .action(async (o, cmd: Command) => (await prefs()).runDefaultsSet(contextOf(cmd), o));
    addWriteOptions(p.command('import').description('set explicit values from a CSV or JSON file, all or nothing').argument('<file>', 'the file, or - for standard input'))
      .action(async (file: string, o, cmd: Command) => (await prefs()).runPrefsImport(contextOf(cmd), file, o));
    p.command('export').description('explicit values of every user, as CSV or JSON').addOption(formatOption(['csv', 'json'], 'csv'))
      .action(async (o, cmd: Command) => (await prefs()).runPrefsExport(contextOf(cmd), o));
  });

  program
    .command('audit')
    .description('the history of changes: time, actor, command, user, key, old and new values')
    .option('--user <id>', 'only changes concerning this user')
    .option('--since <time>', 'only changes since a date, a date-time, or a time ago (24h, 7d)')
    .option('--limit <n>', 'at most this many rows', (v: string) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('accepted: a whole number.');
      return +v;
    })
    .addOption(listFormat())
    .action(async (o, cmd: Command) => (await import('./commands/audit.js')).runAudit(contextOf(cmd), o));

  // ---- replaying logs ----
  addDisplayOptions(
    program.command('simulate').description('replay a message log and print who would be alerted or emailed, and why')
      .requiredOption('--log <file>', 'the NDJSON message log, or - for standard input'),
  ).action(async (o, cmd: Command) => (await import('./commands/simulate.js')).runSimulate(contextOf(cmd), o));
  program
    .command('why')
    .description('explain one decision: every check, and the changes that would have notified the user')
    .argument('<user>', 'the user id')
    .argument('<message>', 'the message id')
    .requiredOption('--log <file>', 'the NDJSON message log, or - for standard input')
    .addOption(windowOption())
    .option(...sortOption)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (user: string, message: string, o, cmd: Command) => (await import('./commands/why.js')).runWhy(contextOf(cmd), user, message, o));
  addDisplayOptions(program.command('demo').description('simulate on the example helpdesk that ships with notifyctl, in memory'))
    .action(async (o, cmd: Command) => (await import('./commands/demo.js')).runDemo(contextOf(cmd), o));

  group('db', 'the database file: check it, back it up', (db) => {
    db.command('check').description('integrity, schema version and counts; exit 1 if damaged').addOption(formatOption(['table', 'json'], 'table'))
      .action(async (o, cmd: Command) => (await import('./commands/db.js')).runDbCheck(contextOf(cmd), o));
    db.command('backup').description("an online copy of the database (SQLite's backup API), readable by its owner only").argument('<path>')
      .option('--force', 'overwrite an existing file')
      .action(async (path: string, o, cmd: Command) => (await import('./commands/db.js')).runDbBackup(contextOf(cmd), path, o));
  });

  program
    .command('test')
    .description('run scenario files (YAML or JSON) and check every expected decision')
    .argument('<path...>', 'scenario files, or directories of *.yaml, *.yml and *.json')
    .option('--junit <path>', 'also write a JUnit XML report')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (paths: string[], o, cmd: Command) => (await import('./commands/test.js')).runTest(contextOf(cmd), paths, o));

  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action(async (shell: 'bash' | 'zsh') => (await import('./commands/completion.js')).runCompletion(buildProgram(), shell));

  return program;
}
