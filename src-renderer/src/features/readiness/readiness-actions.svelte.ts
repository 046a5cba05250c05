/**
 * What the readiness row and the run view's toolbar change through main: acknowledging a result
 * (acks:add / acks:remove) and importing collected output (offline:import). Each re-reads the selected
 * pair's report after a change. Changed only through methods.
 */
import type { CheckId } from '@shared/domain/check'
import { api, errorText } from '../../lib/api'
import { app } from '../../lib/state/app.svelte'

/** One check row's acknowledgement: add (reason + how long) or remove, with the one-line reason a call failed. */
export class AckState {
  #busy = $state(false)
  #error = $state<string | null>(null)

  get busy(): boolean {
    return this.#busy
  }
  get error(): string | null {
    return this.#error
  }

  /** true when the acknowledgement was stored */
  async add(checkId: CheckId, reason: string, duration: string): Promise<boolean> {
    const pairId = app.selectedId
    if (pairId === null) return false
    this.#busy = true
    this.#error = null
    try {
      await api.acks.add({ pairId, checkId, reason, duration })
      await app.select(pairId)
      return true
    } catch (e) {
      this.#error = errorText(e)
      return false
    } finally {
      this.#busy = false
    }
  }

  async remove(checkId: CheckId): Promise<void> {
    const pairId = app.selectedId
    if (pairId === null) return
    try {
      await api.acks.remove({ pairId, checkId })
      await app.select(pairId)
    } catch (e) {
      this.#error = errorText(e)
    }
  }
}

/** "Import collected output": main's file dialog for the two outputs, the run kept in the pair's history. */
export class ImportState {
  #busy = $state(false)
  #error = $state<string | null>(null)

  get busy(): boolean {
    return this.#busy
  }
  get error(): string | null {
    return this.#error
  }

  async importFiles(): Promise<void> {
    const pairId = app.selectedId
    if (pairId === null) return
    this.#busy = true
    this.#error = null
    try {
      const r = await api.offline.import({ pairId })
      if (r.imported) await app.select(pairId)
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      this.#busy = false
    }
  }
}
