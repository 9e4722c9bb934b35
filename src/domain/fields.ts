/**
 * The rules for free-text fields (names, emails, roles, kinds) wherever they come in: a
 * document, a CSV file, a command line (SPEC 9.10). Values are trimmed; control
 * characters are refused, since they would make a role such as "support\r" that no
 * selector can match, or text that rewrites a terminal.
 */

/** The first control character (C0, DEL, C1) in `text`, written as U+001B is, or null. */
export function controlCharacter(text: string): string | null {
  const found = /[\u0000-\u001f\u007f-\u009f]/.exec(text);
  return found === null ? null : `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Null when `email` looks like local@domain (one @, something either side, no spaces), else what is wrong. */
export function emailProblem(email: string): string | null {
  return /^[^\s@]+@[^\s@]+$/.test(email) ? null : 'is not an email address (local@domain)';
}

/** What is wrong with a free-text field after trimming, or null. */
export function fieldProblem(field: string, value: string): string | null {
  const control = controlCharacter(value);
  if (control !== null) return `must not contain control characters (found ${control})`;
  if (field === 'email' && value !== '') return emailProblem(value);
  return null;
}
