/** A user's free-text fields as `users add`, `users update` and `users import` take them. */
import { UsageError } from '../../domain/errors.js';
import { fieldProblem } from '../../domain/fields.js';
import { describe } from '../../domain/text.js';
import { roleSpeller, type Workspace } from '../../domain/workspace.js';

export interface UserFields {
  name?: string;
  email?: string;
  role?: string;
}

/** The fields given, trimmed; a usage error names a flag whose value has control characters or is not an email. */
export function checkedFields(fields: UserFields): UserFields {
  const out: UserFields = {};
  for (const key of ['name', 'email', 'role'] as const) {
    const value = fields[key]?.trim();
    if (value === undefined) continue;
    const problem = fieldProblem(key, value);
    if (problem !== null) throw new UsageError(`--${key} ${describe(value)} ${problem}`);
    out[key] = value;
  }
  return out;
}

/** The fields with the role spelled as the workspace already spells it (SPEC 10.4). */
export function spelled(ws: Pick<Workspace, 'users' | 'roleDefaults'>, fields: UserFields): UserFields {
  return fields.role === undefined || fields.role === '' ? fields : { ...fields, role: roleSpeller(ws)(fields.role) };
}

/** Sets the given fields; an empty value clears one (--email "" for a user without an address). */
export function setFields(user: UserFields, fields: UserFields): void {
  for (const key of ['name', 'email', 'role'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (value === '') delete user[key];
    else user[key] = value;
  }
}
