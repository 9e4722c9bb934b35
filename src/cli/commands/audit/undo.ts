/**
 * `audit undo N`: reverts change N in one transaction, recorded as a new change
 * (SPEC 9.4). What N wrote and is no longer as N left it is a conflict, named with the
 * change that altered it; --force reverts anyway. Undoing an undo redoes.
 */
import { Argument, Command, Option } from '@commander-js/extra-typings';
import { DataError } from '../../../domain/errors.js';
import { valueLeft } from '../../../domain/changes.js';
import { revertChecked } from '../../../domain/revert.js';
import type { AuditRow } from '../../../store/audit.js';
import { formatHuman } from '../../../domain/zone.js';
import type { Change } from '../../../domain/changes.js';
import { changeRows, rowsAfterChange } from '../../../store/audit-query.js';
import type { CliContext, Factory } from '../../shell/context.js';
import { dryRunOption, editFormatOption, examples, impactOption, sortOption, windowOption, yesOption, wholeNumber } from '../../shell/options.js';
import { summariseChanges } from '../../render/changes.js';
import { runWrite } from '../../write/flow.js';

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
  // Made once per later change: an undo of an import can name a hundred thousand rows of one.
  const whom = new Map<number, string>();
  const byWhom = (by: AuditRow | null) => {
    if (by === null) return '';
    let text = whom.get(by.change);
    if (text === undefined) whom.set(by.change, (text = ` (change ${by.change}, ${formatHuman(Date.parse(by.at), ctx.zone)}, by ${by.actor}: ${by.command})`));
    return text;
  };
  // With --force: what later changes kept the undo from doing, named after it.
  let notUndone: string[] = [];
  await runWrite(ctx, options, {
    name: 'audit undo',
    command: `audit undo ${n}${options.force === true ? ' --force' : ''}`,
    // Undoing puts back whatever the change took away, or takes away what it added.
    destructive: true,
    change: (ws, db, original) => {
      const rows = changeRows(db, n);
      if (rows.length === 0) throw new DataError(`there is no change ${n}; see "notifyctl audit changes"`);
      const later = rowsAfterChange(db, n);
      // What later changes altered (conflicts), and what they keep the undo from doing (a
      // link to a project removed since, a project an item now needs).
      const reverted = revertChecked(ws, rows, later, original);
      const found = reverted.conflicts.map(({ row, by, now }) => `${where(row)}: change ${n} left ${describeValue(valueLeft(row))}, now ${describeValue(now)}${byWhom(by)}`);
      const blocked = reverted.notUndone.map(({ text, by }) => `${text}${byWhom(by)}`);
      if (found.length + blocked.length > 0 && !options.force) {
        const total = found.length + blocked.length;
        throw new DataError(
          blocked.length === 0
            ? `change ${n} cannot be undone as it stands: ${found.length === 1 ? 'a value it wrote has' : `${found.length} values it wrote have`} changed since; nothing was changed. Pass --force to revert anyway.`
            : `change ${n} cannot be undone as it stands: later changes (named below) stand in the way of ${total === 1 ? 'one part' : `${total} parts`} of it; nothing was changed. Pass --force to undo the rest and leave those as they are.`,
          [...found, ...blocked],
        );
      }
      notUndone = blocked;
      return { changes: reverted.changes };
    },
    question: (changes) => `Undo change ${n} (${summariseChanges(changes)})?`,
    summary: (changes, dryRun) => `${dryRun ? `undoing change ${n} would make` : `undid change ${n}:`} ${summariseChanges(changes)}`,
  });
  if (notUndone.length > 0) {
    ctx.io.err.write(`warning: ${options.dryRun ? 'the undo would leave' : 'the undo left'} what later changes depend on (--force):\n${notUndone.map((line) => `  ${line}\n`).join('')}`);
  }
}
