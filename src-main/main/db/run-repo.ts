/**
 * Runs, their check results and the collected facts. A run row is inserted as `running` when a run
 * starts; the whole result is written by `save` in ONE transaction. Never call these inside an await.
 * Storage (migration 0006): the pair summary, the status map, each node's facts and each check's result
 * are content-addressed blobs stored once; a run row keeps their ids and its per-run values, so a run
 * equal to the previous one costs its row only. Runs stored before keep check_results / run_facts rows.
 */
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { deflateSync, inflateSync } from 'node:zlib'
import type { Db } from './database'
import type { CheckId, CheckResult, CheckStatus, NodeRole, StatusCounts } from '../../shared/domain/check'
import type { NodeFacts, PairSummary, RunReport, RunState } from '../../shared/domain/run'
import type { FixId } from '../../shared/domain/fix'

/** Which runs: a saved pair by id, or ad-hoc runs (no saved pair) by the pair name they were saved under. */
export type PairKey = { pairId: number } | { pairName: string }

/** One line of a history list (no checks, no facts). */
export interface RunSummaryRow {
  id: number
  pairId: number | null
  pairName: string
  startedAt: string
  finishedAt: string | null
  by: string | null
  state: RunState
  verdict: CheckStatus | null
  counts: StatusCounts
}

export interface Page<T> {
  total: number
  offset: number
  limit: number
  items: T[]
}

interface RunRow {
  id: number
  pair_id: number | null
  pair_name: string
  pair_json: string
  started_at: string
  finished_at: string | null
  by: string | null
  state: RunState
  verdict: CheckStatus | null
  n_pass: number
  n_warn: number
  n_fail: number
  n_unknown: number
  n_skipped: number
  statuses: string | null
  blob_refs: string | null
  run_values: string | null
}

interface CheckRow {
  check_id: CheckId
  step: number | null
  scope: CheckResult['scope']
  status: CheckStatus
  title: string
  summary: string
  evidence: string | Buffer
  fixes: string
  duration_ms: number | null
}

/** facts larger than this are stored deflated */
export const FACTS_DEFLATE_THRESHOLD = 2048

export function encodeFacts(facts: NodeFacts): { encoding: 'json' | 'deflate'; body: Buffer } {
  const json = Buffer.from(JSON.stringify(facts), 'utf8')
  if (json.length <= FACTS_DEFLATE_THRESHOLD) return { encoding: 'json', body: json }
  return { encoding: 'deflate', body: deflateSync(json) }
}

/** evidence JSON longer than this is stored deflated (a BLOB in the TEXT column; read back by type) */
export const EVIDENCE_DEFLATE_THRESHOLD = 256

export function encodeEvidence(evidence: CheckResult['evidence']): string | Buffer {
  const json = JSON.stringify(evidence)
  return json.length <= EVIDENCE_DEFLATE_THRESHOLD ? json : deflateSync(Buffer.from(json, 'utf8'))
}

export function decodeEvidence(value: string | Buffer): CheckResult['evidence'] {
  const json = typeof value === 'string' ? value : inflateSync(value).toString('utf8')
  return JSON.parse(json) as CheckResult['evidence']
}

export function decodeFacts(encoding: string, body: Buffer): NodeFacts {
  const json = encoding === 'deflate' ? inflateSync(body) : body
  return JSON.parse(json.toString('utf8')) as NodeFacts
}

/** blobs longer than this are stored deflated */
export const BLOB_DEFLATE_THRESHOLD = 256

/** Node facts that differ on every run (clocks, bytes read): kept with the run, not in the facts blob. */
const VOLATILE_FACTS = ['clockMs', 'clockOffsetMs', 'wireBytes'] as const
type VolatileFacts = Partial<Pick<NodeFacts, (typeof VOLATILE_FACTS)[number]>>

/** What a run keeps besides its blob ids: the values that change every run. */
interface RunValues {
  /** durationMs of each check, in check order (null = not measured) */
  durations: (number | null)[]
  nodes: Partial<Record<NodeRole, VolatileFacts>>
}

/** Positions in `runs.blob_refs` (migration 0006); checks follow from CHECKS_AT on. */
const PAIR_AT = 0
const STATUSES_AT = 1
const FACTS_AT: Record<NodeRole, number> = { primary: 2, secondary: 3 }
const CHECKS_AT = 4

function splitFacts(facts: NodeFacts): { stable: NodeFacts; volatile: VolatileFacts } {
  const stable: NodeFacts = { ...facts }
  const volatile: VolatileFacts = {}
  for (const k of VOLATILE_FACTS) {
    if (stable[k] !== undefined) volatile[k] = stable[k]
    delete stable[k]
  }
  return { stable, volatile }
}

function decodeBlob(encoding: string, body: Buffer | string): unknown {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  return JSON.parse((encoding === 'deflate' ? inflateSync(buf) : buf).toString('utf8'))
}

const STATUSES: ReadonlySet<string> = new Set(['pass', 'warn', 'fail', 'unknown', 'skipped'])

/** `host:pid` of this process: the owner of the runs it begins. */
export const OWNER = `${hostname()}:${process.pid}`

/** True when `host:pid` is a live process on this host (other hosts sharing the file: assume alive). */
export function ownerAlive(owner: string): boolean {
  const i = owner.lastIndexOf(':')
  const host = owner.slice(0, i)
  const pid = Number(owner.slice(i + 1))
  if (host !== hostname()) return true
  if (!Number.isInteger(pid) || pid <= 0) return false
  // start-up semantics: this process has no run in progress yet, so its own rows are leftovers
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** the runs columns a RunSummaryRow needs (not the pair JSON, not the status map) */
const SUMMARY_COLUMNS =
  'runs.id, pair_id, pair_name, started_at, finished_at, by, state, verdict, n_pass, n_warn, n_fail, n_unknown, n_skipped'

function summaryOf(row: RunRow): RunSummaryRow {
  return {
    id: row.id,
    pairId: row.pair_id,
    pairName: row.pair_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    by: row.by,
    state: row.state,
    verdict: row.verdict,
    counts: { pass: row.n_pass, warn: row.n_warn, fail: row.n_fail, unknown: row.n_unknown, skipped: row.n_skipped }
  }
}

function keyClause(key: PairKey): { where: string; value: number | string } {
  return 'pairId' in key ? { where: 'pair_id = ?', value: key.pairId } : { where: 'pair_id IS NULL AND pair_name = ?', value: key.pairName }
}

/** The placeholder facts of a node a run never collected (interrupted before the end). */
export function missingFacts(role: NodeRole, pair: PairSummary): NodeFacts {
  const ep = pair[role]
  return {
    role,
    host: ep.host,
    port: ep.port,
    reachable: false,
    error: 'not collected (run did not finish)',
    configs: {},
    tools: {},
    events: []
  }
}

export class RunRepo {
  readonly #db: Db
  readonly #begin
  readonly #updateRun
  readonly #insertRun
  readonly #clearChecks
  readonly #clearFacts
  readonly #byId
  readonly #checksOf
  readonly #factsOf
  readonly #markInterrupted
  readonly #running
  readonly #pairExists
  readonly #delete
  readonly #blobId
  readonly #insertBlob
  readonly #blobsOf

  constructor(db: Db) {
    this.#db = db
    this.#begin = db.prepare(
      `INSERT INTO runs (pair_id, pair_name, pair_json, started_at, by, state, owner) VALUES (?, ?, ?, ?, ?, 'running', ?)`
    )
    this.#insertRun = db.prepare(
      `INSERT INTO runs (pair_id, pair_name, pair_json, started_at, finished_at, by, state, verdict,
         n_pass, n_warn, n_fail, n_unknown, n_skipped, statuses, blob_refs, run_values)
       VALUES (@pair_id, @pair_name, '', @started_at, @finished_at, @by, @state, @verdict,
         @n_pass, @n_warn, @n_fail, @n_unknown, @n_skipped, NULL, @blob_refs, @run_values)`
    )
    this.#updateRun = db.prepare(
      `UPDATE runs SET pair_id = @pair_id, pair_name = @pair_name, pair_json = '', started_at = @started_at,
         finished_at = @finished_at, by = @by, state = @state, verdict = @verdict, n_pass = @n_pass, n_warn = @n_warn,
         n_fail = @n_fail, n_unknown = @n_unknown, n_skipped = @n_skipped, statuses = NULL,
         blob_refs = @blob_refs, run_values = @run_values
       WHERE id = @id`
    )
    this.#blobId = db.prepare('SELECT id FROM blobs WHERE sha256 = ?').pluck()
    this.#insertBlob = db.prepare('INSERT INTO blobs (sha256, encoding, body) VALUES (?, ?, ?)')
    this.#blobsOf = db.prepare('SELECT id, encoding, body FROM blobs WHERE id IN (SELECT value FROM json_each(?))')
    this.#clearChecks = db.prepare('DELETE FROM check_results WHERE run_id = ?')
    this.#clearFacts = db.prepare('DELETE FROM run_facts WHERE run_id = ?')
    this.#byId = db.prepare('SELECT * FROM runs WHERE id = ?')
    this.#checksOf = db.prepare('SELECT * FROM check_results WHERE run_id = ? ORDER BY seq')
    this.#factsOf = db.prepare('SELECT role, encoding, body FROM run_facts WHERE run_id = ?')
    this.#running = db.prepare(`SELECT id, owner FROM runs WHERE state = 'running'`)
    this.#markInterrupted = db.prepare(`UPDATE runs SET state = 'interrupted' WHERE id = ? AND state = 'running'`)
    this.#delete = db.prepare('DELETE FROM runs WHERE id = ?')
    this.#pairExists = db.prepare('SELECT 1 FROM pairs WHERE id = ?')
  }

  /** A pair deleted while its run was going: the run is kept as an ad-hoc run under its name. */
  #existing(pairId: number | null): number | null {
    return pairId !== null && this.#pairExists.get(pairId) ? pairId : null
  }

  /** Insert the `running` row at the start of a run; returns its id (report.runId). */
  begin(pairId: number | null, pair: PairSummary, startedAt: string, by?: string): number {
    return Number(this.#begin.run(this.#existing(pairId), pair.name, JSON.stringify(pair), startedAt, by ?? null, OWNER).lastInsertRowid)
  }

  /**
   * Write a whole run — run row, check results, facts — in one transaction. Updates the `running` row
   * when report.runId names one, else inserts. Returns the run id. The report must already be redacted.
   */
  save(report: RunReport, pairId: number | null): number {
    for (const c of report.checks) {
      // the status column of the check rows used to refuse these; the blobs are opaque, so refuse here
      if (!STATUSES.has(c.status)) throw new Error(`CHECK constraint failed: status of ${c.id} is "${String(c.status)}"`)
    }
    return this.#db
      .transaction((): number => {
        const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
        // the status map stays plain JSON: trend charts read one per run
        const refs: number[] = [this.#putBlob(report.pair), this.#putBlob(statuses, false), 0, 0]
        const values: RunValues = { durations: [], nodes: {} }
        for (const role of ['primary', 'secondary'] as const) {
          const facts = report.nodes[role]
          if (!facts) continue
          const { stable, volatile } = splitFacts(facts)
          refs[FACTS_AT[role]] = this.#putBlob(stable)
          if (Object.keys(volatile).length) values.nodes[role] = volatile
        }
        for (const c of report.checks) {
          const { durationMs, ...result } = c
          refs.push(this.#putBlob(result))
          values.durations.push(durationMs ?? null)
        }
        const params = {
          pair_id: this.#existing(pairId),
          pair_name: report.pair.name,
          started_at: report.startedAt,
          finished_at: report.finishedAt || null,
          by: report.by ?? null,
          state: report.state,
          verdict: report.checks.length > 0 ? report.verdict : null,
          n_pass: report.summary.pass,
          n_warn: report.summary.warn,
          n_fail: report.summary.fail,
          n_unknown: report.summary.unknown,
          n_skipped: report.summary.skipped,
          blob_refs: JSON.stringify(refs),
          run_values: JSON.stringify(values)
        }
        let id: number
        if (report.runId !== undefined && this.#byId.get(report.runId)) {
          id = report.runId
          this.#updateRun.run({ ...params, id })
          this.#clearChecks.run(id)
          this.#clearFacts.run(id)
        } else {
          id = Number(this.#insertRun.run(params).lastInsertRowid)
        }
        return id
      })
      .immediate()
  }

  /** The id of the blob holding `value` (JSON), stored once: an equal value reuses the existing blob. */
  #putBlob(value: unknown, compress = true): number {
    const json = Buffer.from(JSON.stringify(value), 'utf8')
    const sha256 = createHash('sha256').update(json).digest()
    const found = this.#blobId.get(sha256) as number | undefined
    if (found !== undefined) return found
    const deflate = compress && json.length > BLOB_DEFLATE_THRESHOLD
    return Number(this.#insertBlob.run(sha256, deflate ? 'deflate' : 'json', deflate ? deflateSync(json) : json).lastInsertRowid)
  }

  /**
   * On start-up: runs left `running` by a crashed or killed process become `interrupted` (what was stored
   * is kept). Runs owned by a live process on this host (the CLI while the app runs) are left alone.
   */
  markInterrupted(isAlive: (owner: string) => boolean = ownerAlive): number {
    const rows = this.#running.all() as { id: number; owner: string | null }[]
    let n = 0
    this.#db.transaction(() => {
      for (const r of rows) if (!(r.owner && isAlive(r.owner))) n += this.#markInterrupted.run(r.id).changes
    })()
    return n
  }

  summary(id: number): RunSummaryRow | undefined {
    const row = this.#byId.get(id) as RunRow | undefined
    return row ? summaryOf(row) : undefined
  }

  /** The whole run as a RunReport (checks in their original order, facts decoded). Reads both storage shapes. */
  get(id: number): RunReport | undefined {
    const row = this.#byId.get(id) as RunRow | undefined
    if (!row) return undefined
    const stored = row.blob_refs ? this.#fromBlobs(row.blob_refs, row.run_values) : this.#fromRows(row)
    const pair = stored.pair
    if (row.pair_id !== null) pair.id = row.pair_id
    else delete pair.id
    const s = summaryOf(row)
    return {
      schema: 1,
      runId: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at ?? row.started_at,
      state: row.state,
      ...(row.by !== null ? { by: row.by } : {}),
      pair,
      nodes: {
        primary: stored.facts.get('primary') ?? missingFacts('primary', pair),
        secondary: stored.facts.get('secondary') ?? missingFacts('secondary', pair)
      },
      checks: stored.checks,
      summary: s.counts,
      verdict: row.verdict ?? 'unknown'
    }
  }

  /** A run stored before migration 0006 (and a `running` row): check_results and run_facts rows. */
  #fromRows(row: RunRow): { pair: PairSummary; checks: CheckResult[]; facts: Map<NodeRole, NodeFacts> } {
    const checks = (this.#checksOf.all(row.id) as CheckRow[]).map((c): CheckResult => ({
      id: c.check_id,
      step: c.step,
      scope: c.scope,
      status: c.status,
      title: c.title,
      summary: c.summary,
      evidence: decodeEvidence(c.evidence),
      fixes: JSON.parse(c.fixes) as FixId[],
      ...(c.duration_ms !== null ? { durationMs: c.duration_ms } : {})
    }))
    const facts = new Map<NodeRole, NodeFacts>()
    for (const f of this.#factsOf.all(row.id) as { role: NodeRole; encoding: string; body: Buffer }[]) {
      facts.set(f.role, decodeFacts(f.encoding, f.body))
    }
    return { pair: JSON.parse(row.pair_json) as PairSummary, checks, facts }
  }

  /** A run stored as blob ids (migration 0006) plus its per-run values. */
  #fromBlobs(blobRefs: string, runValues: string | null): { pair: PairSummary; checks: CheckResult[]; facts: Map<NodeRole, NodeFacts> } {
    const refs = JSON.parse(blobRefs) as number[]
    const values = (runValues ? JSON.parse(runValues) : { durations: [], nodes: {} }) as RunValues
    const blobs = new Map<number, { encoding: string; body: Buffer }>()
    for (const b of this.#blobsOf.all(blobRefs) as { id: number; encoding: string; body: Buffer }[]) blobs.set(b.id, b)
    const blob = <T>(at: number): T => {
      const b = blobs.get(refs[at])
      if (!b) throw new Error(`run storage: blob ${refs[at]} of the run is missing`)
      return decodeBlob(b.encoding, b.body) as T
    }
    const facts = new Map<NodeRole, NodeFacts>()
    for (const role of ['primary', 'secondary'] as const) {
      if (!refs[FACTS_AT[role]]) continue
      facts.set(role, { ...blob<NodeFacts>(FACTS_AT[role]), ...values.nodes[role] })
    }
    const checks = refs.slice(CHECKS_AT).map((_, i): CheckResult => {
      const duration = values.durations[i]
      return { ...blob<CheckResult>(CHECKS_AT + i), ...(duration !== null && duration !== undefined ? { durationMs: duration } : {}) }
    })
    return { pair: blob<PairSummary>(PAIR_AT), checks, facts }
  }

  /** Runs of a pair, newest first. */
  list(key: PairKey, limit: number, offset: number): Page<RunSummaryRow> {
    const k = keyClause(key)
    const total = (this.#db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE ${k.where}`).get(k.value) as { n: number }).n
    const rows = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${k.where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(k.value, limit, offset) as RunRow[]
    return { total, offset, limit, items: rows.map(summaryOf) }
  }

  /** Newest run of a pair in one of `states` (default completed). */
  latest(key: PairKey, states: readonly RunState[] = ['completed'], before?: string): RunSummaryRow | undefined {
    const k = keyClause(key)
    const row = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${k.where} AND state IN (${states.map(() => '?').join(',')})
         ${before ? 'AND started_at < ?' : ''} ORDER BY started_at DESC, id DESC LIMIT 1`
      )
      .get(k.value, ...states, ...(before ? [before] : [])) as RunRow | undefined
    return row ? summaryOf(row) : undefined
  }

  /** Newest completed run with no fail and no unknown. */
  lastHealthy(key: PairKey): RunSummaryRow | undefined {
    const k = keyClause(key)
    const row = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${k.where} AND state = 'completed' AND n_fail = 0 AND n_unknown = 0
           AND verdict IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1`
      )
      .get(k.value) as RunRow | undefined
    return row ? summaryOf(row) : undefined
  }

  /** The newest `limit` completed runs, oldest first (trend chart), with each run's check statuses. */
  recentCompleted(key: PairKey, limit: number, since?: string): (RunSummaryRow & { statuses?: Partial<Record<CheckId, CheckStatus>> })[] {
    const k = keyClause(key)
    // runs stored as blobs (migration 0006) keep their status map in the blob at STATUSES_AT; runs whose
    // statuses did not change share one blob, so the distinct blobs are read and decoded once each
    const rows = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, statuses, json_extract(blob_refs, '$[${STATUSES_AT}]') AS s_id FROM runs
         WHERE ${k.where} AND state = 'completed'
         ${since ? 'AND started_at >= ?' : ''} ORDER BY started_at DESC, runs.id DESC LIMIT ?`
      )
      .all(k.value, ...(since ? [since] : []), limit) as (RunRow & { s_id: number | null })[]
    const ids = [...new Set(rows.map((r) => r.s_id).filter((id): id is number => id !== null))]
    const decoded = new Map<number, unknown>()
    for (const b of this.#blobsOf.all(JSON.stringify(ids)) as { id: number; encoding: string; body: Buffer }[])
      decoded.set(b.id, decodeBlob(b.encoding, b.body))
    return rows
      .map((r) => {
        const statuses = (r.s_id !== null ? decoded.get(r.s_id) : undefined) ?? (r.statuses ? JSON.parse(r.statuses) : undefined)
        return { ...summaryOf(r), ...(statuses ? { statuses: statuses as Partial<Record<CheckId, CheckStatus>> } : {}) }
      })
      .reverse()
  }

  /** Status of every check (or of `checkIds`) in the given runs. */
  statusesOf(runIds: readonly number[], checkIds?: readonly CheckId[]): { runId: number; checkId: CheckId; status: CheckStatus }[] {
    if (runIds.length === 0) return []
    const out: { runId: number; checkId: CheckId; status: CheckStatus }[] = []
    // chunks keep the number of bound parameters well under SQLite's limit
    for (let i = 0; i < runIds.length; i += 500) {
      const chunk = runIds.slice(i, i + 500)
      const filter = checkIds && checkIds.length ? `AND check_id IN (${checkIds.map(() => '?').join(',')})` : ''
      const rows = this.#db
        .prepare(
          `SELECT run_id, check_id, status FROM check_results
           WHERE run_id IN (${chunk.map(() => '?').join(',')}) ${filter}`
        )
        .raw(true)
        .all(...chunk, ...(checkIds ?? [])) as [number, CheckId, CheckStatus][]
      for (const [runId, checkId, status] of rows) out.push({ runId, checkId, status })
    }
    return out
  }

  delete(id: number): boolean {
    return this.#delete.run(id).changes > 0
  }

  /** Bytes the database's pages hold now (its file size less the free pages deleted rows left). */
  usedBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number
    const free = this.#db.pragma('freelist_count', { simple: true }) as number
    const size = this.#db.pragma('page_size', { simple: true }) as number
    return (pages - free) * size
  }

  /**
   * Runs retention by size never deletes: each pair's newest healthy run, and the runs around each fix (the
   * newest run started before it, its baseline; the first run after it, its re-check).
   */
  protectedRuns(): Set<number> {
    const rows = this.#db
      .prepare(
        `SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY pair_id, pair_name ORDER BY started_at DESC, id DESC) AS rn
           FROM runs WHERE state = 'completed' AND n_fail = 0 AND n_unknown = 0 AND verdict IS NOT NULL) WHERE rn = 1
         UNION SELECT (SELECT r.id FROM runs r WHERE r.pair_name = f.pair_name AND r.started_at <= f.started_at
           ORDER BY r.started_at DESC, r.id DESC LIMIT 1) FROM fix_audit f
         UNION SELECT (SELECT r.id FROM runs r WHERE r.pair_name = f.pair_name AND r.started_at >= f.started_at
           ORDER BY r.started_at ASC, r.id ASC LIMIT 1) FROM fix_audit f`
      )
      .pluck()
      .all() as (number | null)[]
    return new Set(rows.filter((id): id is number => id !== null))
  }

  /**
   * Delete the oldest finished runs (of every pair) until the used size is at most `maxBytes`, never one of
   * `keep`. Returns how many were deleted (fewer when only kept runs are left).
   */
  pruneToSize(maxBytes: number, keep: ReadonlySet<number>): number {
    let n = 0
    const oldest = this.#db.prepare(`SELECT id FROM runs WHERE state != 'running' ORDER BY started_at ASC, id ASC LIMIT ? OFFSET ?`).pluck()
    let offset = 0
    while (this.usedBytes() > maxBytes) {
      const ids = oldest.all(64, offset) as number[]
      if (ids.length === 0) break
      const doomed = ids.filter((id) => !keep.has(id))
      offset += ids.length - doomed.length
      if (doomed.length === 0) continue
      n += this.#db.transaction(() => doomed.reduce((sum, id) => sum + this.#delete.run(id).changes, 0)).immediate()
    }
    return n
  }

  /** Delete finished runs of a pair beyond the newest `keepRuns` or older than `olderThan`. */
  prune(key: PairKey, keepRuns: number | null, olderThan: string | null): number {
    const k = keyClause(key)
    return this.#db
      .transaction((): number => {
        let n = 0
        if (keepRuns !== null) {
          n += this.#db
            .prepare(
              `DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE ${k.where}
               ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?) AND state != 'running'`
            )
            .run(k.value, keepRuns).changes
        }
        if (olderThan !== null) {
          n += this.#db
            .prepare(`DELETE FROM runs WHERE ${k.where} AND started_at < ? AND state != 'running'`)
            .run(k.value, olderThan).changes
        }
        return n
      })
      .immediate()
  }
}
