// The floor for `import` of a workspace: parse the document, and insert the same rows
// (users, preferences, projects, members, and one audit row per change) with bare
// better-sqlite3 in one transaction, into a database that has the schema.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
const [dbPath, docPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, 'utf8'));
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
const at = new Date().toISOString();
const audit = db.prepare('INSERT INTO audit (at, actor, command, entity, target, user_id, key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
const row = (entity, target, user, key, oldValue, newValue) => audit.run(at, 'bench', 'import', entity, target, user, key, oldValue, newValue);
db.transaction(() => {
  const user = db.prepare('INSERT INTO users (id, name, email, role, active) VALUES (?, ?, ?, ?, ?)');
  const pref = db.prepare('INSERT INTO preferences (user_id, key, value) VALUES (?, ?, ?)');
  const project = db.prepare('INSERT INTO projects (id, name) VALUES (?, ?)');
  const member = db.prepare('INSERT INTO project_members (project_id, user_id) VALUES (?, ?)');
  for (const u of doc.users) {
    user.run(u.id, u.name ?? null, u.email ?? null, u.role ?? null, u.active === false ? 0 : 1);
    row('user', null, u.id, null, null, 'added');
    for (const [key, field] of [['name', u.name], ['email', u.email], ['role', u.role]]) if (field !== undefined) row('user', null, u.id, key, null, field);
    row('user', null, u.id, 'active', null, String(u.active !== false));
    for (const [key, value] of Object.entries(u.preferences ?? {})) {
      const v = value === true ? 'on' : value === false ? 'off' : value;
      pref.run(u.id, key, v);
      row('preference', null, u.id, key, null, v);
    }
  }
  for (const p of doc.projects ?? []) {
    project.run(p.id, p.name ?? null);
    row('project', p.id, null, null, null, 'added');
    if (p.name !== undefined) row('project', p.id, null, 'name', null, p.name);
    for (const m of p.members ?? []) {
      member.run(p.id, m);
      row('member', p.id, m, null, null, 'added');
    }
  }
}).immediate();
db.close();
