/**
 * `test FILE|DIR…`: runs scenario files and checks every expected decision. The last
 * line is "N passed, N failed"; exit 1 when any failed.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { ReportedFailure } from '../../domain/errors.js';
import { withoutBom } from '../../io/read-input.js';
import { writeReportFile } from '../../io/report-file.js';
import type { CliContext, Factory } from '../context.js';
import { collect, examples, formatOption } from '../options.js';
import { colors } from '../output.js';

export interface TestOptions {
  paths: string[];
  allowPath?: string[];
  junit?: string;
  format: 'text' | 'json';
}

export default function testCommand(f: Factory) {
  const command = new Command('test')
    .description('run scenario files (YAML or JSON) and check every expected decision')
    .argument('<path...>', 'scenario files, directories of *.yaml, *.yml and *.json, or - for one scenario document on standard input')
    .addOption(new Option('--junit <path>', 'also write a JUnit XML report'))
    .addOption(new Option('--allow-path <dir>', "a folder outside a scenario's own where its workspace: and log: files may be (repeatable)").argParser(collect))
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((paths, o, cmd) => testRun(f.context(cmd), { ...o, paths }));
  examples(command, ['notifyctl test scenarios/', 'notifyctl test scenarios/ --junit reports/notifyctl.xml']);
  return command;
}

export async function testRun(ctx: CliContext, options: TestOptions): Promise<void> {
  // zod and YAML load only for the commands that read documents.
  const { runScenarioFiles } = await import('../scenario-run.js');
  const { junitReport, renderScenarioText } = await import('../render/scenarios.js');
  const results = await runScenarioFiles(options.paths, options.allowPath ?? [], () => withoutBom(ctx.io.readStdin().toString('utf8')));
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  if (options.junit !== undefined) writeReportFile(options.junit, junitReport(results), '--junit');
  ctx.io.out.write(options.format === 'json' ? JSON.stringify({ scenarios: results, passed, failed }, null, 2) + '\n' : renderScenarioText(results, colors(ctx.io.color)));
  if (failed > 0) throw new ReportedFailure(`${failed} of ${results.length} scenarios failed`);
}
