/**
 * One fix wizard's calls: the plan for the options chosen (a plan asked for older options is dropped
 * when its answer comes late), then apply with the live output of the commands and the outcome.
 */
import type { FixId, FixOptions, FixOutcome, FixPlan } from '@shared/domain/fix'
import { api, errorText } from '../../lib/api'

export interface ApplyConfirmation {
  confirmation?: string
  acknowledgeRepeat: boolean
  acknowledgeDelete: boolean
}

export class FixWizardState {
  readonly pairId: number
  readonly runId: number
  readonly fixId: FixId
  #plan = $state.raw<FixPlan | null>(null)
  #error = $state<string | null>(null)
  #loading = $state(false)
  #applying = $state(false)
  #output = $state.raw<string[]>([])
  #outcome = $state.raw<FixOutcome | null>(null)
  #seq = 0

  constructor(pairId: number, runId: number, fixId: FixId) {
    this.pairId = pairId
    this.runId = runId
    this.fixId = fixId
  }

  get plan(): FixPlan | null {
    return this.#plan
  }
  get error(): string | null {
    return this.#error
  }
  get loading(): boolean {
    return this.#loading
  }
  get applying(): boolean {
    return this.#applying
  }
  /** the commands' output, one `node: line` (stderr `node! line`) per line */
  get output(): readonly string[] {
    return this.#output
  }
  get outcome(): FixOutcome | null {
    return this.#outcome
  }

  /** ask main for the plan with these options; only the answer to the latest request is kept */
  async loadPlan(options: FixOptions): Promise<void> {
    const mine = ++this.#seq
    this.#loading = true
    try {
      const p = await api.fixes.plan({ pairId: this.pairId, fixId: this.fixId, runId: this.runId, options })
      if (mine !== this.#seq) return
      this.#plan = p
      this.#error = null
    } catch (e) {
      if (mine !== this.#seq) return
      this.#error = errorText(e)
    }
    this.#loading = false
  }

  async apply(options: FixOptions, c: ApplyConfirmation): Promise<void> {
    this.#applying = true
    this.#output = []
    this.#error = null
    const off = api.fixes.onOutput((o) => {
      if (o.pairId === this.pairId) this.#output = [...this.#output, `${o.node ?? '-'}${o.stream === 'stderr' ? '!' : ':'} ${o.line}`]
    })
    try {
      this.#outcome = await api.fixes.apply({ pairId: this.pairId, fixId: this.fixId, runId: this.runId, options, ...c })
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      off()
      this.#applying = false
    }
  }
}
