/**
 * `audit undo N`: reverts change N in one transaction, recorded as a new change
 * (SPEC 9.4). What N wrote and is no longer as N left it is a conflict, named with the
 * change that altered it; --force reverts anyway. Undoing an undo redoes.
 */
import { Argument, Command, Option } from '@commander-js/extra-typings';
import { DataError } from '../../../domain/errors.js';
import { conflicts, currentValue, revert, valueLeft } from '../../../domain/revert.js';
import { formatHuman } from '../../../domain/zone.js';
import type { Change } from '../../../domain/workspace-diff.js';
import { changeRows, rowsAfterChange } from '../../../store/audit-query.js';
import { updateWorkspace } from '../../../store/workspace-store.js';
import type { CliContext, Factory } from '../../context.js';
import { dryRunOption, editFormatOption, examples, impactOption, sortOption, windowOption, yesOption, wholeNumber } from '../../options.js';
import { renderImpact } from '../../render/impact.js';
import { editImpact } from '../../workspace-edit.js';
import type { ImpactRow } from '../../impact.js';
import { cloneWorkspace } from '../../../domain/workspace.js';
import { loadWorkspace } from '../../../store/workspace-store.js';
import { changeObject, renderChangeTable, summariseChanges } from '../../render/changes.js';
import { readDatabase, writeDatabase } from '../../session.js';

export interface AuditUndoOptions {
  change: number;
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  impact?: string;
  window?: number;
  sort?: boolean;
  format: 'table' | 'json';
}

export default function auditUndoCommand(f: Factory) {
  const command = new Command('undo')
    .description('revert one change, as a new change; refuses when something it wrote has changed since, unless --force')
    .addArgument(new Argument('<change>', 'the change number (see "audit changes")').argParser(wholeNumber))
    .addOption(dryRunOption())
    .addOption(yesOption())
    .addOption(new Option('--force', 'revert even what later changes altered'))
    .addOption(impactOption())
    .addOption(windowOption())
    .addOption(sortOption())
    .addOption(editFormatOption())
    .action((change, o, cmd) => auditUndoRun(f.context(cmd), { ...o, change }));
  examples(command, ['notifyctl audit undo 12 --dry-run', 'notifyctl audit undo 12 --yes', 'notifyctl audit undo 13   # undoing the undo redoes change 12']);
  return command;
}

function describeValue(v: string | null): string {
  return v === null ? '(none)' : v;
}

function where(r: Change): string {
  return [r.entity, r.target, r.user, r.key].filter((x) => x !== null).join(' ');
}

export async function auditUndoRun(ctx: CliContext, options: AuditUndoOptions): Promise<void> {
  const n = options.change;
  const audit = { actor: ctx.actor, command: `audit undo ${n}${options.force === true ? ' --force' : ''}`, at: new Date() };
  const plan = (dryRun: boolean, shown?: readonly Change[]) =>
    writeDatabase(
      ctx,
      (db) =>
        updateWorkspace(
          db,
          (ws) => {
            const rows = changeRows(db, n);
            if (rows.length === 0) throw new DataError(`there is no change ${n}; see "notifyctl audit changes"`);
            const found = conflicts(ws, rows, rowsAfterChange(db, n));
            if (found.length > 0 && !options.force) {
              throw new DataError(
                `change ${n} cannot be undone as it stands: ${found.length === 1 ? 'a value it wrote has' : `${found.length} values it wrote have`} changed since; nothing was changed. Pass --force to revert anyway.`,
                found.map(({ row, by }) => `${where(row)}: change ${n} left ${describeValue(valueLeft(row))}, now ${describeValue(currentValue(ws, row))}${by === null ? '' : ` (change ${by.change}, ${formatHuman(Date.parse(by.at), ctx.zone)}, by ${by.actor}: ${by.command})`}`),
              );
            }
            revert(ws, rows);
          },
          audit,
          dryRun,
          // What was shown (and confirmed) is what is written, or nothing is.
          (changes) => {
            if (shown !== undefined && JSON.stringify(changes) !== JSON.stringify(shown)) {
              throw new DataError(`the database changed while the undo was shown: it would now make ${summariseChanges(changes)}; nothing was written. Run the command again.`);
            }
          },
        ),
      { dryRun },
    );
  const preview = await plan(true);
  const terminal = ctx.io.stdoutIsTTY;
  // --impact: the log replayed with the workspace as it is and as the undo leaves it.
  let impact: ImpactRow[] | null = null;
  if (options.impact !== undefined) {
    impact = preview.length === 0 ? [] : await readDatabase(ctx, async (db) => {
      const before = loadWorkspace(db);
      const after = cloneWorkspace(before);
      revert(after, changeRows(db, n));
      return editImpact(ctx, before, after, preview, options);
    });
  }
  const impactTable = impact !== null && impact.length > 0 && options.format === 'table' ? renderImpact(impact, terminal, ctx.io.color) + '\n' : '';
  if (!options.dryRun && preview.length > 0) {
    if (ctx.io.canPrompt() && options.yes !== true && options.format === 'table') {
      ctx.io.out.write(renderChangeTable(preview, terminal, ctx.io.color) + impactTable);
      await (await import('../../confirm.js')).confirmChange(ctx, `Undo change ${n} (${summariseChanges(preview)})?`, { count: 2 });
    }
    await plan(false, preview);
  }
  if (options.format === 'json') {
    ctx.io.out.write(JSON.stringify({ dryRun: options.dryRun === true, changes: preview.map(changeObject), ...(impact !== null && { impact }) }, null, 2) + '\n');
    return;
  }
  if (preview.length === 0) {
    ctx.io.out.write(`Nothing to change: the workspace is already as it was before change ${n}.\n`);
    return;
  }
  const table = options.dryRun || !ctx.io.canPrompt() || options.yes === true ? renderChangeTable(preview, terminal, ctx.io.color) + impactTable : '';
  ctx.io.out.write(`${table}${options.dryRun ? `Dry run: undoing change ${n} would make ${summariseChanges(preview)}. Nothing was written.` : `Undid change ${n}: ${summariseChanges(preview)}.`}\n`);
}
