/**
 * Opens the SQLite database: WAL, foreign keys, busy timeout, then the pending migrations. The only place
 * (with the repositories in this folder) that touches better-sqlite3.
 */
import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { ensurePrivateDir } from '../platform/paths'
import { migrate } from './migrate'

export type Db = Database.Database

export interface OpenOptions {
  /** Electron-ABI binary (platform/native.ts); undefined = node_modules' build */
  nativeBinding?: string
  /** ms to wait on a lock held by another process (the CLI while the app runs) */
  busyTimeoutMs?: number
  readonly?: boolean
}

/**
 * The data folder 0700 and the database file 0600 before SQLite opens it: SQLite creates its -wal and -shm
 * files with the database file's mode, so they are 0600 from the start. Files left wider by an older version
 * are narrowed.
 */
function makePrivate(file: string): void {
  ensurePrivateDir(dirname(file))
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  if (process.platform === 'win32') return
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
}

/** Open (creating the folder and file if needed) and migrate; the caller closes it. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) makePrivate(file)
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
