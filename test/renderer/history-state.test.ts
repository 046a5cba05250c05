/** HistoryState: loads one pair's history, drops a late answer for the previous pair, compares through runs:compare. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunListItem, RunComparisonDto } from '@shared/ipc-contract'
import { stubApi, deferred } from './stub-api'

const item = (id: number): RunListItem => ({
  id,
  startedAt: `2026-01-01T00:00:0${id}Z`,
  state: 'done',
  verdict: 'pass',
  counts: { pass: 1, warn: 0, fail: 0, unknown: 0, skipped: 0 }
})

describe('HistoryState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('loads the runs, the trend and the last reports of a pair', async () => {
    stubApi({
      runs: {
        list: async ({ pairId }: { pairId: number }) => (pairId === 1 ? [item(2), item(1)] : []),
        trend: async () => [{ runId: 1, startedAt: 'x', counts: { pass: 1, warn: 0, fail: 0, unknown: 0, skipped: 0 } }],
        get: async ({ runId }: { runId: number }) => ({ runId, startedAt: `t${runId}` })
      }
    })
    const { HistoryState } = await import('../../src-renderer/src/features/history/history.svelte')
    const h = new HistoryState()
    await h.load(1)
    expect(h.runs.map((r) => r.id)).toEqual([2, 1])
    expect(h.trend).toHaveLength(1)
    expect(h.reports.map((r) => r.runId)).toEqual([1, 2])
  })

  it('ignores a late answer for the previous pair', async () => {
    const slow = deferred<RunListItem[]>()
    stubApi({
      runs: {
        list: ({ pairId }: { pairId: number }) => (pairId === 1 ? slow.promise : Promise.resolve([item(7)])),
        trend: async () => [],
        get: async () => null
      }
    })
    const { HistoryState } = await import('../../src-renderer/src/features/history/history.svelte')
    const h = new HistoryState()
    const first = h.load(1)
    await h.load(2)
    expect(h.runs.map((r) => r.id)).toEqual([7])
    slow.resolve([item(1), item(2), item(3)])
    await first
    expect(h.pairId).toBe(2)
    expect(h.runs.map((r) => r.id)).toEqual([7])
  })

  it('compares two ticked runs through runs:compare and drops an answer for an older pick', async () => {
    const calls: { fromRunId: number; toRunId: number }[] = []
    const slow = deferred<RunComparisonDto>()
    stubApi({
      runs: {
        list: async () => [item(3), item(2), item(1)],
        trend: async () => [],
        get: async () => null,
        compare: (a: { fromRunId: number; toRunId: number }) => {
          calls.push(a)
          if (a.toRunId === 2) return slow.promise
          return Promise.resolve({ ...a, checkChanges: [{ id: 'NSM-HA-01', title: 'HA on', before: 'pass', after: null }] })
        }
      }
    })
    const { HistoryState } = await import('../../src-renderer/src/features/history/history.svelte')
    const h = new HistoryState()
    await h.load(1)
    const stale = h.toggle(1).then(() => h.toggle(2))
    await Promise.resolve()
    await Promise.resolve()
    await h.toggle(3) // picks [2, 3] while the [1, 2] answer is still out
    slow.resolve({ fromRunId: 1, toRunId: 2, checkChanges: [{ id: 'X', title: 'stale', before: 'pass', after: 'fail' }] })
    await stale
    expect(calls).toEqual([
      { fromRunId: 1, toRunId: 2 },
      { fromRunId: 2, toRunId: 3 }
    ])
    expect(h.picked).toEqual([2, 3])
    expect(h.comparison).toEqual([{ id: 'NSM-HA-01', title: 'HA on', a: 'pass', b: '—' }])
    await h.toggle(3)
    expect(h.picked).toEqual([2])
    expect(h.comparison).toEqual([])
  })
})

describe('LastHealthyState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('ignores a late last-healthy answer for the previous pair', async () => {
    const slow = deferred<unknown>()
    stubApi({ runs: { lastHealthy: ({ pairId }: { pairId: number }) => (pairId === 1 ? slow.promise : Promise.resolve({ runId: 20 })) } })
    const { LastHealthyState } = await import('../../src-renderer/src/features/diff/last-healthy.svelte')
    const s = new LastHealthyState()
    const first = s.load(1)
    await s.load(2)
    slow.resolve({ runId: 10 })
    await first
    expect(s.report?.runId).toBe(20)
  })
})
