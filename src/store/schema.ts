/**
 * The schema, as forward-only migrations. PRAGMA user_version holds how many have been
 * applied. Plain tables and column names, so the file can be read with the sqlite3 client.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id      TEXT PRIMARY KEY,
    name    TEXT,
    email   TEXT,
    role    TEXT,
    active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
  );
  CREATE TABLE preferences (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE workspace_defaults (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE projects (
    id      TEXT PRIMARY KEY,
    name    TEXT
  );
  CREATE TABLE project_members (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE items (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind       TEXT
  );
  CREATE TABLE item_followers (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE conversations (
    id      TEXT PRIMARY KEY,
    item_id TEXT REFERENCES items(id)
  );
  CREATE TABLE conversation_followers (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    command   TEXT NOT NULL,
    entity    TEXT NOT NULL,
    target    TEXT,
    user_id   TEXT,
    key       TEXT,
    old_value TEXT,
    new_value TEXT
  );
  CREATE INDEX audit_by_user ON audit(user_id, at);
  CREATE INDEX audit_by_time ON audit(at);
  `,
  // 2: every command that writes is one numbered change (SPEC 9.4). Rows written before
  // get a number per distinct (time, actor, command), in the order they were written.
  `
  ALTER TABLE audit ADD COLUMN change INTEGER;
  WITH groups AS (SELECT at, actor, command, MIN(id) AS first FROM audit GROUP BY at, actor, command),
       numbered AS (SELECT at, actor, command, ROW_NUMBER() OVER (ORDER BY first) AS n FROM groups)
  UPDATE audit SET change = (SELECT n FROM numbered WHERE numbered.at = audit.at AND numbered.actor = audit.actor AND numbered.command = audit.command);
  CREATE INDEX audit_by_change ON audit(change);
  `,
  // 3: role defaults (SPEC 9.8), between a user's explicit value and the workspace default.
  `
  CREATE TABLE role_defaults (
    role  TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (role, key)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables this schema creates, to tell our database from someone else's. */
export const OWN_TABLES = [
  'users',
  'preferences',
  'workspace_defaults',
  'role_defaults',
  'projects',
  'project_members',
  'items',
  'item_followers',
  'conversations',
  'conversation_followers',
  'audit',
];
