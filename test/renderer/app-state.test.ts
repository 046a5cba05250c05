/** AppState: views change only through methods; selecting a pair drops a late answer for the one selected before. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi, deferred } from './stub-api'

describe('AppState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('shows the last run of the pair selected last, even when the previous pair answers later', async () => {
    const slow = deferred<unknown>()
    stubApi({
      runs: {
        list: async ({ pairId }: { pairId: number }) => [{ id: pairId * 10 }],
        get: ({ runId }: { runId: number }) => (runId === 10 ? slow.promise : Promise.resolve({ runId }))
      }
    })
    const { AppState } = await import('../../src-renderer/src/lib/state/app.svelte')
    const app = new AppState()
    const first = app.select(1)
    await new Promise((r) => setTimeout(r, 0))
    await app.select(2)
    slow.resolve({ runId: 10 })
    await first
    expect(app.selectedId).toBe(2)
    expect(app.report?.runId).toBe(20)
  })

  it('switches views through show(); fields are read-only from outside', async () => {
    stubApi({})
    const { AppState } = await import('../../src-renderer/src/lib/state/app.svelte')
    const app = new AppState()
    app.show('history')
    expect(app.view).toBe('history')
    expect(() => ((app as unknown as { view: string }).view = 'run')).toThrow()
    app.showFleet()
    expect(app.view).toBe('run')
  })
})
