/**
 * Run history: save a run (redacted, bounded, one transaction, retention after), list, rebuild, trends,
 * compare, last healthy run. Synchronous SQLite underneath — never hold a call open across an SSH await.
 *
 * Bounds, whatever a node sends: a node's stored facts are at most MAX_STORED_FACTS_CHARS of JSON per run (the
 * longest texts are cut first, `storedCut` says what was cut) and a check's evidence excerpt at most
 * MAX_STORED_EXCERPT_CHARS; retention keeps the database under its size limit (oldest runs first).
 */
import type { CheckId, CheckStatus, StatusCounts } from '../../shared/domain/check'
import type { NodeFacts, PairSummary, RunReport } from '../../shared/domain/run'
import type { PairKey, Page, RunRepo, RunSummaryRow } from '../db/run-repo'
import type { SettingsRepo } from '../db/settings-repo'
import { redactDeep } from '../reports/redact'
import { compareRuns, type RunComparison } from './compare'
import { cutText } from '../diagnostics/cut'
import type { NotCheckedIndex } from '../db/not-checked'

/** JSON characters of one node's facts stored per run (a healthy node's are about 5,000) */
export const MAX_STORED_FACTS_CHARS = 64 * 1024
/** characters of one evidence excerpt stored */
export const MAX_STORED_EXCERPT_CHARS = 8 * 1024

/** The longest strings of `value` (a JSON-like tree) cut until its JSON fits `max`; returns what was cut. */
function cutLongest(value: unknown, max: number): number {
  let size = JSON.stringify(value).length
  if (size <= max) return 0
  // every string with its holder, longest first: cutting the few big ones keeps the many small ones whole
  const refs: { holder: Record<string, unknown> | unknown[]; key: string | number; length: number }[] = []
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach((v, i) => (typeof v === 'string' ? refs.push({ holder: x, key: i, length: v.length }) : walk(v)))
    else if (x && typeof x === 'object')
      for (const [k, v] of Object.entries(x)) {
        if (typeof v === 'string') refs.push({ holder: x as Record<string, unknown>, key: k, length: v.length })
        else walk(v)
      }
  }
  walk(value)
  refs.sort((a, b) => b.length - a.length)
  let cut = 0
  // the share each long string may keep: lowered until the whole fits
  for (let keep = 16 * 1024; size > max && keep >= 256; keep = Math.floor(keep / 2)) {
    for (const r of refs) {
      if (r.length <= keep || size <= max) continue
      const text = (r.holder as Record<string | number, string>)[r.key as string]
      if (text.length <= keep) continue
      const shorter = cutText(text, keep)
      size -= text.length - shorter.length
      cut++
      ;(r.holder as Record<string | number, string>)[r.key as string] = shorter
    }
  }
  return cut
}

/** A node's facts as stored: at most MAX_STORED_FACTS_CHARS of JSON, the cut said in `storedCut`. */
export function boundFacts(facts: NodeFacts): NodeFacts {
  if (JSON.stringify(facts).length <= MAX_STORED_FACTS_CHARS) return facts
  const f = structuredClone(facts)
  const said: string[] = []
  // events: the newest kept (a log can repeat one line thousands of times)
  const MAX_EVENTS = 200
  if (f.events.length > MAX_EVENTS) {
    said.push(`${f.events.length - MAX_EVENTS} older log events`)
    f.events = f.events.slice(-MAX_EVENTS)
  }
  const n = cutLongest(f, MAX_STORED_FACTS_CHARS - 300)
  if (n > 0) said.push(`${n} long text${n === 1 ? '' : 's'} (configs' raw text, excerpts) shortened`)
  f.storedCut = `stored facts cut to ${MAX_STORED_FACTS_CHARS / 1024} KiB: ${said.join('; ')}`
  return f
}

/** The report as stored: facts and evidence excerpts bounded. */
export function boundReport(report: RunReport): RunReport {
  const long = report.checks.some((c) => c.evidence.some((e) => e.excerpt.length > MAX_STORED_EXCERPT_CHARS))
  return {
    ...report,
    nodes: { primary: boundFacts(report.nodes.primary), secondary: boundFacts(report.nodes.secondary) },
    checks: long
      ? report.checks.map((c) => ({
          ...c,
          evidence: c.evidence.map((e) => ({ ...e, excerpt: cutText(e.excerpt, MAX_STORED_EXCERPT_CHARS) }))
        }))
      : report.checks
  }
}

export interface TrendPoint {
  runId: number
  startedAt: string
  verdict: CheckStatus | null
  counts: StatusCounts
}

export interface Trend {
  /** completed runs, oldest first */
  runs: TrendPoint[]
  /** per check id, the status in each of `runs` (null when the run has no result for it) */
  checks: Partial<Record<CheckId, (CheckStatus | null)[]>>
}

export interface HistoryOptions {
  now?: () => number
  /** which runs reached neither node (db/not-checked.ts): trends leave them out */
  notChecked?: Pick<NotCheckedIndex, 'ids'>
}

/** Which runs a pair's history holds: a saved pair by id, else the pair name of ad-hoc runs. */
export function pairKeyOf(pair: Pick<PairSummary, 'id' | 'name'>): PairKey {
  return pair.id !== undefined ? { pairId: pair.id } : { pairName: pair.name }
}

export class HistoryService {
  readonly #runs: RunRepo
  readonly #settings: SettingsRepo
  readonly #now: () => number
  readonly #notChecked: Pick<NotCheckedIndex, 'ids'> | undefined

  constructor(runs: RunRepo, settings: SettingsRepo, options: HistoryOptions = {}) {
    this.#runs = runs
    this.#settings = settings
    this.#now = options.now ?? Date.now
    this.#notChecked = options.notChecked
  }

  /** Of some runs, those that reached neither node ("not checked": no HA verdict). */
  notCheckedIds(runIds: readonly number[]): Set<number> {
    return this.#notChecked ? this.#notChecked.ids(runIds) : new Set()
  }

  /** Record the start of a run (state `running`); put the id into report.runId and pass it to saveRun. */
  beginRun(pair: PairSummary, startedAt: string, by?: string): number {
    return this.#runs.begin(pair.id ?? null, redactDeep(pair), startedAt, by)
  }

  /** Store a finished (or cancelled) run whole, in one transaction; then apply retention. Returns its id. */
  saveRun(report: RunReport): number {
    const clean = boundReport(redactDeep(report))
    const id = this.#runs.save(clean, report.pair.id ?? null)
    this.applyRetention(pairKeyOf(report.pair))
    return id
  }

  /** Start-up: runs left `running` become `interrupted`. Returns how many. */
  markInterruptedRuns(): number {
    return this.#runs.markInterrupted()
  }

  /** Runs of a pair, newest first. */
  listRuns(key: PairKey, page: { limit?: number; offset?: number } = {}): Page<RunSummaryRow> {
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? 50)), 1000)
    const offset = Math.max(0, Math.floor(page.offset ?? 0))
    return this.#runs.list(key, limit, offset)
  }

  /** A run whole: the report as it was produced (redacted), facts included. */
  getRun(runId: number): RunReport | undefined {
    return this.#runs.get(runId)
  }

  /** The newest completed run (the engine's `previous` for growth since the last run). */
  latestRun(key: PairKey, before?: string): RunReport | undefined {
    const s = this.#runs.latest(key, ['completed'], before)
    return s ? this.#runs.get(s.id) : undefined
  }

  /** The newest completed run without fail or unknown. */
  lastHealthyRun(key: PairKey): RunSummaryRow | undefined {
    return this.#runs.lastHealthy(key)
  }

  /**
   * Counts per run and each check's status series over the newest `limit` completed runs. Runs that reached
   * neither node ("not checked") are left out: they say nothing about HA (a candidate has no pass and no warn).
   */
  trend(key: PairKey, options: { limit?: number; since?: string; checkIds?: CheckId[] } = {}): Trend {
    const all = this.#runs.recentCompleted(key, Math.min(Math.max(1, options.limit ?? 100), 5000), options.since)
    const skip = this.notCheckedIds(all.filter((r) => r.counts.pass === 0 && r.counts.warn === 0).map((r) => r.id))
    const runs = skip.size ? all.filter((r) => !skip.has(r.id)) : all
    const index = new Map(runs.map((r, i) => [r.id, i]))
    const checks: Partial<Record<CheckId, (CheckStatus | null)[]>> = {}
    const wanted = options.checkIds && options.checkIds.length ? new Set(options.checkIds) : undefined
    const put = (runIndex: number, checkId: CheckId, status: CheckStatus): void => {
      if (wanted && !wanted.has(checkId)) return
      const series = (checks[checkId] ??= new Array<CheckStatus | null>(runs.length).fill(null))
      series[runIndex] = status
    }
    runs.forEach((r, i) => {
      if (r.statuses) for (const [id, status] of Object.entries(r.statuses)) put(i, id as CheckId, status)
    })
    // runs stored before migration 0003 carry no status map: read their check rows
    const older = runs.filter((r) => !r.statuses).map((r) => r.id)
    for (const row of this.#runs.statusesOf(older, options.checkIds)) put(index.get(row.runId)!, row.checkId, row.status)
    return {
      runs: runs.map((r) => ({ runId: r.id, startedAt: r.startedAt, verdict: r.verdict, counts: r.counts })),
      checks
    }
  }

  /** What changed from run `fromId` to run `toId`. Throws when either is missing. */
  compare(fromId: number, toId: number): RunComparison {
    const from = this.#runs.get(fromId)
    const to = this.#runs.get(toId)
    if (!from) throw new Error(`no run ${fromId}`)
    if (!to) throw new Error(`no run ${toId}`)
    return compareRuns(from, to)
  }

  deleteRun(runId: number): boolean {
    return this.#runs.delete(runId)
  }

  /**
   * Apply the retention setting: one pair's runs by count and age, then every pair's oldest runs while the
   * database is over its size limit (runs linked to fixes and each pair's last healthy run stay). Returns how
   * many were deleted.
   */
  applyRetention(key: PairKey): number {
    const policy = this.#settings.retention()
    const olderThan = policy.keepDays === null ? null : new Date(this.#now() - policy.keepDays * 86_400_000).toISOString()
    let n = this.#runs.prune(key, policy.keepRuns, olderThan)
    if (policy.maxBytes !== null && this.#runs.usedBytes() > policy.maxBytes)
      n += this.#runs.pruneToSize(policy.maxBytes, this.#runs.protectedRuns())
    return n
  }
}

export { runBy } from '../platform/who'
