/** Preferences for people: one user's (prefs show), many users' (prefs list), the defaults. */
import { PREFERENCE_KEYS, type EffectivePreferences, type PreferenceKey } from '../../domain/preferences.js';
import { plural } from '../../domain/text.js';
import { colors } from '../output.js';
import { renderTable } from './table.js';

export interface PreferenceRow {
  key: string;
  value: string;
  source: string;
  description: string;
}

export function renderPreferencesOfUser(user: string, active: boolean, rows: readonly PreferenceRow[], terminal: boolean, color: boolean): string {
  const c = colors(color);
  let out = renderTable(
    ['KEY', 'VALUE', 'SOURCE', 'MEANING'],
    rows.map((r) => [r.key, r.source === 'explicit' ? c.bold(r.value) : r.value, r.source, r.description]),
    terminal,
    color,
  );
  if (!active) out += `\n${user} is deactivated: they are notified of nothing until activated (notifyctl users activate ${user}).\n`;
  if (rows.find((r) => r.key === 'showFromCustomers')?.value === 'off') {
    out += `\n"From customers" is off for ${user}: that only hides a section of the messenger; it changes no notification.\n`;
  }
  return out;
}

export function renderPreferenceList(rows: readonly { user: string; prefs: EffectivePreferences }[], terminal: boolean, color: boolean): string {
  const mark = (p: EffectivePreferences, k: PreferenceKey) => (p.source[k] === 'explicit' ? `${p[k]}*` : p[k]);
  let out = renderTable(['USER', ...PREFERENCE_KEYS], rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => mark(r.prefs, k))]), terminal, color);
  if (terminal) out += `${plural(rows.length, 'user')}; * marks an explicit value, the others follow the workspace defaults.\n`;
  return out;
}

export function renderDefaults(usage: readonly { key: string; value: string; builtIn: string; following: number; overriding: number }[], terminal: boolean, color: boolean): string {
  return renderTable(
    ['KEY', 'DEFAULT', 'BUILT-IN', 'FOLLOWING', 'OVERRIDING'],
    usage.map((u) => [u.key, u.value, u.builtIn, String(u.following), String(u.overriding)]),
    terminal,
    color,
  );
}
