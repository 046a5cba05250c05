/**
 * Followed replications in SQLite (migration 0007): a `follows` row per follow (with its run, or its pair
 * when started without one), one `follow_samples` row per sample. Each write is one short statement
 * (never inside an await); reading a follow back returns its samples in order.
 *
 * Bounded whatever the node sends or however long the follow: a stored sample is at most MAX_SAMPLE_CHARS of
 * JSON (its node texts cut) and a follow keeps at most MAX_STORED_SAMPLES rows: past that, every other stored
 * sample is dropped and from then on only every 2nd (4th, …) sample is stored, so the kept ones still span the
 * whole follow; the first sample, the newest and every sample with a watched log line are always kept.
 */
import type { Db } from './database'
import type { FollowEnd, FollowInfo, FollowSample, StoredFollow } from '../../shared/domain/follow'
import { cutText } from '../diagnostics/cut'

/** sample rows kept per follow at most (12 h at 5 s is 8,640 samples: decimated to fit) */
export const MAX_STORED_SAMPLES = 2_000
/** JSON characters of one stored sample (a usual one is under 1,000) */
export const MAX_SAMPLE_CHARS = 4096

/** A sample as stored: its node texts (errors, file names, log lines) cut so its JSON fits MAX_SAMPLE_CHARS. */
export function boundSample(sample: FollowSample): FollowSample {
  if (JSON.stringify(sample).length <= MAX_SAMPLE_CHARS) return sample
  const cut = (t: string | undefined, n: number): string | undefined => (t === undefined ? undefined : cutText(t, n))
  const node = (n: FollowSample['nodes']['primary']): FollowSample['nodes']['primary'] => ({
    ...n,
    data: { ...n.data, newest: cut(n.data.newest, 200), error: cut(n.data.error, 300) },
    log: { ...n.log, newest: cut(n.log.newest, 200), error: cut(n.log.error, 300) },
    error: cut(n.error, 300)
  })
  return {
    ...sample,
    nodes: { primary: node(sample.nodes.primary), secondary: node(sample.nodes.secondary) },
    events: sample.events.slice(0, 8).map((e) => ({ ...e, text: cutText(e.text, 300) }))
  }
}

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
  readonly #count
  readonly #thin
  /** per follow of this process: rows stored and the stride of the samples stored */
  readonly #kept = new Map<number, { rows: number; stride: number }>()

  constructor(db: Db) {
    this.#begin = db.prepare('INSERT INTO follows (run_id, pair_id, pair_name, replica, info, started_at) VALUES (?, ?, ?, ?, ?, ?)')
    this.#sample = db.prepare('INSERT OR REPLACE INTO follow_samples (follow_id, seq, at, sample) VALUES (?, ?, ?, ?)')
    // the number of samples taken goes with the follow's info: fewer may be stored (decimated)
    this.#finish = db.prepare(
      "UPDATE follows SET ended_at = ?, end_reason = ?, end_message = ?, info = json_set(info, '$.samplesTaken', ?) WHERE id = ?"
    )
    this.#byRun = db.prepare('SELECT id, info, ended_at, end_reason, end_message FROM follows WHERE run_id = ? ORDER BY id DESC LIMIT ?')
    this.#byId = db.prepare('SELECT id, info, ended_at, end_reason, end_message FROM follows WHERE id = ?')
    this.#samplesOf = db.prepare('SELECT sample FROM follow_samples WHERE follow_id = ? ORDER BY seq')
    this.#runExists = db.prepare('SELECT 1 FROM runs WHERE id = ?')
    this.#pairExists = db.prepare('SELECT 1 FROM pairs WHERE id = ?')
    this.#count = db.prepare('SELECT COUNT(*) FROM follow_samples WHERE follow_id = ?').pluck()
    // every other row, oldest first, but never the first, the newest, or one with a watched log line
    this.#thin = db.prepare(
      `DELETE FROM follow_samples WHERE follow_id = ? AND seq IN (
         SELECT seq FROM (SELECT seq, sample, ROW_NUMBER() OVER (ORDER BY seq) AS rn, COUNT(*) OVER () AS n
           FROM follow_samples WHERE follow_id = ?)
         WHERE rn % 2 = 0 AND rn < n AND json_array_length(sample, '$.events') = 0)`
    )
  }

  /** Record a started follow; returns its id. A run or pair id that does not exist is not linked. */
  begin(info: FollowInfo, pairId?: number): number {
    const runId = info.runId !== undefined && this.#runExists.get(info.runId) ? info.runId : null
    const pair = pairId !== undefined && this.#pairExists.get(pairId) ? pairId : null
    return Number(this.#begin.run(runId, pair, info.pairName, info.replica, JSON.stringify(info), info.startedAt).lastInsertRowid)
  }

  /** Store a sample (bounded; decimated past MAX_STORED_SAMPLES rows). */
  addSample(followId: number, sample: FollowSample): void {
    let kept = this.#kept.get(followId)
    if (!kept) this.#kept.set(followId, (kept = { rows: this.#count.get(followId) as number, stride: 1 }))
    // between strides only a sample with a watched line is stored (the newest is stored at the end)
    if (sample.seq % kept.stride !== 0 && sample.events.length === 0) {
      this.#pending.set(followId, sample)
      return
    }
    this.#pending.delete(followId)
    this.#store(followId, sample, kept)
  }

  /** the newest sample not stored because of the stride: stored when the follow ends */
  readonly #pending = new Map<number, FollowSample>()

  #store(followId: number, sample: FollowSample, kept: { rows: number; stride: number }): void {
    kept.rows += this.#sample.run(followId, sample.seq, sample.at, JSON.stringify(boundSample(sample))).changes > 0 ? 1 : 0
    while (kept.rows > MAX_STORED_SAMPLES) {
      const gone = this.#thin.run(followId, followId).changes
      kept.stride *= 2
      kept.rows = this.#count.get(followId) as number
      if (gone === 0) break
    }
  }

  finish(followId: number, end: FollowEnd): void {
    const last = this.#pending.get(followId)
    const kept = this.#kept.get(followId)
    if (last && kept) this.#store(followId, last, kept)
    this.#pending.delete(followId)
    this.#kept.delete(followId)
    this.#finish.run(end.at, end.reason, end.message.length > 2000 ? cutText(end.message, 2000) : end.message, end.samples, followId)
  }

  #read(row: FollowRow): StoredFollow {
    const { samplesTaken, ...info } = JSON.parse(row.info) as FollowInfo & { samplesTaken?: number }
    const samples = (this.#samplesOf.all(row.id) as { sample: string }[]).map((r) => JSON.parse(r.sample) as FollowSample)
    return {
      ...info,
      followId: row.id,
      ...(row.end_reason && row.ended_at
        ? { end: { reason: row.end_reason, message: row.end_message ?? '', at: row.ended_at, samples: samplesTaken ?? samples.length } }
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
