/**
 * `test FILE|DIR…`: runs scenario files and checks every expected decision. The last
 * line is "N passed, N failed"; exit 1 when any failed.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { DataError, ReportedFailure, UsageError } from '../../../domain/errors.js';
import { plural } from '../../../domain/text.js';
import { utf8Text } from '../../../io/read-input.js';
import { writeReportFile } from '../../../io/report-file.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { collect, examples, formatOption } from '../../shell/options.js';
import { jsonText } from '../../output/json.js';
import { outputOf } from '../../output/iostreams.js';

export interface TestOptions {
  paths: string[];
  allowPath?: string[];
  junit?: string;
  record?: string;
  format: 'text' | 'json' | 'markdown';
}

export default function testCommand(f: Factory) {
  const command = new Command('test')
    .description('run scenario files (YAML or JSON) and check every expected decision')
    .argument('[path...]', 'scenario files, directories of *.yaml, *.yml and *.json, or - for one scenario document on standard input')
    .addOption(new Option('--junit <path>', 'also write a JUnit XML report (- for standard output: the text results then go to standard error)'))
    .addOption(new Option('--record <file>', "write today's notified decisions into the file's expect, with exhaustive: true (a snapshot), keeping the rest of the file and its comments"))
    .addOption(new Option('--allow-path <dir>', "a folder outside a scenario's own where its workspace: and log: files may be (repeatable)").argParser(collect))
    .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
    .action((paths, o, cmd) => testRun(f.context(cmd), { ...o, paths }));
  examples(command, [
    'notifyctl test scenarios/',
    'notifyctl test scenarios/ --junit reports/notifyctl.xml --format markdown >> "$GITHUB_STEP_SUMMARY"',
    'notifyctl test scenarios/ --junit - > notifyctl.xml   # the JUnit on standard output, the results on standard error',
    'notifyctl test --record scenarios/escalations.yaml   # snapshot today\'s decisions',
  ]);
  return command;
}

export async function testRun(ctx: CliContext, options: TestOptions): Promise<void> {
  if (options.record !== undefined) {
    if (options.paths.length > 0) throw new UsageError('test --record FILE records one file and runs nothing; give the scenario file to --record alone');
    const { recordScenarioFile } = await import('./scenario-record.js');
    const done = await recordScenarioFile(options.record, options.allowPath ?? []);
    ctx.io.out.write(`Recorded ${plural(done.expectations, 'expectation')} in ${options.record} (${plural(done.scenarios, 'scenario')}, exhaustive: true).\n`);
    return;
  }
  if (options.paths.length === 0) throw new UsageError('test needs scenario files or folders (or - for standard input), or --record FILE');
  // `--junit -` is standard output, as `-` is everywhere else (--log -, report --out -): the
  // results for people then go to standard error, and a second report for standard output is refused.
  const junitOut = options.junit === '-';
  if (junitOut && options.format !== 'text') {
    throw new UsageError(`--junit - and --format ${options.format} both write to standard output; give --junit a file name, or leave out --format (the text results then go to standard error)`);
  }
  // zod and YAML load only for the commands that read documents.
  const { runScenarioFiles } = await import('./scenario-run.js');
  const { junitReport, renderScenarioMarkdown, renderScenarioText } = await import('../../render/scenarios.js');
  const { results, skipped } = await runScenarioFiles(options.paths, options.allowPath ?? [], () => utf8Text('<stdin>', ctx.io.readStdin()));
  if (skipped.length > 0) ctx.io.err.write(`note: skipped ${plural(skipped.length, 'file')} with neither expect nor scenarios (not scenario files): ${skipped.join(', ')}\n`);
  // A job pointed at the wrong folder must not pass with nothing run.
  if (results.length === 0) throw new DataError(`no scenario files in ${options.paths.join(', ')} (looked for *.yaml, *.yml and *.json with expect or scenarios, in every subfolder)`);
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  if (junitOut) ctx.io.out.write(junitReport(results));
  else if (options.junit !== undefined) writeReportFile(options.junit, junitReport(results), '--junit');
  const output = junitOut ? { out: ctx.io.err, terminal: ctx.io.stderrIsTTY(), color: false, zone: ctx.zone } : outputOf(ctx.io, ctx.zone);
  if (options.format === 'json') ctx.io.out.write(jsonText({ scenarios: results, passed, failed }));
  else if (options.format === 'markdown') renderScenarioMarkdown(results, output);
  else renderScenarioText(results, output);
  if (failed > 0) throw new ReportedFailure(`${failed} of ${results.length} scenarios failed`);
}
