/** The `prefs` group, with `defaults set` under `defaults`: one module per verb. */
import type { Command } from '@commander-js/extra-typings';
import type { Factory } from '../../shell/context.js';
import prefsDefaultsCommand from './defaults.js';
import prefsDefaultsResetCommand from './defaults-reset.js';
import prefsDefaultsSetCommand from './defaults-set.js';
import prefsEditCommand from './edit.js';
import prefsExportCommand from './export.js';
import prefsImportCommand from './import.js';
import prefsListCommand from './list.js';
import prefsResetCommand from './reset.js';
import prefsSetCommand from './set.js';
import prefsShowCommand from './show.js';

export default function definePrefs(f: Factory, prefs: Command): void {
  for (const verb of [prefsShowCommand, prefsListCommand, prefsSetCommand, prefsResetCommand, prefsEditCommand]) prefs.addCommand(verb(f));
  const defaults = prefsDefaultsCommand(f);
  defaults.addCommand(prefsDefaultsSetCommand(f));
  defaults.addCommand(prefsDefaultsResetCommand(f));
  prefs.addCommand(defaults);
  for (const verb of [prefsImportCommand, prefsExportCommand]) prefs.addCommand(verb(f));
}
