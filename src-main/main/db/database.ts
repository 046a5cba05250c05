/**
 * Opens the SQLite database: WAL, foreign keys, busy timeout, then the pending migrations. The only place
 * (with the repositories in this folder) that touches better-sqlite3.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrate'

export type Db = Database.Database

export interface OpenOptions {
  /** Electron-ABI binary (platform/native.ts); undefined = node_modules' build */
  nativeBinding?: string
  /** ms to wait on a lock held by another process (the CLI while the app runs) */
  busyTimeoutMs?: number
  readonly?: boolean
}

/** Open (creating the folder and file if needed) and migrate; the caller closes it. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false
  })
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`)
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (!options.readonly) migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
