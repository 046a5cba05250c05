/** ScheduleState keeps a pair's failure to that pair; FollowState drops the kept follows of a run no longer shown. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoredFollow } from '@shared/domain/follow'
import { deferred, stubApi } from './stub-api'

const kept = (followId: number): StoredFollow => ({ followId, samples: [] }) as unknown as StoredFollow

describe('ScheduleState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('reads the default, saves a change and shows a failed pair change on that pair only', async () => {
    const fleetLoads: number[] = []
    stubApi({
      schedule: {
        get: async () => ({ intervalMinutes: 0, quietHours: [], concurrency: 4, notificationsPerMinute: 3 }),
        setDefault: async (c: { intervalMinutes: number }) => ({
          intervalMinutes: c.intervalMinutes,
          quietHours: [],
          concurrency: 4,
          notificationsPerMinute: 3
        }),
        setPair: async ({ pairId }: { pairId: number }) => {
          if (pairId === 2) throw new Error('pair 2 is gone\nstack')
        }
      },
      fleet: { list: async () => (fleetLoads.push(1), []) }
    })
    const { ScheduleState } = await import('../../src-renderer/src/features/fleet/schedule.svelte')
    const s = new ScheduleState()
    await s.load()
    expect(s.schedule?.intervalMinutes).toBe(0)
    await s.setDefault({ intervalMinutes: 60 })
    expect(s.schedule?.intervalMinutes).toBe(60)
    expect(fleetLoads.length).toBe(1)
    await s.setPair(2, { notifyMuted: true })
    expect(s.pairError(2)).toBe('pair 2 is gone')
    expect(s.pairError(1)).toBeNull()
    await s.setPair(1, { notifyMuted: true })
    expect(s.pairError(2)).toBeNull()
  })
})

describe('FollowState kept follows', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('shows the follows kept with the run on screen and drops a late answer for an earlier run', async () => {
    const answers = new Map<number, ReturnType<typeof deferred<StoredFollow[]>>>()
    stubApi({
      follow: {
        list: ({ runId }: { runId: number }) => {
          const d = deferred<StoredFollow[]>()
          answers.set(runId, d)
          return d.promise
        }
      }
    })
    const { FollowState } = await import('../../src-renderer/src/features/follow/follow.svelte')
    const f = new FollowState()
    const first = f.loadKept(1)
    const second = f.loadKept(2)
    answers.get(2)!.resolve([kept(20)])
    await second
    answers.get(1)!.resolve([kept(10)])
    await first
    expect(f.kept.map((k) => k.followId)).toEqual([20])
    // nothing to show (running, the panel open): the list empties at once
    await f.loadKept(undefined)
    expect(f.kept).toEqual([])
  })
})
