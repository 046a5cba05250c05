import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { estimateCompletion, type GrowthPoint } from '../../src-main/main/follow/estimate'

const line = (rate: number, from: number, ts: number[]): GrowthPoint[] =>
  ts.map((t) => ({ t, bytes: from + rate * t, progress: from + rate * t }))

describe('estimateCompletion', () => {
  it('steady growth: the rate is the slope, the ETA is what is left over it, the range collapses', () => {
    const pts = line(1000, 40_000, [0, 5, 10, 15, 20])
    const e = estimateCompletion(pts, 100_000)
    expect(e.rateBytesPerSec).toBeCloseTo(1000, 6)
    expect(e.remainingBytes).toBe(40_000)
    expect(e.etaSeconds).toBeCloseTo(40, 6)
    expect(e.etaLowSeconds).toBeCloseTo(40, 3)
    expect(e.etaHighSeconds).toBeCloseTo(40, 3)
    expect(e.stalled).toBe(false)
    expect(e.stalledForSeconds).toBe(0)
  })

  it('uneven growth gives a range around the ETA', () => {
    const bytes = [0, 9_000, 11_000, 30_000, 31_000, 52_000]
    const pts = bytes.map((b, i) => ({ t: i * 5, bytes: b, progress: b }))
    const e = estimateCompletion(pts, 200_000)
    expect(e.etaSeconds).not.toBeNull()
    expect(e.etaLowSeconds!).toBeLessThan(e.etaSeconds!)
    expect(e.etaHighSeconds === null || e.etaHighSeconds > e.etaSeconds!).toBe(true)
  })

  it('two points: an ETA without a range; one point: nothing to tell yet', () => {
    const two = estimateCompletion(line(500, 0, [0, 4]), 10_000)
    expect(two.etaSeconds).toBeCloseTo(16, 6)
    expect(two.etaLowSeconds).toBeNull()
    expect(two.etaHighSeconds).toBeNull()
    const one = estimateCompletion(line(500, 0, [0]), 10_000)
    expect(one.etaSeconds).toBeNull()
    expect(one.rateBytesPerSec).toBeNull()
  })

  it('fits only the recent window: an old burst does not speed up the estimate', () => {
    const pts: GrowthPoint[] = [
      { t: 0, bytes: 0, progress: 0 },
      { t: 10, bytes: 500_000, progress: 500_000 },
      ...line(100, 500_000 - 100 * 100, [100, 110, 120, 130, 140])
    ]
    const e = estimateCompletion(pts, 600_000, { windowSeconds: 60 })
    expect(e.rateBytesPerSec).toBeCloseTo(100, 6)
  })

  it('nothing grows for stallSeconds: stalled, with how long; the ETA is unknown', () => {
    const pts = [0, 10, 20, 30, 40, 50, 60, 70].map((t) => ({ t, bytes: t <= 10 ? t * 100 : 1000, progress: t <= 10 ? t * 100 : 1000 }))
    const e = estimateCompletion(pts, 5000, { stallSeconds: 45, windowSeconds: 30 })
    expect(e.stalledForSeconds).toBe(60)
    expect(e.stalled).toBe(true)
    expect(e.etaSeconds).toBeNull()
    const soon = estimateCompletion(pts.slice(0, 5), 5000, { stallSeconds: 45 })
    expect(soon.stalled).toBe(false)
    expect(soon.stalledForSeconds).toBe(30)
  })

  it('progress outside xdb/data (log files arriving) is not a stall', () => {
    const pts = [0, 30, 60, 90].map((t) => ({ t, bytes: 1000, progress: t }))
    expect(estimateCompletion(pts, 1000 + 1).stalled).toBe(false)
  })

  it('reached (or passed) the target: zero remaining, ETA 0, never stalled', () => {
    const pts = [0, 60, 120].map((t) => ({ t, bytes: 2000, progress: 2000 }))
    const e = estimateCompletion(pts, 1500)
    expect(e.remainingBytes).toBe(0)
    expect(e.etaSeconds).toBe(0)
    expect(e.stalled).toBe(false)
  })

  it('shrinking replica (files being replaced): a negative rate, no ETA', () => {
    const e = estimateCompletion(line(-100, 10_000, [0, 5, 10]), 20_000)
    expect(e.rateBytesPerSec).toBeLessThan(0)
    expect(e.etaSeconds).toBeNull()
  })

  it('property: for any growing series the range holds the ETA, and nothing is negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 3, maxLength: 30 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (steps, extra) => {
          let b = 0
          const pts = steps.map((s, i) => ({ t: i * 3, bytes: (b += s), progress: b }))
          const e = estimateCompletion(pts, b + extra)
          expect(e.remainingBytes).toBe(extra)
          if (e.etaSeconds !== null) {
            expect(e.etaSeconds).toBeGreaterThan(0)
            if (e.etaLowSeconds !== null) expect(e.etaLowSeconds).toBeLessThanOrEqual(e.etaSeconds * (1 + 1e-9))
            if (e.etaHighSeconds !== null) expect(e.etaHighSeconds).toBeGreaterThanOrEqual(e.etaSeconds * (1 - 1e-9))
          }
        }
      )
    )
  })
})
