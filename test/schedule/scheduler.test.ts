/**
 * The scheduler on a manual clock: pairs come due at their interval, jitter spreads a fleet, quiet
 * windows in skip mode leave a pair alone, a pair still running when due is not run twice, a bounded
 * number of scheduled runs at once. Runs are stand-ins the test finishes by hand.
 */
import { describe, expect, it } from 'vitest'
import { Scheduler, type ScheduledPair, type Timers } from '../../src-main/main/schedule/scheduler'
import { inWindow, quietModeAt } from '../../src-main/main/schedule/quiet-hours'
import { DEFAULT_SCHEDULE, type DefaultSchedule } from '../../src-main/shared/domain/schedule'

const MIN = 60_000

/** a clock and timers that only move when the test says so */
class ManualClock implements Timers {
  now = Date.UTC(2026, 0, 5, 12, 0) // a Monday, 12:00 UTC
  /** a timer fires this many ms before its time by the clock (Node's timers and Date.now() drift apart) */
  early = 0
  /** each reading of the clock moves it on (time passes while a look at the pairs runs) */
  perRead = 0
  read(): number {
    this.now += this.perRead
    return this.now
  }
  #timers: { at: number; fn: () => void; id: number }[] = []
  #id = 0
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id
    this.#timers.push({ at: this.now + ms, fn, id })
    return id
  }
  clearTimeout(h: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== h)
  }
  /** move time forward, firing due timers in order */
  advance(ms: number): void {
    const end = this.now + ms
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at)
      const t = this.#timers[0]
      if (!t || t.at > end) break
      this.#timers.shift()
      this.now = this.early ? Math.max(this.now + 1, t.at - this.early) : Math.max(this.now, t.at)
      t.fn()
    }
    this.now = end
  }
}

/** runs that stay open until finish(pairId) */
class FakeRuns {
  started: { pairId: number; at: number }[] = []
  readonly #open = new Map<number, () => void>()
  constructor(private readonly clock: ManualClock) {}
  isRunning(pairId: number): boolean {
    return this.#open.has(pairId)
  }
  run(pairId: number): Promise<never> {
    if (this.#open.has(pairId)) throw new Error('doubled run')
    this.started.push({ pairId, at: this.clock.now })
    return new Promise((_ok, fail) => this.#open.set(pairId, () => fail(new Error('done'))))
  }
  async finish(pairId: number): Promise<void> {
    this.#open.get(pairId)?.()
    this.#open.delete(pairId)
    await new Promise((ok) => setImmediate(ok))
  }
  async finishAll(): Promise<void> {
    for (const id of [...this.#open.keys()]) await this.finish(id)
  }
  open(): number[] {
    return [...this.#open.keys()]
  }
}

function setup(pairs: ScheduledPair[], defaults: Partial<DefaultSchedule> = {}, random = (): number => 0.5) {
  const clock = new ManualClock()
  const runs = new FakeRuns(clock)
  const skips: string[] = []
  const d: DefaultSchedule = { ...DEFAULT_SCHEDULE, intervalMinutes: 10, jitter: 0, ...defaults }
  const scheduler = new Scheduler({
    runs: runs as never,
    pairs: () => pairs,
    defaults: () => d,
    now: () => clock.read(),
    timers: clock,
    random,
    localTime: (ms) => ({ day: new Date(ms).getUTCDay(), minutes: new Date(ms).getUTCHours() * 60 + new Date(ms).getUTCMinutes() }),
    onSkip: (id, why) => skips.push(`${id}:${why}`)
  })
  return { clock, runs, scheduler, skips, d }
}

describe('scheduler', () => {
  it('checks a pair at once, then every interval counted from the end of its run', async () => {
    const { clock, runs, scheduler } = setup([{ id: 1 }])
    scheduler.start()
    expect(runs.started.map((s) => s.pairId)).toEqual([1])
    clock.advance(2 * MIN)
    await runs.finish(1)
    clock.advance(9 * MIN)
    expect(runs.started).toHaveLength(1)
    clock.advance(1 * MIN)
    expect(runs.started).toHaveLength(2)
    expect(runs.started[1].at - runs.started[0].at).toBe(12 * MIN)
    scheduler.stop()
  })

  it('a timer that fires a little early by the clock, time passing during the look: the run still starts (not a 60 s sleep)', async () => {
    const { clock, runs, scheduler } = setup([{ id: 1 }])
    clock.early = 3
    clock.perRead = 2
    scheduler.start()
    await runs.finish(1)
    clock.advance(10 * MIN + 10)
    expect(runs.started).toHaveLength(2)
    scheduler.stop()
  })

  it('continues from the last run after a restart and leaves pairs with interval 0 alone', () => {
    const clock0 = Date.UTC(2026, 0, 5, 12, 0)
    const { clock, runs, scheduler } = setup([
      { id: 1, lastRunAt: new Date(clock0 - 4 * MIN).toISOString() },
      { id: 2, scheduleMinutes: 0 },
      { id: 3, scheduleMinutes: 30, lastRunAt: new Date(clock0 - 1 * MIN).toISOString() }
    ])
    scheduler.start()
    expect(runs.started).toEqual([])
    clock.advance(6 * MIN)
    expect(runs.started.map((s) => s.pairId)).toEqual([1])
    expect(scheduler.dueAt(2)).toBeUndefined()
    expect(scheduler.dueAt(3)).toBe(clock0 + 29 * MIN)
    scheduler.stop()
  })

  it('jitter spreads the first checks of a fleet over a share of the interval', () => {
    let seed = 1
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const pairs = Array.from({ length: 200 }, (_, i) => ({ id: i + 1 }))
    const { clock, scheduler } = setup(pairs, { jitter: 0.2, intervalMinutes: 15 }, random)
    scheduler.start()
    const dues = pairs.map((p) => scheduler.dueAt(p.id)! - clock.now)
    // within [0, 20% of 15 min], and not all in the same second
    expect(Math.min(...dues)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...dues)).toBeLessThanOrEqual(0.2 * 15 * MIN)
    const seconds = new Set(dues.map((d) => Math.floor(d / 1000)))
    expect(seconds.size).toBeGreaterThan(100)
    scheduler.stop()
  })

  it('a pair still running when it is due again is not run twice (the slot is skipped)', async () => {
    const { clock, runs, scheduler, skips } = setup([{ id: 7 }])
    scheduler.start()
    clock.advance(25 * MIN) // the run hangs for two intervals
    expect(runs.started).toHaveLength(1)
    expect(skips.filter((s) => s === '7:still-running').length).toBeGreaterThanOrEqual(1)
    await runs.finish(7)
    clock.advance(10 * MIN)
    expect(runs.started).toHaveLength(2)
    scheduler.stop()
  })

  it('a pair run by hand (not by the scheduler) is not doubled either', () => {
    const { clock, runs, scheduler, skips } = setup([{ id: 4, lastRunAt: new Date(Date.UTC(2026, 0, 5, 11, 55)).toISOString() }])
    scheduler.start()
    void runs.run(4) // "Run checks" pressed
    clock.advance(6 * MIN)
    expect(runs.started).toHaveLength(1)
    expect(skips).toContain('4:still-running')
    scheduler.stop()
  })

  it('quiet hours in skip mode: not checked inside the window, checked after it', () => {
    // Monday 12:00 UTC; quiet 11:00–13:00 on Mondays
    const { clock, runs, scheduler, skips } = setup([{ id: 1, quietHours: [{ start: '11:00', end: '13:00', days: [1], mode: 'skip' }] }])
    scheduler.start()
    expect(runs.started).toEqual([])
    expect(skips).toContain('1:quiet-hours')
    clock.advance(50 * MIN)
    expect(runs.started).toEqual([])
    clock.advance(20 * MIN)
    expect(runs.started).toHaveLength(1)
    expect(new Date(runs.started[0].at).getUTCHours()).toBe(13)
    scheduler.stop()
  })

  it('silent quiet hours still check (only alerts are held back)', () => {
    const { runs, scheduler } = setup([{ id: 1, quietHours: [{ start: '11:00', end: '13:00', mode: 'silent' }] }])
    scheduler.start()
    expect(runs.started).toHaveLength(1)
    scheduler.stop()
  })

  it('runs at most `concurrency` scheduled checks at once; the rest wait for a slot', async () => {
    const pairs = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }))
    const { runs, scheduler } = setup(pairs, { concurrency: 2 })
    scheduler.start()
    expect(runs.open()).toHaveLength(2)
    await runs.finish(runs.open()[0])
    expect(runs.open()).toHaveLength(2)
    expect(runs.started).toHaveLength(3)
    await runs.finishAll()
    await runs.finishAll()
    await runs.finishAll()
    expect(runs.started.map((s) => s.pairId).sort()).toEqual([1, 2, 3, 4, 5])
    scheduler.stop()
  })
})

describe('quiet windows', () => {
  it('a window crossing midnight belongs to the day it starts', () => {
    const w = { start: '22:00', end: '06:00', days: [5], mode: 'skip' as const } // Friday night
    expect(inWindow(w, { day: 5, minutes: 23 * 60 })).toBe(true)
    expect(inWindow(w, { day: 6, minutes: 5 * 60 })).toBe(true) // Saturday early morning
    expect(inWindow(w, { day: 6, minutes: 23 * 60 })).toBe(false)
    expect(inWindow(w, { day: 5, minutes: 5 * 60 })).toBe(false) // Friday early morning belongs to Thursday
  })

  it('skip wins over silent; equal start and end is the whole day', () => {
    const t = { day: 2, minutes: 600 }
    expect(
      quietModeAt(
        [
          { start: '09:00', end: '11:00', mode: 'silent' },
          { start: '00:00', end: '00:00', mode: 'skip' }
        ],
        t
      )
    ).toBe('skip')
    expect(quietModeAt([{ start: '09:00', end: '11:00', mode: 'silent' }], t)).toBe('silent')
    expect(quietModeAt([], t)).toBeNull()
  })
})
