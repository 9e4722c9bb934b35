/** Preferences for people: one user's (prefs show), many users' (prefs list), the defaults. */
import type { Output } from '../output/iostreams.js';
import type { DefaultUsage, RoleDefaultUsage } from '../../domain/preference-plan.js';
import { PREFERENCE_KEYS, type EffectivePreferences, type PreferenceKey } from '../../domain/preferences.js';
import { plural } from '../../domain/text.js';
import { colors } from '../output/output.js';
import { renderTable, wrap } from './table.js';

export interface PreferenceRow {
  key: string;
  value: string;
  source: string;
  description: string;
}

export function renderPreferencesOfUser(user: string, active: boolean, hasEmailAddress: boolean, rows: readonly PreferenceRow[], o: Output): void {
  const { terminal, color } = o;
  const c = colors(color);
  let out = renderTable(
    ['KEY', 'VALUE', 'SOURCE', wrap('MEANING')],
    rows.map((r) => [r.key, r.source === 'explicit' ? c.bold(r.value) : r.value, r.source, r.description]),
    terminal,
    color,
  );
  if (!hasEmailAddress) out += `\nno email address: alerts only, whatever \`email\` says (add one: notifyctl users update ${user} --email ADDRESS).\n`;
  if (!active) out += `\n${user} is deactivated: they are notified of nothing until activated (notifyctl users activate ${user}).\n`;
  if (rows.find((r) => r.key === 'showFromCustomers')?.value === 'off') {
    out += `\n"From customers" is off for ${user}: that only hides a section of the messenger; it changes no notification.\n`;
  }
  o.out.write(out);
}

export function renderPreferenceList(rows: readonly { user: string; prefs: EffectivePreferences; explicit: readonly string[]; fromRole: readonly string[] }[], o: Output): void {
  const { terminal, color } = o;
  if (!terminal) {
    // Piped: plain values (a script compares them), and where each came from in columns of its own.
    return o.out.write(renderTable(['USER', ...PREFERENCE_KEYS, 'EXPLICIT', 'FROM-ROLE'], rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => r.prefs[k]), r.explicit.join(','), r.fromRole.join(',')]), terminal, color));
  }
  const mark = (p: EffectivePreferences, k: PreferenceKey) => (p.source[k] === 'explicit' ? `${p[k]}*` : p.source[k] === 'role' ? `${p[k]}^` : p[k]);
  let out = renderTable(['USER', ...PREFERENCE_KEYS], rows.map((r) => [r.user, ...PREFERENCE_KEYS.map((k) => mark(r.prefs, k))]), terminal, color);
  if (terminal) out += `${plural(rows.length, 'user')}; * marks an explicit value, ^ a role default; the others follow the workspace defaults.\n`;
  o.out.write(out);
}

export function renderDefaults(usage: readonly DefaultUsage[], roles: readonly RoleDefaultUsage[], o: Output): void {
  const { terminal, color } = o;
  let out = renderTable(
    ['KEY', 'DEFAULT', 'BUILT-IN', 'FOLLOWING', 'OVERRIDING'],
    usage.map((u) => [u.key, u.value, u.builtIn, String(u.following), String(u.overriding)]),
    terminal,
    color,
  );
  if (terminal) out += 'OVERRIDING: users with an explicit value or a role default for that key.\n';
  if (roles.length > 0) {
    out += terminal ? '\nRole defaults (between a user\'s explicit value and the workspace default):\n' : '\n';
    out += renderTable(['ROLE', 'KEY', 'VALUE', 'FOLLOWING', 'USERS'], roles.map((r) => [r.role, r.key, r.value, String(r.following), String(r.users)]), terminal, color);
  } else if (terminal) {
    out += 'No role defaults (notifyctl prefs defaults set --role ROLE …).\n';
  }
  o.out.write(out);
}
