/** Small key/value settings (retention). */
import type { Db } from './database'

export interface RetentionPolicy {
  /** keep at most this many runs per pair (null = no limit) */
  keepRuns: number | null
  /** delete runs older than this many days (null = no limit) */
  keepDays: number | null
  /**
   * keep the database's used size under this many bytes (null = no limit): the oldest runs of every pair go
   * first; runs linked to fixes and each pair's last healthy run stay
   */
  maxBytes?: number | null
}

/** the smallest size limit accepted: below it a single hostile run could not be stored */
export const MIN_RETENTION_BYTES = 16 * 1024 * 1024

export const DEFAULT_RETENTION: Required<RetentionPolicy> = { keepRuns: 5000, keepDays: 365, maxBytes: 2 * 1024 * 1024 * 1024 }

export class SettingsRepo {
  readonly #get
  readonly #set

  constructor(db: Db) {
    this.#get = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.#set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  }

  get<T>(key: string, fallback: T): T {
    const row = this.#get.get(key) as { value: string } | undefined
    return row ? (JSON.parse(row.value) as T) : fallback
  }

  set(key: string, value: unknown): void {
    this.#set.run(key, JSON.stringify(value))
  }

  retention(): Required<RetentionPolicy> {
    return { ...DEFAULT_RETENTION, ...this.get<Partial<RetentionPolicy>>('retention', {}) }
  }

  /** Set the retention; a limit left out keeps its default. */
  setRetention(policy: RetentionPolicy): void {
    for (const v of [policy.keepRuns, policy.keepDays]) {
      if (v !== null && (!Number.isInteger(v) || v < 1)) throw new Error('retention limits must be whole numbers ≥ 1 (or none)')
    }
    const max = policy.maxBytes
    if (max !== undefined && max !== null && (!Number.isInteger(max) || max < MIN_RETENTION_BYTES))
      throw new Error(`the retention size limit must be a whole number of bytes ≥ ${MIN_RETENTION_BYTES} (16 MiB), or none`)
    this.set('retention', policy)
  }
}
