import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '../../src-main/main/db/database'
import { migrate, schemaVersion } from '../../src-main/main/db/migrate'
import { MIGRATIONS } from '../../src-main/main/db/migrations/index'
import { useTempDir } from './temp'

const tempDir = useTempDir()

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)
}

describe('database open and migrations', () => {
  it('creates every table from an empty file, in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'sub', 'app.sqlite'))
    try {
      expect(tables(db)).toEqual(
        expect.arrayContaining(['pairs', 'host_keys', 'runs', 'check_results', 'run_facts', 'fix_audit', 'settings', 'schema_migrations'])
      )
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version)
      const cols = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name)
      expect(cols).toContain('owner')
    } finally {
      db.close()
    }
  })

  it('re-opening applies nothing and keeps the data', () => {
    const file = join(tempDir(), 'app.sqlite')
    const db = openDatabase(file)
    db.prepare(`INSERT INTO settings (key, value) VALUES ('k', '"v"')`).run()
    db.close()
    const again = openDatabase(file)
    try {
      expect(migrate(again)).toEqual([])
      expect((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length)
      expect((again.prepare(`SELECT value FROM settings WHERE key = 'k'`).get() as { value: string }).value).toBe('"v"')
    } finally {
      again.close()
    }
  })

  it('migration numbers are unique and ascending (append-only list)', () => {
    const versions = MIGRATIONS.map((m) => m.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    expect(versions[0]).toBe(1)
    versions.forEach((v, i) => expect(v).toBe(i + 1))
  })

  it('a failing migration leaves nothing behind (own transaction) and the earlier ones stay applied', () => {
    const db = new Database(join(tempDir(), 'bad.sqlite'))
    try {
      const bad = [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);' }
      ]
      expect(() => migrate(db, bad)).toThrow(/nope/)
      expect(tables(db)).toContain('a')
      expect(tables(db)).not.toContain('b')
      expect(schemaVersion(db)).toBe(1)
    } finally {
      db.close()
    }
  })

  it('refuses a database written by a newer program', () => {
    const file = join(tempDir(), 'new.sqlite')
    openDatabase(file).close()
    const raw = new Database(file)
    raw.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`).run()
    raw.close()
    expect(() => openDatabase(file)).toThrow(/newer than this program/)
  })

  it('two connections opening the same new file migrate once', () => {
    const file = join(tempDir(), 'two.sqlite')
    const a = openDatabase(file)
    const b = openDatabase(file)
    try {
      expect((b.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length)
    } finally {
      a.close()
      b.close()
    }
  })
})
