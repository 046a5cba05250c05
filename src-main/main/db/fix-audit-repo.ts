/** The audit trail of guided fixes: who, when, what plan, which confirmation, the output, the result. */
import type { Db } from './database'
import type { FixId } from '../../shared/domain/fix'
import { redactDeep, redactText } from '../reports/redact'

export type FixAuditResult = 'succeeded' | 'failed' | 'refused' | 'cancelled'

export interface FixAuditEntry {
  pairId?: number
  pairName: string
  fixId: FixId
  /** ISO time */
  startedAt: string
  finishedAt?: string
  /** OS user@host */
  by: string
  /** the FixPlan (or any JSON) — redacted before it is stored */
  plan: unknown
  /** what the admin typed to confirm a destructive fix */
  confirmation?: string
  output: string
  result: FixAuditResult
  stateLeft?: string
}

export interface FixAuditRecord extends FixAuditEntry {
  id: number
}

interface Row {
  id: number
  pair_id: number | null
  pair_name: string
  fix_id: FixId
  started_at: string
  finished_at: string | null
  by: string
  plan: string
  confirmation: string | null
  output: string
  result: FixAuditResult
  state_left: string | null
}

function toRecord(r: Row): FixAuditRecord {
  return {
    id: r.id,
    ...(r.pair_id !== null ? { pairId: r.pair_id } : {}),
    pairName: r.pair_name,
    fixId: r.fix_id,
    startedAt: r.started_at,
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
    by: r.by,
    plan: JSON.parse(r.plan) as unknown,
    ...(r.confirmation !== null ? { confirmation: r.confirmation } : {}),
    output: r.output,
    result: r.result,
    ...(r.state_left !== null ? { stateLeft: r.state_left } : {})
  }
}

/** the audit row keeps at most this much output: its start and its end (the outcome), the middle left out */
export const AUDIT_OUTPUT_MAX_CHARS = 1024 * 1024

function boundedOutput(text: string): string {
  if (text.length <= AUDIT_OUTPUT_MAX_CHARS) return text
  const head = text.slice(0, AUDIT_OUTPUT_MAX_CHARS - 256 * 1024)
  const tail = text.slice(text.length - 256 * 1024)
  return `${head}\n… [${text.length - head.length - tail.length} characters of output not kept in the audit]\n${tail}`
}

function params(e: FixAuditEntry): Record<string, string | number | null> {
  return {
    pair_id: e.pairId ?? null,
    pair_name: e.pairName,
    fix_id: e.fixId,
    started_at: e.startedAt,
    finished_at: e.finishedAt ?? null,
    by: e.by,
    plan: JSON.stringify(redactDeep(e.plan ?? null)),
    confirmation: e.confirmation === undefined ? null : redactText(e.confirmation),
    output: redactText(boundedOutput(e.output)),
    result: e.result,
    state_left: e.stateLeft === undefined ? null : redactText(e.stateLeft)
  }
}

export class FixAuditRepo {
  readonly #insert
  readonly #update
  readonly #byId
  readonly #recentById
  readonly #recentByName
  readonly #list

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO fix_audit (pair_id, pair_name, fix_id, started_at, finished_at, by, plan, confirmation, output, result, state_left)
       VALUES (@pair_id, @pair_name, @fix_id, @started_at, @finished_at, @by, @plan, @confirmation, @output, @result, @state_left)`
    )
    this.#update = db.prepare(
      `UPDATE fix_audit SET pair_id = @pair_id, pair_name = @pair_name, fix_id = @fix_id, started_at = @started_at,
         finished_at = @finished_at, by = @by, plan = @plan, confirmation = @confirmation, output = @output,
         result = @result, state_left = @state_left WHERE id = @id`
    )
    this.#byId = db.prepare('SELECT * FROM fix_audit WHERE id = ?')
    this.#recentById = db.prepare(
      'SELECT * FROM fix_audit WHERE pair_id = ? AND fix_id = ? AND started_at >= ? ORDER BY started_at DESC, id DESC'
    )
    this.#recentByName = db.prepare(
      'SELECT * FROM fix_audit WHERE pair_name = ? AND fix_id = ? AND started_at >= ? ORDER BY started_at DESC, id DESC'
    )
    this.#list = db.prepare('SELECT * FROM fix_audit WHERE pair_name = ? ORDER BY started_at DESC, id DESC LIMIT ?')
  }

  /** Store one audit row (output, plan and state are redacted first); returns its id. */
  record(entry: FixAuditEntry): number {
    return Number(this.#insert.run(params(entry)).lastInsertRowid)
  }

  /** Replace a row recorded earlier (e.g. recorded at start, completed at the end). */
  update(id: number, entry: FixAuditEntry): void {
    if (this.#update.run({ ...params(entry), id }).changes === 0) throw new Error(`no fix audit row ${id}`)
  }

  get(id: number): FixAuditRecord | undefined {
    const r = this.#byId.get(id) as Row | undefined
    return r ? toRecord(r) : undefined
  }

  /** Rows of a fix on a pair (id, or name for unsaved pairs) started at or after `sinceMs`, newest first. */
  recent(pair: number | string, fixId: FixId, sinceMs: number): FixAuditRecord[] {
    const since = new Date(sinceMs).toISOString()
    const rows = (typeof pair === 'number' ? this.#recentById : this.#recentByName).all(pair, fixId, since) as Row[]
    return rows.map(toRecord)
  }

  /** The newest rows of a pair (by name), for the UI's audit list. */
  list(pairName: string, limit = 50): FixAuditRecord[] {
    return (this.#list.all(pairName, limit) as Row[]).map(toRecord)
  }
}
