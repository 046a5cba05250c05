/** Pinned SSH host keys (trust on first use) — the SQLite HostKeyStore of the app. */
import type { Db } from './database'
import type { HostKeyStore } from '../ssh/executor'

export interface PinnedHostKey {
  host: string
  port: number
  keyType?: string
  sha256: string
  firstSeen: string
}

interface Row {
  host: string
  port: number
  key_type: string | null
  sha256: string
  first_seen: string
}

export class SqliteHostKeyStore implements HostKeyStore {
  readonly #get
  readonly #pin
  readonly #list
  readonly #forget

  constructor(db: Db) {
    this.#get = db.prepare('SELECT * FROM host_keys WHERE host = ? AND port = ?')
    // pinning again (the admin accepted a changed key) replaces the key and restarts "first seen"
    this.#pin = db.prepare(
      `INSERT INTO host_keys (host, port, key_type, sha256, first_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (host, port) DO UPDATE SET key_type = excluded.key_type, sha256 = excluded.sha256,
         first_seen = CASE WHEN host_keys.sha256 = excluded.sha256 THEN host_keys.first_seen ELSE excluded.first_seen END`
    )
    this.#list = db.prepare('SELECT * FROM host_keys ORDER BY host, port')
    this.#forget = db.prepare('DELETE FROM host_keys WHERE host = ? AND port = ?')
  }

  get(host: string, port: number): string | undefined {
    return (this.#get.get(host.toLowerCase(), port) as Row | undefined)?.sha256
  }

  pin(host: string, port: number, sha256: string, keyType?: string): void {
    this.#pin.run(host.toLowerCase(), port, keyType ?? null, sha256, new Date().toISOString())
  }

  /** Full record of one pinned key (UI shows "first seen"). */
  record(host: string, port: number): PinnedHostKey | undefined {
    const row = this.#get.get(host.toLowerCase(), port) as Row | undefined
    return row ? toKey(row) : undefined
  }

  /** The fingerprints pinned for host:port (this store keeps one per host:port). */
  list(host: string, port: number): string[] {
    const key = this.get(host, port)
    return key ? [key] : []
  }

  /** Every pinned key (the UI's "known hosts" list). */
  all(): PinnedHostKey[] {
    return (this.#list.all() as Row[]).map(toKey)
  }

  forget(host: string, port: number): boolean {
    return this.#forget.run(host.toLowerCase(), port).changes > 0
  }
}

function toKey(row: Row): PinnedHostKey {
  return {
    host: row.host,
    port: row.port,
    ...(row.key_type ? { keyType: row.key_type } : {}),
    sha256: row.sha256,
    firstSeen: row.first_seen
  }
}
