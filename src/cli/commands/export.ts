/** `export`: prints the workspace document, in canonical form. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext, Factory } from '../shell/context.js';
import { asOfOption, asOfTime, examples, formatOption } from '../shell/options.js';
import { readWorkspace } from '../shell/session.js';
import { jsonText } from '../output/json.js';

export interface ExportOptions {
  format: 'json' | 'yaml';
  asOf?: string;
}

export default function exportCommand(f: Factory) {
  const command = new Command('export')
    .description('print the workspace document, in canonical form')
    .addOption(formatOption(['json', 'yaml'], 'json'))
    .addOption(asOfOption())
    .action((o, cmd) => exportRun(f.context(cmd), o));
  examples(command, ['notifyctl export > team.json', 'notifyctl export --format yaml > team.yaml', 'notifyctl export --as-of "2026-03-01 18:00" > before-the-change.json']);
  return command;
}

export async function exportRun(ctx: CliContext, options: ExportOptions): Promise<void> {
  const { toDocument } = await import('../../io/workspace-doc.js');
  const doc = toDocument(await readWorkspace(ctx, asOfTime(options.asOf, ctx.zone)));
  if (options.format === 'yaml') {
    const YAML = await (await import('../../io/yaml.js')).loadYaml();
    ctx.io.out.write(YAML.stringify(doc, { lineWidth: 0 }));
  } else {
    ctx.io.out.write(jsonText(doc));
  }
}
