/** App state: pairs, selection, the current run (live), demo status. Changed only through methods. */
import type { RunReport } from '@shared/domain/run'
import type { CheckResult } from '@shared/domain/check'
import type { ScenarioName } from '@shared/domain/scenario'
import type { DemoStatus, PairListItem } from '@shared/ipc-contract'
import { api, errorText } from '../api'

export type View = 'run' | 'compare' | 'diff' | 'timeline' | 'history' | 'add-pair' | 'edit-pair'

export class AppState {
  #pairs = $state.raw<PairListItem[]>([])
  #loaded = $state(false)
  #selectedId = $state<number | null>(null)
  /** the pair open in the edit form (view 'edit-pair') */
  #editPairId = $state<number | null>(null)
  #view = $state<View>('run')
  #report = $state.raw<RunReport | null>(null)
  #liveChecks = $state.raw<CheckResult[]>([])
  #nodeMessages = $state<Record<string, string>>({})
  #running = $state(false)
  #progress = $state({ done: 0, total: 0 })
  #error = $state<string | null>(null)
  #demo = $state.raw<DemoStatus>({ running: false })
  #busy = $state<string | null>(null)
  /** the newest run of the selected pair (the run view says when an older one is open) */
  #latestRunId = $state<number | null>(null)

  get pairs() {
    return this.#pairs
  }
  get loaded() {
    return this.#loaded
  }
  get selectedId() {
    return this.#selectedId
  }
  get editPairId() {
    return this.#editPairId
  }
  get view() {
    return this.#view
  }
  get report() {
    return this.#report
  }
  get liveChecks() {
    return this.#liveChecks
  }
  get nodeMessages(): Readonly<Record<string, string>> {
    return this.#nodeMessages
  }
  get running() {
    return this.#running
  }
  get progress(): Readonly<{ done: number; total: number }> {
    return this.#progress
  }
  get error() {
    return this.#error
  }
  get demo() {
    return this.#demo
  }
  get busy() {
    return this.#busy
  }
  get latestRunId() {
    return this.#latestRunId
  }

  readonly selected = $derived(this.#pairs.find((p) => p.id === this.#selectedId) ?? null)

  /** switch the main view (tabs, shortcuts, Add pair, Cancel) */
  show(view: View): void {
    this.#view = view
  }

  async load(): Promise<void> {
    try {
      this.#pairs = await api.pairs.list()
      this.#demo = await api.demo.status()
      // one pair opens at once; with more the fleet overview is the home view
      if (this.#selectedId === null && this.#pairs.length === 1) await this.select(this.#pairs[0].id)
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      this.#loaded = true
    }
  }

  async select(id: number): Promise<void> {
    this.#selectedId = id
    this.#report = null
    this.#liveChecks = []
    this.#latestRunId = null
    if (this.#view === 'add-pair' || this.#view === 'edit-pair') this.#view = 'run'
    const runs = await api.runs.list({ pairId: id, limit: 1 })
    if (!runs.length || this.#selectedId !== id) return
    this.#latestRunId = runs[0].id
    const report = await api.runs.get({ runId: runs[0].id })
    // a late answer for a pair no longer selected is dropped
    if (this.#selectedId === id) this.#report = report
  }

  /** the sidebar's verdicts after runs started elsewhere (Check all, the schedule) */
  async refreshPairs(): Promise<void> {
    this.#pairs = await api.pairs.list()
  }

  /** A notification or the tray asks to show a pair (null: the fleet). Returns the unsubscribe (for onMount). */
  followOpenPair(): () => void {
    return api.fleet.onOpenPair(({ pairId }) => void (pairId === null ? this.showFleet() : this.select(pairId)))
  }

  /** the home view: every pair (no pair selected) */
  showFleet(): void {
    this.#selectedId = null
    this.#editPairId = null
    this.#report = null
    this.#liveChecks = []
    this.#view = 'run'
  }

  async openRun(runId: number): Promise<void> {
    this.#report = await api.runs.get({ runId })
    this.#liveChecks = []
    this.#view = 'run'
  }

  async startDemo(scenario: ScenarioName): Promise<void> {
    this.#busy = `starting the demo pair (${scenario})…`
    this.#error = null
    try {
      this.#demo = this.#demo.running ? await api.demo.switch({ scenario }) : await api.demo.start({ scenario })
      this.#pairs = await api.pairs.list()
      if (this.#demo.pairId) await this.select(this.#demo.pairId)
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      this.#busy = null
    }
  }

  async run(): Promise<void> {
    const pairId = this.#selectedId
    if (pairId === null || this.#running) return
    this.#running = true
    this.#error = null
    this.#liveChecks = []
    this.#nodeMessages = {}
    this.#progress = { done: 0, total: 0 }
    this.#view = 'run'
    const off = api.runs.onProgress(({ pairId: id, progress }) => {
      if (id !== pairId) return
      if (progress.type === 'node') this.#nodeMessages[progress.role] = `${progress.phase}: ${progress.message}`
      else if (progress.type === 'check') {
        this.#liveChecks = [...this.#liveChecks, progress.result]
        this.#progress = { done: progress.done, total: progress.total }
      }
    })
    try {
      this.#report = await api.runs.start({ pairId })
      this.#latestRunId = this.#report.runId ?? this.#latestRunId
      this.#pairs = await api.pairs.list()
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      off()
      this.#running = false
    }
  }

  async cancel(): Promise<void> {
    if (this.#selectedId !== null) await api.runs.cancel({ pairId: this.#selectedId })
  }

  editPair(id: number): void {
    this.#editPairId = id
    this.#view = 'edit-pair'
  }

  /** after pairs:delete: the list without it, the selection moved to the first pair left */
  async pairDeleted(id: number): Promise<void> {
    this.#editPairId = null
    this.#pairs = await api.pairs.list()
    this.#demo = await api.demo.status()
    this.#view = 'run'
    if (this.#selectedId === id) {
      this.#selectedId = null
      this.#report = null
      if (this.#pairs.length) await this.select(this.#pairs[0].id)
    }
  }

  async pairSaved(id: number): Promise<void> {
    this.#pairs = await api.pairs.list()
    await this.select(id)
    this.#view = 'run'
  }
}

export const app = new AppState()
