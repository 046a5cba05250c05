/**
 * Run history: save a run (redacted, one transaction, retention after), list, rebuild, trends, compare,
 * last healthy run. Synchronous SQLite underneath — never hold a call open across an SSH await.
 */
import type { CheckId, CheckStatus, StatusCounts } from '../../shared/domain/check'
import type { PairSummary, RunReport } from '../../shared/domain/run'
import type { PairKey, Page, RunRepo, RunSummaryRow } from '../db/run-repo'
import type { SettingsRepo } from '../db/settings-repo'
import { redactDeep } from '../reports/redact'
import { compareRuns, type RunComparison } from './compare'

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
}

/** Which runs a pair's history holds: a saved pair by id, else the pair name of ad-hoc runs. */
export function pairKeyOf(pair: Pick<PairSummary, 'id' | 'name'>): PairKey {
  return pair.id !== undefined ? { pairId: pair.id } : { pairName: pair.name }
}

export class HistoryService {
  readonly #runs: RunRepo
  readonly #settings: SettingsRepo
  readonly #now: () => number

  constructor(runs: RunRepo, settings: SettingsRepo, options: HistoryOptions = {}) {
    this.#runs = runs
    this.#settings = settings
    this.#now = options.now ?? Date.now
  }

  /** Record the start of a run (state `running`); put the id into report.runId and pass it to saveRun. */
  beginRun(pair: PairSummary, startedAt: string, by?: string): number {
    return this.#runs.begin(pair.id ?? null, redactDeep(pair), startedAt, by)
  }

  /** Store a finished (or cancelled) run whole, in one transaction; then apply retention. Returns its id. */
  saveRun(report: RunReport): number {
    const clean = redactDeep(report)
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

  /** Counts per run and each check's status series over the newest `limit` completed runs. */
  trend(key: PairKey, options: { limit?: number; since?: string; checkIds?: CheckId[] } = {}): Trend {
    const runs = this.#runs.recentCompleted(key, Math.min(Math.max(1, options.limit ?? 100), 5000), options.since)
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

  /** Apply the retention setting to one pair's runs; returns how many were deleted. */
  applyRetention(key: PairKey): number {
    const policy = this.#settings.retention()
    const olderThan = policy.keepDays === null ? null : new Date(this.#now() - policy.keepDays * 86_400_000).toISOString()
    return this.#runs.prune(key, policy.keepRuns, olderThan)
  }
}

export { runBy } from '../platform/who'
