/**
 * Acknowledgements (migration 0008): add, list, remove, and end by themselves — on expiry (noticed on the
 * next read, dated at the expiry), when the check passes, or when its summary changes (reconcile, after
 * every run). Rows are never deleted: each is its own audit record (who, when, why; and its end).
 */
import { plainLine } from '../../shared/plain-text'
import type { Db } from './database'
import { checkDefinition, isCheckId, type CheckId, type CheckResult } from '../../shared/domain/check'
import { ACK_STATUSES, MAX_ACK_MS, MAX_ACK_REASON, type Ack, type AckEndReason, type AckStatus } from '../../shared/domain/ack'
import { redactText } from '../reports/redact'

interface Row {
  id: number
  pair_name: string
  check_id: CheckId
  status: AckStatus
  summary: string
  reason: string
  run_id: number | null
  created_by: string
  created_at: string
  expires_at: string
  ended_at: string | null
  ended_by: string | null
  end_reason: AckEndReason | null
  end_note: string | null
}

function toAck(r: Row): Ack {
  return {
    id: r.id,
    pairName: r.pair_name,
    checkId: r.check_id,
    status: r.status,
    summary: r.summary,
    reason: r.reason,
    ...(r.run_id !== null ? { runId: r.run_id } : {}),
    by: r.created_by,
    at: r.created_at,
    expiresAt: r.expires_at,
    ...(r.ended_at !== null
      ? { ended: { at: r.ended_at, by: r.ended_by ?? '', reason: r.end_reason ?? 'removed', ...(r.end_note ? { note: r.end_note } : {}) } }
      : {})
  }
}

export interface NewAck {
  pairName: string
  /** the pair's newest result of the check: what is acknowledged */
  result: Pick<CheckResult, 'id' | 'status' | 'summary'>
  reason: string
  durationMs: number
  by: string
  runId?: number
  now?: number
}

/** Why an acknowledgement cannot be made, one line. */
export class AckError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AckError'
  }
}

const iso = (ms: number): string => new Date(ms).toISOString()

export class AckRepo {
  readonly #db: Db

  constructor(db: Db) {
    this.#db = db
  }

  /** Acknowledge the pair's newest result of a check; an open acknowledgement of the same check is replaced. */
  add(a: NewAck): Ack {
    const now = a.now ?? Date.now()
    const check = a.result.id
    if (!isCheckId(check)) throw new AckError(`unknown check "${String(check).slice(0, 60)}"`)
    if (!(ACK_STATUSES as readonly string[]).includes(a.result.status))
      throw new AckError(`${check} is ${a.result.status} in the newest run: only a failing, warning or unknown check can be acknowledged`)
    const reason = redactText(plainLine(a.reason).trim())
    if (!reason) throw new AckError('a reason is required')
    if (reason.length > MAX_ACK_REASON) throw new AckError(`the reason is longer than ${MAX_ACK_REASON} characters`)
    if (!(a.durationMs > 0) || a.durationMs > MAX_ACK_MS) throw new AckError('an acknowledgement lasts more than zero and at most 30 days')
    checkDefinition(check)
    return this.#db.transaction(() => {
      for (const open of this.#open(a.pairName, check)) this.#end(open.id, now, a.by, 'replaced', 'acknowledged again')
      const info = this.#db
        .prepare(
          `INSERT INTO acks (pair_name, check_id, status, summary, reason, run_id, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(a.pairName, check, a.result.status, a.result.summary, reason, a.runId ?? null, a.by, iso(now), iso(now + a.durationMs))
      return this.#get(Number(info.lastInsertRowid))!
    })()
  }

  /** Open acknowledgements (of one pair, or all), after ending the expired ones. */
  active(pairName?: string, now = Date.now()): Ack[] {
    this.endExpired(now)
    const rows = (
      pairName === undefined
        ? this.#db.prepare('SELECT * FROM acks WHERE ended_at IS NULL ORDER BY pair_name, check_id').all()
        : this.#db.prepare('SELECT * FROM acks WHERE ended_at IS NULL AND pair_name = ? ORDER BY check_id').all(pairName)
    ) as Row[]
    return rows.map(toAck)
  }

  /** Every acknowledgement ever made, open or ended, newest first (the audit). */
  history(pairName?: string, limit = 200): Ack[] {
    const n = Math.max(1, Math.min(10_000, Math.floor(limit)))
    const rows = (
      pairName === undefined
        ? this.#db.prepare('SELECT * FROM acks ORDER BY created_at DESC, id DESC LIMIT ?').all(n)
        : this.#db.prepare('SELECT * FROM acks WHERE pair_name = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(pairName, n)
    ) as Row[]
    return rows.map(toAck)
  }

  /** End the open acknowledgement of a check by hand; undefined when there is none. */
  remove(pairName: string, checkId: CheckId, by: string, now = Date.now()): Ack | undefined {
    this.endExpired(now)
    const open = this.#open(pairName, checkId)
    if (open.length === 0) return undefined
    for (const o of open) this.#end(o.id, now, by, 'removed')
    return this.#get(open[0].id)
  }

  /** End every open acknowledgement past its expiry, dated at the expiry. Returns those ended. */
  endExpired(now = Date.now()): Ack[] {
    const due = this.#db.prepare('SELECT * FROM acks WHERE ended_at IS NULL AND expires_at <= ?').all(iso(now)) as Row[]
    for (const r of due) this.#end(r.id, Date.parse(r.expires_at), 'expiry', 'expired')
    return due.map((r) => this.#get(r.id)!)
  }

  /**
   * After a run of the pair: an open acknowledgement ends when its check passes (or no longer applies) or
   * when the check's summary changed. Runs older than the acknowledgement are not judged. Returns those ended.
   */
  reconcile(
    pairName: string,
    run: { startedAt: string; checks: readonly Pick<CheckResult, 'id' | 'status' | 'summary'>[] },
    now = Date.now()
  ): Ack[] {
    const ended: Ack[] = []
    const started = Date.parse(run.startedAt)
    for (const a of this.active(pairName, now)) {
      if (!(started >= Date.parse(a.at))) continue
      const r = run.checks.find((c) => c.id === a.checkId)
      if (!r) continue
      if (r.status === 'pass' || r.status === 'skipped') {
        this.#end(a.id, now, 'run', 'passed', `${r.status}: ${r.summary}`)
        ended.push(this.#get(a.id)!)
      } else if (r.summary !== a.summary) {
        this.#end(a.id, now, 'run', 'summary-changed', `${r.status}: ${r.summary}`)
        ended.push(this.#get(a.id)!)
      }
    }
    return ended
  }

  #open(pairName: string, checkId: string): Row[] {
    return this.#db.prepare('SELECT * FROM acks WHERE ended_at IS NULL AND pair_name = ? AND check_id = ?').all(pairName, checkId) as Row[]
  }

  #get(id: number): Ack | undefined {
    const r = this.#db.prepare('SELECT * FROM acks WHERE id = ?').get(id) as Row | undefined
    return r ? toAck(r) : undefined
  }

  #end(id: number, at: number, by: string, reason: AckEndReason, note?: string): void {
    this.#db
      .prepare('UPDATE acks SET ended_at = ?, ended_by = ?, end_reason = ?, end_note = ? WHERE id = ? AND ended_at IS NULL')
      .run(iso(at), by, reason, note === undefined ? null : redactText(note).slice(0, 500), id)
  }
}
