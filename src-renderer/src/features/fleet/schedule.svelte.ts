/**
 * The schedule: the default every pair follows (schedule:get / schedule:setDefault) and one pair's own
 * interval, quiet windows and mute (schedule:setPair). After a change the fleet list is read again (its
 * columns show the schedule). Changed only through methods.
 */
import type { DefaultSchedule, QuietWindow } from '@shared/domain/schedule'
import { api, errorText } from '../../lib/api'
import { fleet } from './fleet.svelte'

export type PairScheduleFields = { scheduleMinutes?: number | null; quietHours?: QuietWindow[] | null; notifyMuted?: boolean }

export class ScheduleState {
  #schedule = $state.raw<DefaultSchedule | null>(null)
  #error = $state<string | null>(null)
  /** why the last change of one pair's schedule failed, for that pair only */
  #pairError = $state.raw<{ pairId: number; text: string } | null>(null)

  /** the default schedule (null until read) */
  get schedule(): DefaultSchedule | null {
    return this.#schedule
  }
  get error(): string | null {
    return this.#error
  }
  pairError(pairId: number): string | null {
    return this.#pairError?.pairId === pairId ? this.#pairError.text : null
  }

  async load(): Promise<void> {
    try {
      this.#schedule = await api.schedule.get()
    } catch (e) {
      this.#error = errorText(e)
    }
  }

  async setDefault(change: Partial<DefaultSchedule>): Promise<void> {
    this.#error = null
    try {
      this.#schedule = await api.schedule.setDefault(change)
      await fleet.load()
    } catch (e) {
      this.#error = errorText(e)
    }
  }

  async setPair(pairId: number, fields: PairScheduleFields): Promise<void> {
    this.#pairError = null
    try {
      await api.schedule.setPair({ pairId, ...fields })
      await fleet.load()
    } catch (e) {
      this.#pairError = { pairId, text: errorText(e) }
    }
  }
}

export const schedule = new ScheduleState()
