/** A user's free-text fields as `users add` and `users update` take them. */
export interface UserFields {
  name?: string;
  email?: string;
  role?: string;
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
