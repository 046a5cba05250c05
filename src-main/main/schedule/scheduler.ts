/**
 * Scheduled checks in main: each pair is checked every N minutes (its own interval or the default), with
 * jitter so a fleet does not connect in the same second, a bounded number of scheduled runs at once,
 * quiet windows in `skip` mode leaving the pair alone, and never a second run of a pair that is still
 * running (the slot is skipped, not doubled). Lives in main, so it keeps going with the window closed.
 * Clock, timers and randomness are injected (tests run a "minute" of a few milliseconds).
 */
import type { DefaultSchedule, QuietWindow } from '../../shared/domain/schedule'
import type { RunService } from '../run/run-service'
import { hostLocalTime, quietModeAt, type LocalTime } from './quiet-hours'
import { errorLine } from '../../shared/error-line'

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** What the scheduler needs of a saved pair. */
export interface ScheduledPair {
  id: number
  scheduleMinutes?: number | null
  quietHours?: QuietWindow[] | null
  /** the newest run's start: the first due time continues from it after a restart */
  lastRunAt?: string | null
}

export type SkipReason = 'quiet-hours' | 'still-running'

export interface SchedulerDeps {
  runs: Pick<RunService, 'run' | 'isRunning'>
  pairs(): ScheduledPair[]
  defaults(): DefaultSchedule
  now?: () => number
  timers?: Timers
  /** 0 ≤ x < 1 */
  random?: () => number
  localTime?: (ms: number) => LocalTime
  /** how long a schedule minute is (default 60,000 ms; tests shorten it) */
  minuteMs?: number
  /** longest sleep between two looks at the pairs, so edits are picked up (default 60 s) */
  maxSleepMs?: number
  onSkip?(pairId: number, reason: SkipReason): void
  /** the run's error (a failed start: unknown pair, keychain) — the run itself records node failures */
  onError?(pairId: number, error: string): void
}

const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
}

export class Scheduler {
  readonly #deps: SchedulerDeps
  readonly #due = new Map<number, number>()
  /** scheduled runs in flight */
  readonly #active = new Set<number>()
  #timer: unknown = undefined
  #started = false

  constructor(deps: SchedulerDeps) {
    this.#deps = deps
  }

  get #now(): number {
    return (this.#deps.now ?? Date.now)()
  }

  start(): void {
    if (this.#started) return
    this.#started = true
    this.#tick()
  }

  stop(): void {
    this.#started = false
    this.#clear()
  }

  /** Pairs or the default schedule changed: look again now. */
  refresh(): void {
    if (this.#started) this.#tick()
  }

  /** When the pair is next due (ms since the epoch), undefined when it is not scheduled. */
  dueAt(pairId: number): number | undefined {
    return this.#due.get(pairId)
  }

  /** Pair ids with a scheduled run in flight. */
  activeRuns(): number[] {
    return [...this.#active]
  }

  #period(p: ScheduledPair, d: DefaultSchedule): number {
    const minutes = p.scheduleMinutes ?? d.intervalMinutes
    return minutes > 0 ? minutes * (this.#deps.minuteMs ?? 60_000) : 0
  }

  /** base + period, moved by up to ±jitter of the period */
  #next(base: number, period: number, jitter: number): number {
    const r = (this.#deps.random ?? Math.random)()
    return base + period * (1 + clampJitter(jitter) * (2 * r - 1))
  }

  /** a first due time: from the last run (or now), pushed later by up to jitter of the period */
  #first(p: ScheduledPair, period: number, jitter: number, now: number): number {
    const last = p.lastRunAt ? Date.parse(p.lastRunAt) : NaN
    const base = Number.isFinite(last) ? Math.max(last + period, now) : now
    return base + period * clampJitter(jitter) * (this.#deps.random ?? Math.random)()
  }

  #tick(): void {
    this.#clear()
    if (!this.#started) return
    // one clock reading for the whole look: a timer may fire a few ms early by Date.now()
    const now = this.#now
    let blocked = new Set<number>()
    try {
      blocked = this.#plan(now)
    } catch (err) {
      // a failed look (e.g. the database busy) must not stop the schedule: look again later
      this.#deps.onError?.(0, errorLine(err))
    }
    this.#arm(now, blocked)
  }

  /** start what is due, reschedule what is skipped; returns the pairs left due for want of a free slot */
  #plan(now: number): Set<number> {
    const blocked = new Set<number>()
    const d = this.#deps.defaults()
    const pairs = this.#deps.pairs()
    const seen = new Set<number>()
    const due: { p: ScheduledPair; period: number; at: number }[] = []
    for (const p of pairs) {
      seen.add(p.id)
      const period = this.#period(p, d)
      if (period === 0) {
        this.#due.delete(p.id)
        continue
      }
      let at = this.#due.get(p.id)
      // new pair, or its interval became shorter than the wait left
      if (at === undefined || at > now + period * (1 + clampJitter(d.jitter))) at = this.#first(p, period, d.jitter, now)
      this.#due.set(p.id, at)
      if (at <= now) due.push({ p, period, at })
    }
    for (const id of [...this.#due.keys()]) if (!seen.has(id)) this.#due.delete(id)
    due.sort((a, b) => a.at - b.at)
    for (const { p, period } of due) {
      if (quietModeAt(p.quietHours ?? d.quietHours, (this.#deps.localTime ?? hostLocalTime)(now)) === 'skip') {
        this.#due.set(p.id, this.#next(now, period, d.jitter))
        this.#deps.onSkip?.(p.id, 'quiet-hours')
        continue
      }
      // still running when the next is due (scheduled or started by hand): this slot is skipped
      if (this.#active.has(p.id) || this.#deps.runs.isRunning(p.id)) {
        this.#due.set(p.id, this.#next(now, period, d.jitter))
        this.#deps.onSkip?.(p.id, 'still-running')
        continue
      }
      // no free slot: stays due, picked up when a scheduled run ends
      if (this.#active.size >= Math.max(1, d.concurrency)) {
        blocked.add(p.id)
        continue
      }
      this.#launch(p.id, period, d.jitter)
    }
    return blocked
  }

  #launch(pairId: number, period: number, jitter: number): void {
    this.#active.add(pairId)
    this.#due.set(pairId, this.#next(this.#now, period, jitter))
    this.#deps.runs
      .run(pairId, { trigger: 'schedule' })
      .catch((err: unknown) => this.#deps.onError?.(pairId, errorLine(err)))
      .finally(() => {
        this.#active.delete(pairId)
        // the next run counts from the end of this one
        if (this.#due.has(pairId)) this.#due.set(pairId, this.#next(this.#now, period, jitter))
        this.refresh()
      })
  }

  #arm(now: number, blocked: ReadonlySet<number>): void {
    let wake = now + (this.#deps.maxSleepMs ?? 60_000)
    // a pair waiting for a free slot is looked at again when a scheduled run ends (refresh)
    for (const [id, at] of this.#due) if (!this.#active.has(id) && !blocked.has(id)) wake = Math.min(wake, Math.max(at, now))
    const timers = this.#deps.timers ?? NODE_TIMERS
    this.#timer = timers.setTimeout(
      () => {
        this.#timer = undefined
        this.#tick()
      },
      Math.max(1, wake - now)
    )
  }

  #clear(): void {
    if (this.#timer !== undefined) (this.#deps.timers ?? NODE_TIMERS).clearTimeout(this.#timer)
    this.#timer = undefined
  }
}

function clampJitter(j: number): number {
  return Math.min(0.5, Math.max(0, Number.isFinite(j) ? j : 0))
}
