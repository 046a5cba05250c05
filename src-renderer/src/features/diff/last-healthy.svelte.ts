/** A pair's last healthy run (the config diff's "against" choice); a late answer for another pair is dropped. */
import type { RunReport } from '@shared/domain/run'
import { api } from '../../lib/api'

export class LastHealthyState {
  #report = $state.raw<RunReport | null>(null)
  #pairId: number | null = null

  get report(): RunReport | null {
    return this.#report
  }

  async load(pairId: number): Promise<void> {
    if (this.#pairId !== pairId) this.#report = null
    this.#pairId = pairId
    const r = await api.runs.lastHealthy({ pairId })
    if (this.#pairId === pairId) this.#report = r
  }
}
