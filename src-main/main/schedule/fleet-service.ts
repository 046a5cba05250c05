/**
 * The fleet in main: the fleet list (one query) with "running now" and next due times, the "Check all"
 * batch (bounded pool, cancel), scheduled checks, the tray's worst verdict and verdict-change
 * notifications. Tray and notifications are hosts attached by the app (Electron) or the e2e bridge.
 */
import type { FleetBatchState, FleetItem, FleetRunEvent } from '../../shared/domain/fleet'
import {
  DEFAULT_SCHEDULE,
  MAX_SCHEDULE_MINUTES,
  quietWindowProblems,
  type DefaultSchedule,
  type PairScheduleFields
} from '../../shared/domain/schedule'
import type { AppStore } from '../store/app-store'
import { FleetRepo } from '../db/fleet-repo'
import { PairRepo } from '../db/pair-repo'
import type { NotificationHost } from '../platform/notify'
import { ackedByPair, acknowledgedOf, trayStateOf, verdictLeavingAcks, type TrayHost } from '../platform/tray'
import type { RunService } from '../run/run-service'
import { VerdictAlerts } from './alerts'
import { alertReports } from '../acks/ack-service'
import type { LocalTime } from './quiet-hours'
import { Scheduler, type Timers } from './scheduler'

/** What the host (Electron or the e2e bridge) plugs in. */
export interface FleetPlatform {
  notifications?: NotificationHost
  tray?: TrayHost
  /** show the window on a pair (undefined: the fleet overview) — after a notification click */
  openPair?(pairId: number | undefined): void
}

export interface FleetOptions {
  now?: () => number
  timers?: Timers
  random?: () => number
  localTime?: (ms: number) => LocalTime
  /** length of a schedule minute in ms (tests shorten it) */
  minuteMs?: number
  /** start the scheduler at once (default true) */
  schedule?: boolean
  /** is this the demo pair (its line says so) */
  isDemo?(pairId: number, name: string): boolean
}

export type FleetEvent =
  { type: 'run'; event: FleetRunEvent } | { type: 'batch'; state: FleetBatchState } | { type: 'open-pair'; pairId: number | undefined }

const SETTINGS_KEY = 'schedule'

/** The stored default schedule, each field checked (a bad stored value falls back to the default's). */
export function readDefaultSchedule(store: Pick<AppStore, 'settings'>): DefaultSchedule {
  const stored = store.settings.get<Partial<DefaultSchedule>>(SETTINGS_KEY, {})
  return { ...DEFAULT_SCHEDULE, ...(stored && typeof stored === 'object' ? stored : {}) }
}

/** One line per problem of a default schedule (empty when valid). */
export function scheduleProblems(d: Partial<DefaultSchedule>): string[] {
  const problems: string[] = []
  const whole = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max
  if (d.intervalMinutes !== undefined && !whole(d.intervalMinutes, 0, MAX_SCHEDULE_MINUTES))
    problems.push(`interval must be 0 (off) to ${MAX_SCHEDULE_MINUTES} minutes`)
  if (d.jitter !== undefined && !(typeof d.jitter === 'number' && d.jitter >= 0 && d.jitter <= 0.5))
    problems.push('jitter must be 0 to 0.5')
  if (d.concurrency !== undefined && !whole(d.concurrency, 1, 32)) problems.push('concurrency must be 1 to 32')
  if (d.notificationsPerMinute !== undefined && !whole(d.notificationsPerMinute, 1, 60))
    problems.push('notifications per minute must be 1 to 60')
  if (d.quietHours !== undefined) problems.push(...quietWindowProblems(d.quietHours))
  return problems
}

export class FleetService {
  readonly #store: AppStore
  readonly #runs: RunService
  readonly #fleet: FleetRepo
  readonly #pairRepo: PairRepo
  readonly #options: FleetOptions
  readonly #scheduler: Scheduler
  readonly #alerts: VerdictAlerts
  readonly #listeners = new Set<(e: FleetEvent) => void>()
  readonly #offRuns: () => void
  #platform: FleetPlatform = {}
  #batch: { controller: AbortController; state: FleetBatchState } | undefined
  #trayTimer: ReturnType<typeof setTimeout> | undefined

  constructor(store: AppStore, runs: RunService, options: FleetOptions = {}) {
    this.#store = store
    this.#runs = runs
    this.#options = options
    this.#fleet = new FleetRepo(store.db)
    this.#pairRepo = new PairRepo(store.db)
    this.#scheduler = new Scheduler({
      runs,
      pairs: () =>
        this.#fleet
          .list(1)
          .map((r) => ({ id: r.id, scheduleMinutes: r.scheduleMinutes, quietHours: r.quietHours, lastRunAt: r.lastRunAt })),
      defaults: () => this.defaults(),
      now: options.now,
      timers: options.timers,
      random: options.random,
      localTime: options.localTime,
      minuteMs: options.minuteMs,
      onSkip: (pairId, reason) => this.#emit({ type: 'run', event: { pairId, phase: 'skipped', trigger: 'schedule', reason } }),
      // a run's own failure is already a 'failed' run event; this is the scheduler failing to look
      onError: (pairId, error) => void (pairId === 0 && console.error(`scheduled checks: ${error}`))
    })
    this.#alerts = new VerdictAlerts({
      host: () => this.#platform.notifications,
      pair: (id) => this.#store.pairs.get(id),
      defaults: () => this.defaults(),
      open: (pairId) => this.openPair(pairId),
      now: options.now,
      timers: options.timers,
      localTime: options.localTime
    })
    this.#offRuns = runs.onEvent((e) => {
      if (e.type === 'started') this.#emit({ type: 'run', event: { pairId: e.pairId, phase: 'started', trigger: e.trigger } })
      else if (e.type === 'progress' && e.progress.type === 'check') {
        this.#emit({ type: 'run', event: { pairId: e.pairId, phase: 'progress', done: e.progress.done, total: e.progress.total } })
      } else if (e.type === 'finished') {
        this.#emit({
          type: 'run',
          event: { pairId: e.pairId, phase: 'finished', trigger: e.trigger, verdict: e.report.verdict, state: e.report.state }
        })
        // acknowledged results do not notify: the verdicts compared leave them out
        const a = alertReports(this.#store.acks, e.report, e.previous)
        this.#alerts.runFinished(e.pairId, a.report, a.previous)
      } else if (e.type === 'failed')
        this.#emit({ type: 'run', event: { pairId: e.pairId, phase: 'failed', trigger: e.trigger, reason: e.error } })
      if (e.type !== 'progress') this.#queueTray()
    })
    if (options.schedule !== false) this.#scheduler.start()
  }

  /** Plug in the host's tray / notifications / window opener (Electron after app ready, or the bridge). */
  attach(platform: FleetPlatform): void {
    this.#platform = { ...this.#platform, ...platform }
    this.updateTray()
  }

  /** Subscribe to fleet events (IPC pushes them); returns the unsubscribe. */
  onEvent(listener: (e: FleetEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Every saved pair with its newest verdict, the last `recent` verdicts, running now and next due. */
  list(recent = 20): FleetItem[] {
    const running = new Set(this.#runs.runningPairs())
    const acked = ackedByPair(this.#store.acks.active())
    return this.#fleet.list(recent).map((r) => {
      const due = this.#scheduler.dueAt(r.id)
      return {
        ...r,
        acknowledged: acknowledgedOf(r, acked),
        running: running.has(r.id),
        demo: this.#options.isDemo?.(r.id, r.name) ?? false,
        nextDueAt: due !== undefined ? new Date(due).toISOString() : null
      }
    })
  }

  batchState(): FleetBatchState {
    return this.#batch?.state ?? { running: false, total: 0, done: 0, cancelled: false }
  }

  /**
   * Start checking these pairs (all saved pairs when `pairIds` is empty) in the background, at most
   * `concurrency` at a time; progress comes as events. Refused while a batch is going.
   */
  checkMany(pairIds: number[], concurrency?: number): { queued: number[] } {
    if (this.#batch) throw new Error('a check of the fleet is already in progress: cancel it first')
    const known = new Set(this.#store.pairs.list().map((p) => p.id))
    const ids = (pairIds.length ? pairIds : [...known]).filter((id) => known.has(id))
    const controller = new AbortController()
    const state: FleetBatchState = { running: true, total: ids.length, done: 0, cancelled: false }
    const batch = { controller, state }
    this.#batch = batch
    this.#emit({ type: 'batch', state: { ...state } })
    void this.#runs
      .runMany(ids, {
        concurrency: concurrency ?? this.defaults().concurrency,
        signal: controller.signal,
        trigger: 'check-all',
        onProgress: (p) => {
          if (p.phase === 'queued') this.#emit({ type: 'run', event: { pairId: p.pairId, phase: 'queued', trigger: 'check-all' } })
          else if (p.phase === 'outcome') {
            state.done++
            if (p.outcome.state === 'skipped')
              this.#emit({ type: 'run', event: { pairId: p.pairId, phase: 'skipped', trigger: 'check-all', reason: p.outcome.reason } })
            this.#emit({ type: 'batch', state: { ...state } })
          }
        }
      })
      .finally(() => {
        state.running = false
        if (this.#batch === batch) this.#batch = undefined
        this.#emit({ type: 'batch', state: { ...state } })
      })
    return { queued: ids }
  }

  /** Cancel the "Check all" batch: runs in flight end cancelled, the rest are skipped. */
  cancelBatch(): boolean {
    if (!this.#batch) return false
    this.#batch.state.cancelled = true
    this.#batch.controller.abort()
    return true
  }

  defaults(): DefaultSchedule {
    return readDefaultSchedule(this.#store)
  }

  setDefaults(change: Partial<DefaultSchedule>): DefaultSchedule {
    const problems = scheduleProblems(change)
    if (problems.length) throw new Error(problems.join('; '))
    const next = { ...this.defaults(), ...change }
    this.#store.settings.set(SETTINGS_KEY, next)
    this.#scheduler.refresh()
    return next
  }

  /** A pair's interval (null = default, 0 = off), quiet windows (null = default) and mute. */
  setPairSchedule(pairId: number, fields: PairScheduleFields): void {
    if (
      fields.scheduleMinutes != null &&
      !(Number.isInteger(fields.scheduleMinutes) && fields.scheduleMinutes >= 0 && fields.scheduleMinutes <= MAX_SCHEDULE_MINUTES)
    ) {
      throw new Error(`interval must be 0 (off) to ${MAX_SCHEDULE_MINUTES} minutes`)
    }
    if (fields.quietHours) {
      const problems = quietWindowProblems(fields.quietHours)
      if (problems.length) throw new Error(problems.join('; '))
    }
    if (!this.#pairRepo.setSchedule(pairId, fields)) throw new Error(`no pair ${pairId}`)
    this.#scheduler.refresh()
  }

  /** Pairs were added, edited or deleted: the scheduler and the tray look again. */
  pairsChanged(): void {
    this.#scheduler.refresh()
    this.updateTray()
  }

  /** Ask the host to show a pair (a notification or tray click) and tell the renderer. */
  openPair(pairId: number | undefined): void {
    this.#platform.openPair?.(pairId)
    this.#emit({ type: 'open-pair', pairId })
  }

  updateTray(): void {
    const tray = this.#platform.tray
    if (!tray) return
    const items = this.list(1)
    tray.update(
      trayStateOf(
        items.map((r) => (r.notChecked !== null ? 'not-checked' : verdictLeavingAcks(r))),
        this.#runs.runningPairs().length,
        items.map((r) => r.readiness)
      )
    )
  }

  /** a burst of runs (Check all over 200 pairs) updates the tray once per 250 ms, not per run */
  #queueTray(): void {
    if (this.#trayTimer !== undefined || !this.#platform.tray) return
    this.#trayTimer = setTimeout(() => {
      this.#trayTimer = undefined
      this.updateTray()
    }, 250)
  }

  dispose(): void {
    clearTimeout(this.#trayTimer)
    this.#trayTimer = undefined
    this.#scheduler.stop()
    this.#alerts.dispose()
    this.#batch?.controller.abort()
    this.#offRuns()
    this.#platform.tray?.dispose()
  }

  #emit(e: FleetEvent): void {
    for (const l of this.#listeners) {
      try {
        l(e)
      } catch {
        // a listener's bug must not stop the fleet
      }
    }
  }
}
