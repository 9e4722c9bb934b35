/** Key-value pages for people: one user (users show), the database (db check). */
import type { Output } from '../output/iostreams.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { cellText } from './table.js';

/** Aligned `key  value` lines. */
function pairs(lines: readonly (readonly [string, string])[]): string {
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`).join('\n') + '\n';
}

export interface UserDetails {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  active: boolean;
  memberOf: string[];
  followsItems: string[];
  followsConversations: string[];
}

export function renderUserDetails(u: UserDetails, o: Output): void {
  const none = (list: string[]) => (list.length === 0 ? '—' : list.join(', '));
  o.out.write(
    pairs([
      ['id', u.id],
      ['name', u.name ?? '—'],
      ['email', u.email ?? '— (alerts only, no emails)'],
      ['role', u.role ?? '—'],
      ['active', u.active ? 'yes' : 'no (notified of nothing)'],
      ['member of', none(u.memberOf)],
      ['follows items', none(u.followsItems)],
      ['follows conversations', none(u.followsConversations)],
    ]) + `\nPreferences: notifyctl prefs show ${cellText(u.id)}\n`,
  );
}

export interface DbReport {
  path: string;
  ok: boolean;
  integrity: string[];
  foreignKeyProblems: number;
  schemaVersion: number;
  journalMode: string;
  bytes: number;
  counts: Record<string, number>;
}

export function renderDbCheck(report: DbReport, o: Output): void {
  o.out.write(pairs([
    ['database      ', `${report.path} (${report.bytes.toLocaleString('en-US')} bytes, ${report.journalMode} journal)`],
    ['schema version', `${report.schemaVersion} (this notifyctl: ${SCHEMA_VERSION})`],
    ['integrity     ', report.integrity.join('; ')],
    ['foreign keys  ', report.foreignKeyProblems === 0 ? 'ok' : `${report.foreignKeyProblems} broken references`],
  ]) + Object.entries(report.counts).map(([table, n]) => `${table.padEnd(24)}${n.toLocaleString('en-US')}`).join('\n') + '\n');
}
