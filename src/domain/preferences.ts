/**
 * The one table of preference keys (SPEC section 2). Flags, validation, CSV columns,
 * help texts and explanations are all generated from it.
 */

export type PreferenceKey =
  | 'access'
  | 'showFromCustomers'
  | 'customerMessages'
  | 'internalMessages'
  | 'customerReplies'
  | 'email';

interface PreferenceSpec {
  key: PreferenceKey;
  /** The CLI flag, without the leading dashes. */
  flag: string;
  /** Accepted values as written on the command line, in CSV and in the database. */
  values: readonly string[];
  defaultValue: string;
  /** In JSON/YAML workspace documents an on/off key is a boolean. */
  json: 'boolean' | 'string';
  /** A short label for tables and explanations. */
  label: string;
  /** What the setting does, in a sentence. */
  description: string;
}

export const PREFERENCES: readonly PreferenceSpec[] = [
  {
    key: 'access',
    flag: 'access',
    values: ['all-projects', 'own-projects'],
    defaultValue: 'own-projects',
    json: 'string',
    label: 'access',
    description:
      'Which conversations the user may see: those in every project, or only those in projects shared with them.',
  },
  {
    key: 'showFromCustomers',
    flag: 'show-from-customers',
    values: ['on', 'off'],
    defaultValue: 'on',
    json: 'boolean',
    label: 'show "From customers"',
    description:
      'Shows the "From customers" section in the messenger. It only changes the display: it grants no access and changes no notification.',
  },
  {
    key: 'customerMessages',
    flag: 'customer-messages',
    values: ['all', 'mine', 'none'],
    defaultValue: 'mine',
    json: 'string',
    label: 'customer messages',
    description:
      'Which customer messages notify the user: every one, only those in conversations they follow (mine), or none.',
  },
  {
    key: 'internalMessages',
    flag: 'internal-messages',
    values: ['on', 'off'],
    defaultValue: 'on',
    json: 'boolean',
    label: 'followed internal messages',
    description:
      'Notify about new internal messages from teammates and bots in conversations the user follows.',
  },
  {
    key: 'customerReplies',
    flag: 'customer-replies',
    values: ['on', 'off'],
    defaultValue: 'on',
    json: 'boolean',
    label: 'followed replies to customers',
    description:
      'Notify about replies that teammates and bots send to customers in conversations the user follows.',
  },
  {
    key: 'email',
    flag: 'email',
    values: ['on', 'off'],
    defaultValue: 'on',
    json: 'boolean',
    label: 'email',
    description: 'Whether notifications are also sent by email. The in-app alert is always given.',
  },
];

export const PREFERENCE_KEYS: readonly PreferenceKey[] = PREFERENCES.map((p) => p.key);

const byKey = new Map<string, PreferenceSpec>(PREFERENCES.map((p) => [p.key, p]));

export function isPreferenceKey(key: string): key is PreferenceKey {
  return byKey.has(key);
}

export function preferenceSpec(key: PreferenceKey): PreferenceSpec {
  return byKey.get(key)!;
}

const byFlag = new Map<string, PreferenceKey>(PREFERENCES.map((p) => [p.flag, p.key]));

/** A key as people write it: as in documents (customerMessages) or as its flag (customer-messages). */
export function preferenceKeyFrom(text: string): PreferenceKey | null {
  return isPreferenceKey(text) ? text : (byFlag.get(text) ?? null);
}

/** A value as written on the command line: on/off keys take true/false too, as documents write them. */
export function preferenceValueFrom(key: PreferenceKey, text: string): string {
  if (preferenceSpec(key).json !== 'boolean') return text;
  return text === 'true' ? 'on' : text === 'false' ? 'off' : text;
}

/** Preference values keyed by preference; a Map, never a plain object keyed by input. */
export type PreferenceValues = Map<PreferenceKey, string>;

/** Where an effective value comes from (SPEC 9.8): the user, their role, or the workspace (or built-in) default. */
export type PreferenceSource = 'explicit' | 'role' | 'default';

/** A user's effective preferences: every key has a value and where it came from. */
export interface EffectivePreferences {
  access: string;
  showFromCustomers: string;
  customerMessages: string;
  internalMessages: string;
  customerReplies: string;
  email: string;
  source: Record<PreferenceKey, PreferenceSource>;
}

export const BUILT_IN_DEFAULTS: ReadonlyMap<PreferenceKey, string> = new Map(
  PREFERENCES.map((p) => [p.key, p.defaultValue]),
);

/**
 * Merges the layers (SPEC 9.8): the user's explicit value, else their role's default,
 * else the workspace default, else the built-in default. The result records the source
 * of every value.
 */
export function effectivePreferences(
  explicit: PreferenceValues | undefined,
  workspaceDefaults: PreferenceValues,
  roleDefaults?: PreferenceValues,
): EffectivePreferences {
  const result = { source: {} } as EffectivePreferences;
  for (const spec of PREFERENCES) {
    const own = explicit?.get(spec.key);
    const ofRole = own === undefined ? roleDefaults?.get(spec.key) : undefined;
    const value = own ?? ofRole ?? workspaceDefaults.get(spec.key) ?? spec.defaultValue;
    (result as unknown as Record<string, string>)[spec.key] = value;
    result.source[spec.key] = own !== undefined ? 'explicit' : ofRole !== undefined ? 'role' : 'default';
  }
  return result;
}

/** The value a user without an explicit value for `key` inherits: their role's default, else the workspace's. */
export function inheritedValue(key: PreferenceKey, workspaceDefaults: PreferenceValues, roleDefaults?: PreferenceValues): string {
  return roleDefaults?.get(key) ?? workspaceDefaults.get(key) ?? BUILT_IN_DEFAULTS.get(key)!;
}

/** Checks a value as written on the command line or in CSV; returns a sentence if bad. */
export function checkPreferenceValue(key: PreferenceKey, value: string): string | null {
  const spec = preferenceSpec(key);
  return spec.values.includes(value)
    ? null
    : `${JSON.stringify(value)} is not one of ${spec.values.join(', ')}`;
}

/** JSON documents write on/off keys as booleans. */
export function toJsonValue(key: PreferenceKey, value: string): string | boolean {
  return preferenceSpec(key).json === 'boolean' ? value === 'on' : value;
}

export function fromJsonValue(key: PreferenceKey, value: string | boolean): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value;
}
