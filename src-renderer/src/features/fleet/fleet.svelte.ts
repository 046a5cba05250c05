/**
 * Fleet overview state: every saved pair (one fleet:list call), live run progress from fleet:run events,
 * the "Check all" batch, and the filter / sort of the table. Changed only through methods.
 */
import type { CheckStatus } from '@shared/domain/check'
import type { FleetBatchState, FleetItem, FleetRunEvent } from '@shared/domain/fleet'
import type { ReadinessVerdict } from '@shared/domain/readiness'
import { api, errorText } from '../../lib/api'
import { app } from '../../lib/state/app.svelte'

export type VerdictFilter = 'all' | 'problems' | CheckStatus | 'never' | 'not-checked'
export type FleetSort = 'worst' | 'name' | 'last-run'
export type ReadinessFilter = 'all' | ReadinessVerdict

/** a pair's live state while something runs it */
export interface LiveRun {
  phase: FleetRunEvent['phase']
  done: number
  total: number
  trigger?: FleetRunEvent['trigger']
}

const RANK: Record<string, number> = { fail: 0, 'not-checked': 1, unknown: 2, warn: 3, never: 4, pass: 5, skipped: 5 }
const SPARK = 20

/** what a fleet line says: its newest verdict, 'not-checked' (reached neither node: no HA verdict) or 'never' */
export function verdictOf(item: Pick<FleetItem, 'lastVerdict'> & { notChecked?: string | null }): CheckStatus | 'not-checked' | 'never' {
  if (item.notChecked) return 'not-checked'
  return item.lastVerdict ?? 'never'
}

export function rankOf(item: Pick<FleetItem, 'lastVerdict'> & { notChecked?: string | null }): number {
  return RANK[verdictOf(item)]
}

/**
 * "Last run" is stale when it is older than twice the pair's schedule interval (its own, else the
 * default), or older than a day when the pair is not checked on a schedule.
 */
export function isStale(
  item: Pick<FleetItem, 'lastRunAt' | 'scheduleMinutes'>,
  defaultIntervalMinutes: number | null,
  now: number
): boolean {
  if (!item.lastRunAt) return false
  const interval = item.scheduleMinutes ?? defaultIntervalMinutes ?? 0
  const limit = interval > 0 ? 2 * interval * 60_000 : 86_400_000
  return now - Date.parse(item.lastRunAt) > limit
}

/** Filter and sort the fleet (pure: the bench and the view use the same). */
export function visibleFleet(
  items: readonly FleetItem[],
  f: { text: string; verdict: VerdictFilter; tag: string; sort: FleetSort; readiness?: ReadinessFilter }
): FleetItem[] {
  const text = f.text.trim().toLowerCase()
  const out = items.filter((p) => {
    if (
      text &&
      !p.name.toLowerCase().includes(text) &&
      !p.primary.toLowerCase().includes(text) &&
      !p.secondary.toLowerCase().includes(text)
    )
      return false
    if (f.tag && !p.tags.includes(f.tag)) return false
    if (f.readiness && f.readiness !== 'all' && p.readiness !== f.readiness) return false
    if (f.verdict === 'all') return true
    const v = verdictOf(p)
    if (f.verdict === 'problems') return v === 'fail' || v === 'warn' || v === 'unknown' || v === 'not-checked'
    return v === f.verdict
  })
  const byName = (a: FleetItem, b: FleetItem): number => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })
  if (f.sort === 'worst') out.sort((a, b) => rankOf(a) - rankOf(b) || byName(a, b))
  else if (f.sort === 'last-run') out.sort((a, b) => (b.lastRunAt ?? '').localeCompare(a.lastRunAt ?? '') || byName(a, b))
  else out.sort(byName)
  return out
}

export class FleetState {
  #items = $state.raw<FleetItem[]>([])
  #loaded = $state(false)
  #error = $state<string | null>(null)
  #live = $state<Record<number, LiveRun>>({})
  #batch = $state.raw<FleetBatchState>({ running: false, total: 0, done: 0, cancelled: false })
  /** the filter and sort the view's inputs are bound to */
  #text = $state('')
  #verdict = $state<VerdictFilter>('all')
  #tag = $state('')
  #sort = $state<FleetSort>('worst')
  #readiness = $state<ReadinessFilter>('all')
  /** the clock of the "age" column, moved every 30 s */
  #now = $state(Date.now())
  /** the default schedule's interval (minutes, 0 = off; null until read): "last run" staleness */
  #defaultInterval = $state<number | null>(null)
  readonly visible = $derived(
    visibleFleet(this.#items, { text: this.#text, verdict: this.#verdict, tag: this.#tag, sort: this.#sort, readiness: this.#readiness })
  )
  readonly tags = $derived(
    this.#items
      .flatMap((p) => p.tags)
      .filter((t, i, all) => all.indexOf(t) === i)
      .sort()
  )
  readonly counts = $derived(this.#items.reduce<Record<string, number>>((c, p) => ((c[verdictOf(p)] = (c[verdictOf(p)] ?? 0) + 1), c), {}))

  get items(): readonly FleetItem[] {
    return this.#items
  }
  get loaded(): boolean {
    return this.#loaded
  }
  get error(): string | null {
    return this.#error
  }
  get live(): Readonly<Record<number, LiveRun>> {
    return this.#live
  }
  get batch(): FleetBatchState {
    return this.#batch
  }
  get now(): number {
    return this.#now
  }
  get defaultInterval(): number | null {
    return this.#defaultInterval
  }
  get text(): string {
    return this.#text
  }
  set text(v: string) {
    this.#text = v
  }
  get verdict(): VerdictFilter {
    return this.#verdict
  }
  set verdict(v: VerdictFilter) {
    this.#verdict = v
  }
  get tag(): string {
    return this.#tag
  }
  set tag(v: string) {
    this.#tag = v
  }
  get sort(): FleetSort {
    return this.#sort
  }
  set sort(v: FleetSort) {
    this.#sort = v
  }
  get readiness(): ReadinessFilter {
    return this.#readiness
  }
  set readiness(v: ReadinessFilter) {
    this.#readiness = v
  }
  #reload: ReturnType<typeof setTimeout> | undefined

  async load(): Promise<void> {
    try {
      this.#items = await api.fleet.list({ recent: SPARK })
      this.#defaultInterval = (await api.schedule.get()).intervalMinutes
      this.#now = Date.now()
      this.#error = null
    } catch (e) {
      this.#error = errorText(e)
    } finally {
      this.#loaded = true
    }
  }

  /** Listen to run and batch events (returns the unsubscribe, for an $effect). */
  subscribe(): () => void {
    const offRun = api.fleet.onRun((e) => this.#onRun(e))
    const offBatch = api.fleet.onBatch((b) => {
      this.#batch = b
      if (!b.running) this.#scheduleReload(0)
    })
    const tick = setInterval(() => (this.#now = Date.now()), 30_000)
    return () => {
      offRun()
      offBatch()
      clearInterval(tick)
      clearTimeout(this.#reload)
    }
  }

  /** Check the pairs shown (all when no filter narrows them). */
  async checkVisible(): Promise<void> {
    const ids = this.visible.length === this.#items.length ? [] : this.visible.map((p) => p.id)
    this.#error = null
    try {
      await api.fleet.check({ pairIds: ids })
    } catch (e) {
      this.#error = errorText(e)
    }
  }

  async cancel(): Promise<void> {
    await api.fleet.cancel()
  }

  #onRun(e: FleetRunEvent): void {
    const prev = this.#live[e.pairId]
    if (e.phase === 'queued' || e.phase === 'started')
      this.#live[e.pairId] = { phase: e.phase, done: 0, total: prev?.total ?? 0, trigger: e.trigger }
    else if (e.phase === 'progress')
      this.#live[e.pairId] = { phase: 'progress', done: e.done ?? 0, total: e.total ?? 0, trigger: prev?.trigger }
    else {
      delete this.#live[e.pairId]
      // a burst of finished runs (Check all) reloads the list once
      this.#scheduleReload(e.phase === 'finished' ? 250 : 0)
    }
  }

  /** at most one reload per `ms` however many runs finish */
  #scheduleReload(ms: number): void {
    if (this.#reload !== undefined) return
    this.#reload = setTimeout(() => {
      this.#reload = undefined
      void this.load()
      void app.refreshPairs()
    }, ms)
  }
}

export const fleet = new FleetState()
