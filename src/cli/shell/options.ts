/**
 * Options that several commands share, as typed Option values: a command adds the ones
 * it takes, and @commander-js/extra-typings infers the type of its parsed options from
 * them, so tsc checks each command's options object against its flags.
 */
import { InvalidArgumentError, Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import type { CommandLike } from './context.js';
import { DEFAULT_WINDOW_MS } from '../../domain/decision.js';
import { PREFERENCES, PREFERENCE_KEYS, preferenceKeyFrom, preferenceValueFrom, type PreferenceKey } from '../../domain/preferences.js';
import { MAX_ID_LENGTH, idProblem } from '../../domain/workspace.js';
import { parseDuration } from '../../domain/time.js';
import { impossibleDate, parseTimeIn } from '../../domain/zone.js';
import { UsageError } from '../../domain/errors.js';

/** For repeatable options: each value is added to the list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function windowOption() {
  return new Option('--window <duration>', 'how long a user has to see a message before it notifies: 90, 90s, 2m')
    .default(DEFAULT_WINDOW_MS, '60s')
    .argParser((value: string): number => {
      const ms = parseDuration(value);
      if (ms === null) throw new InvalidArgumentError('accepted: a whole number of seconds (90), or with a unit: 90s, 2m, 1h, 500ms. At most 100 years.');
      return ms;
    });
}

export function formatOption<const T extends readonly string[]>(choices: T, fallback: T[number]) {
  return new Option('--format <format>', 'output format').choices(choices).default(fallback);
}

export const listFormatOption = () => formatOption(['table', 'json', 'csv'], 'table');
export const editFormatOption = () => formatOption(['table', 'json'], 'table');

export const sortOption = () => new Option('--sort', 'sort the log by time (stably) instead of requiring time order');
export const dryRunOption = () => new Option('--dry-run', 'show what would change and write nothing');
export const yesOption = () => new Option('-y, --yes', 'do not ask for confirmation in a terminal');
export const impactOption = () => new Option('--impact <log>', 'replay this log before and after the change and compare alerts and emails per user');
export const logOption = () => new Option('--log <file>', 'the NDJSON message log, or - for standard input').makeOptionMandatory();

/** The user selectors of SPEC section 7, but ids (an argument). */
export function addSelectorOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts, OptionValues>) {
  return command
    .addOption(new Option('--role <role>', 'users with this role').argParser(idArgument('--role')))
    .addOption(new Option('--project <id>', "the project's members").argParser(idArgument('--project')))
    .addOption(new Option('--where <key=value>', 'users whose effective preference has this value (repeatable)').argParser(collect))
    .addOption(new Option('--all-users', 'every user'));
}

/** The options of commands that write preferences: dry run, confirmation, impact preview. */
export function addWriteOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts, OptionValues>) {
  return command
    .addOption(dryRunOption())
    .addOption(yesOption())
    .addOption(impactOption())
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(editFormatOption());
}

/**
 * One flag per preference key, generated from the table in domain/preferences.ts. Their
 * values are read back with preferenceValuesFrom(), so they are not part of the typed
 * options.
 */
export function addPreferenceFlags<C extends CommandLike>(command: C): C {
  // On/off keys take true/false as well, as documents write them; help, completion and
  // errors show the one canonical form (choices), and the parser takes both.
  for (const spec of PREFERENCES) {
    command.addOption(
      new Option(`--${spec.flag} <value>`, spec.description).choices(spec.values).argParser((text: string) => {
        const value = preferenceValueFrom(spec.key, text);
        if (!spec.values.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${spec.values.join(', ')}.`);
        return value;
      }),
    );
  }
  return command;
}

export function preferenceValuesFrom(options: object): Map<PreferenceKey, string> {
  const values = new Map<PreferenceKey, string>();
  for (const spec of PREFERENCES) {
    const value = (options as Record<string, unknown>)[spec.key];
    if (typeof value === 'string') values.set(spec.key, preferenceValueFrom(spec.key, value));
  }
  return values;
}

/** "Examples:" at the end of a command's help, like gh's Example section. */
export function examples(command: { addHelpText(position: 'after', text: string): unknown }, lines: readonly string[]): void {
  command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

/** The preference flags and their values, for "needs at least one preference flag". */
export const FLAG_HELP = PREFERENCES.map((p) => `--${p.flag} ${p.values.join('|')}`).join(', ');

/** --as-of: the workspace as it was at a time, rebuilt from the audit trail (SPEC 9.4). */
export const asOfOption = () => new Option('--as-of <time>', 'use the workspace as it was at this time for every line (rebuilt from the audit trail; without a zone: read in --tz; "now": today\'s)');

/** The time of --as-of, or undefined (none, or "now": today's workspace); a usage error for one that is not a time. */
export function asOfTime(value: string | undefined, zone: string): number | undefined {
  if (value === undefined || value.trim() === 'now') return undefined;
  const ms = parseTimeIn(value, zone);
  if (ms === null) throw new UsageError(`--as-of ${value}: ${whyNot(value)}accepted: a date (2026-03-02), a date and time (2026-03-02 15:00, read in --tz), one with a zone (2026-03-02T15:00:00Z), or now (today's workspace)`);
  return ms;
}

const DATE_ONLY = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;

/**
 * The time of a --since (`edge` start) or --until (`edge` end) flag, or null when not
 * given. A date without a time is the whole day (SPEC 10.3): its start for --since, its
 * last millisecond for --until, in `zone`.
 */
export function timeFlag(flag: string, value: string | undefined, zone: string, edge: 'start' | 'end'): number | null {
  if (value === undefined) return null;
  const ms = parseTimeIn(value, zone);
  if (ms === null) throw new UsageError(`${flag} ${value}: ${whyNot(value)}accepted: a date (2026-03-02, the whole day), a date and time (2026-03-02 15:00, read in --tz) or one with a zone (2026-03-02T15:00:00Z)`);
  const date = edge === 'end' ? DATE_ONLY.exec(value) : null;
  if (date === null) return ms;
  const next = new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]! + 1)).toISOString().slice(0, 10);
  return parseTimeIn(next, zone)! - 1;
}

/** The --since and --until of a command, checked to be in order. */
export function timeRange(options: { since?: string; until?: string }, zone: string): { since: number | null; until: number | null } {
  const since = timeFlag('--since', options.since, zone, 'start');
  const until = timeFlag('--until', options.until, zone, 'end');
  if (since !== null && until !== null && since > until) throw new UsageError(`--since ${options.since} is after --until ${options.until}; nothing could be shown`);
  return { since, until };
}

/** The largest number a count flag takes: SQLite's integers, and far more than any trail. */
export const MAX_COUNT = 1_000_000_000;

/** A whole number flag (--limit, --change, a change number), bounded. */
export function wholeNumber(v: string): number {
  if (!/^\d+$/.test(v) || +v > MAX_COUNT) throw new InvalidArgumentError(`accepted: a whole number from 0 to ${MAX_COUNT.toLocaleString('en-US')}.`);
  return +v;
}

/** A flag whose value is an id (a role, a project): the id rule of SPEC section 3, trimmed. */
export function idArgument(flag: string) {
  return (text: string): string => {
    const value = text.trim();
    const problem = idProblem(value);
    if (problem !== null) throw new InvalidArgumentError(`${flag} ${problem}; ids are 1 to ${MAX_ID_LENGTH} characters without control characters.`);
    return value;
  };
}

/** --key, repeatable, in either spelling (customerMessages or customer-messages). */
export const keyOption = () =>
  // Listed as choices for help and completion; checked by preferenceKeysFrom (argParser replaces commander's check).
  new Option('--key <key>', 'only this key (repeatable)').choices(PREFERENCE_KEYS).argParser(collect);

/** The keys of --key, or null for every key; a usage error names one that is not a key. */
export function preferenceKeysFrom(given: readonly string[] | undefined): PreferenceKey[] | null {
  return given?.map((text) => {
    const key = preferenceKeyFrom(text);
    if (key === null) throw new UsageError(`--key ${text}: not a preference key; accepted: ${PREFERENCE_KEYS.join(', ')}`);
    return key;
  }) ?? null;
}

/** "there is no day 30 in February 2026; " before what a time flag accepts, when that is what is wrong. */
export function whyNot(value: string): string {
  const problem = impossibleDate(value);
  return problem === null ? '' : `${problem}; `;
}
