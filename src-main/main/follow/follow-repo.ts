/**
 * Followed replications in SQLite (migration 0007): a `follows` row per follow (with its run, or its pair
 * when started without one), one `follow_samples` row per sample. Each write is one short statement
 * (never inside an await); reading a follow back returns its samples in order.
 */
import type { Db } from '../db/database'
import type { FollowEnd, FollowInfo, FollowSample, StoredFollow } from '../../shared/domain/follow'

/** samples kept per follow at most (12 h at 5 s is 8,640) */
export const MAX_STORED_SAMPLES = 20_000

interface FollowRow {
  id: number
  info: string
  ended_at: string | null
  end_reason: FollowEnd['reason'] | null
  end_message: string | null
}

export class FollowRepo {
  readonly #begin
  readonly #sample
  readonly #finish
  readonly #byRun
  readonly #byId
  readonly #samplesOf
  readonly #runExists
  readonly #pairExists

  constructor(db: Db) {
    this.#begin = db.prepare('INSERT INTO follows (run_id, pair_id, pair_name, replica, info, started_at) VALUES (?, ?, ?, ?, ?, ?)')
    this.#sample = db.prepare('INSERT OR REPLACE INTO follow_samples (follow_id, seq, at, sample) VALUES (?, ?, ?, ?)')
    this.#finish = db.prepare('UPDATE follows SET ended_at = ?, end_reason = ?, end_message = ? WHERE id = ?')
    this.#byRun = db.prepare('SELECT id, info, ended_at, end_reason, end_message FROM follows WHERE run_id = ? ORDER BY id DESC LIMIT ?')
    this.#byId = db.prepare('SELECT id, info, ended_at, end_reason, end_message FROM follows WHERE id = ?')
    this.#samplesOf = db.prepare('SELECT sample FROM follow_samples WHERE follow_id = ? ORDER BY seq')
    this.#runExists = db.prepare('SELECT 1 FROM runs WHERE id = ?')
    this.#pairExists = db.prepare('SELECT 1 FROM pairs WHERE id = ?')
  }

  /** Record a started follow; returns its id. A run or pair id that does not exist is not linked. */
  begin(info: FollowInfo, pairId?: number): number {
    const runId = info.runId !== undefined && this.#runExists.get(info.runId) ? info.runId : null
    const pair = pairId !== undefined && this.#pairExists.get(pairId) ? pairId : null
    return Number(this.#begin.run(runId, pair, info.pairName, info.replica, JSON.stringify(info), info.startedAt).lastInsertRowid)
  }

  addSample(followId: number, sample: FollowSample): void {
    if (sample.seq >= MAX_STORED_SAMPLES) return
    this.#sample.run(followId, sample.seq, sample.at, JSON.stringify(sample))
  }

  finish(followId: number, end: FollowEnd): void {
    this.#finish.run(end.at, end.reason, end.message, followId)
  }

  #read(row: FollowRow): StoredFollow {
    const info = JSON.parse(row.info) as FollowInfo
    const samples = (this.#samplesOf.all(row.id) as { sample: string }[]).map((r) => JSON.parse(r.sample) as FollowSample)
    return {
      ...info,
      followId: row.id,
      ...(row.end_reason && row.ended_at
        ? { end: { reason: row.end_reason, message: row.end_message ?? '', at: row.ended_at, samples: samples.length } }
        : {}),
      samples
    }
  }

  get(followId: number): StoredFollow | undefined {
    const row = this.#byId.get(followId) as FollowRow | undefined
    return row ? this.#read(row) : undefined
  }

  /** The follows started from a run, newest first. */
  ofRun(runId: number, limit = 5): StoredFollow[] {
    return (this.#byRun.all(runId, limit) as FollowRow[]).map((r) => this.#read(r))
  }
}
