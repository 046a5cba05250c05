/** Small key/value settings (retention). */
import type { Db } from './database'

export interface RetentionPolicy {
  /** keep at most this many runs per pair (null = no limit) */
  keepRuns: number | null
  /** delete runs older than this many days (null = no limit) */
  keepDays: number | null
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepRuns: 5000, keepDays: 365 }

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

  retention(): RetentionPolicy {
    return { ...DEFAULT_RETENTION, ...this.get<Partial<RetentionPolicy>>('retention', {}) }
  }

  setRetention(policy: RetentionPolicy): void {
    for (const v of [policy.keepRuns, policy.keepDays]) {
      if (v !== null && (!Number.isInteger(v) || v < 1)) throw new Error('retention limits must be whole numbers ≥ 1 (or none)')
    }
    this.set('retention', policy)
  }
}
