/** Applies the numbered migrations not yet recorded in schema_migrations, each in its own transaction. */
import type Database from 'better-sqlite3'
import { MIGRATIONS, type Migration } from './migrations/index'

/** Returns the versions applied by this call (empty when already current). */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version))
  const newest = Math.max(0, ...applied)
  const known = Math.max(0, ...migrations.map((m) => m.version))
  if (newest > known) {
    throw new Error(`database schema version ${newest} is newer than this program knows (${known}); update NSM HA Doctor`)
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const done: number[] = []
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue
    // IMMEDIATE: a second process opening at the same time waits instead of applying twice
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)
      if (again) return
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
      done.push(m.version)
    }).immediate()
  }
  return done
}

/** The highest applied version (0 for an empty database). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null } | undefined
  return row?.v ?? 0
}
