// The floor for `prefs set --all-users --customer-messages all`: the same reads, upserts
// and audit inserts with bare better-sqlite3, in one transaction.
import Database from 'better-sqlite3';
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
const at = new Date().toISOString();
db.transaction(() => {
  const users = db.prepare('SELECT id FROM users').pluck().all();
  const current = new Map(db.prepare("SELECT user_id, value FROM preferences WHERE key = 'customerMessages'").all().map((r) => [r.user_id, r.value]));
  const upsert = db.prepare('INSERT INTO preferences (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value');
  const audit = db.prepare('INSERT INTO audit (at, actor, command, entity, target, user_id, key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const id of users) {
    const old = current.get(id) ?? null;
    if (old === 'all') continue;
    upsert.run(id, 'customerMessages', 'all');
    audit.run(at, 'bench', 'prefs set', 'preference', null, id, 'customerMessages', old, 'all');
  }
}).immediate();
db.close();
