/**
 * One pair's history: its runs, the trend, the last runs' facts (xdb growth) and the comparison of two
 * ticked runs. An answer that arrives after the view moved to another pair (or another pick) is dropped.
 */
import type { RunListItem, TrendPointDto } from '@shared/ipc-contract'
import type { RunReport } from '@shared/domain/run'
import { api } from '../../lib/api'

/** One row of the comparison: a check whose status differs ('—' = no result in that run). */
export interface CompareRow {
  id: string
  title: string
  a: string
  b: string
}

export class HistoryState {
  #pairId = $state<number | null>(null)
  #runs = $state.raw<RunListItem[]>([])
  #trend = $state.raw<TrendPointDto[]>([])
  #reports = $state.raw<RunReport[]>([])
  #picked = $state.raw<number[]>([])
  #cmp = $state.raw<CompareRow[]>([])
  /** the comparison of the two picked runs has arrived (until then the view says nothing about it) */
  #compared = $state(false)
  /** bumped on every load: answers carrying an older token are stale */
  #loadToken = 0
  #compareToken = 0

  get pairId(): number | null {
    return this.#pairId
  }
  get runs(): readonly RunListItem[] {
    return this.#runs
  }
  get trend(): readonly TrendPointDto[] {
    return this.#trend
  }
  /** the last 10 runs' reports, oldest first */
  get reports(): readonly RunReport[] {
    return this.#reports
  }
  /** the ticked runs (at most two, in ticking order) */
  get picked(): readonly number[] {
    return this.#picked
  }
  get comparison(): readonly CompareRow[] {
    return this.#cmp
  }
  get compared(): boolean {
    return this.#compared
  }

  async load(pairId: number): Promise<void> {
    const token = ++this.#loadToken
    if (this.#pairId !== pairId) {
      this.#compareToken++
      this.#pairId = pairId
      this.#runs = []
      this.#trend = []
      this.#reports = []
      this.#picked = []
      this.#cmp = []
    }
    const runs = await api.runs.list({ pairId, limit: 50 })
    if (token !== this.#loadToken) return
    this.#runs = runs
    const trend = await api.runs.trend({ pairId })
    if (token !== this.#loadToken) return
    this.#trend = trend
    // xdb growth: the last 10 runs' facts
    const full = await Promise.all(runs.slice(0, 10).map((r) => api.runs.get({ runId: r.id })))
    if (token !== this.#loadToken) return
    this.#reports = full.filter((r): r is RunReport => r !== null).reverse()
  }

  /** tick or untick a run; ticking a third drops the oldest pick */
  async toggle(runId: number): Promise<void> {
    const p = this.#picked
    this.#picked = p.includes(runId) ? p.filter((x) => x !== runId) : [...p.slice(-1), runId]
    await this.#compare()
  }

  async #compare(): Promise<void> {
    const token = ++this.#compareToken
    this.#cmp = []
    this.#compared = false
    if (this.#picked.length !== 2) return
    const [fromRunId, toRunId] = this.#picked
    const c = await api.runs.compare({ fromRunId, toRunId })
    if (token !== this.#compareToken) return
    this.#compared = true
    this.#cmp = c.checkChanges.map((x) => ({ id: x.id, title: x.title, a: x.before ?? '—', b: x.after ?? '—' }))
  }
}
