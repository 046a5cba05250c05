/** PairFormState: the pair form's calls — secrets typed go to secrets:set/clear (blank keeps), tests send only typed values, a late load is dropped. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi, deferred } from './stub-api'

const pair = (name: string) => ({
  name,
  primary: { host: 'a', port: 22, user: 'u', auth: 'password', sudo: 'none' },
  secondary: { host: 'b', port: 22, user: 'u', auth: 'password', sudo: 'none' }
})

describe('PairFormState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('saves the pair, sets typed secrets, clears cleared ones and keeps blank ones', async () => {
    const calls: string[] = []
    stubApi({
      pairs: { save: async () => ({ id: 5 }), list: async () => [] },
      secrets: {
        set: async (a: { role: string; kind: string }) => void calls.push(`set ${a.role} ${a.kind}`),
        clear: async (a: { role: string; kind: string }) => void calls.push(`clear ${a.role} ${a.kind}`)
      },
      runs: { list: async () => [] }
    })
    const { PairFormState } = await import('../../src-renderer/src/features/pairs/pair-form.svelte')
    const f = new PairFormState()
    const ok = await f.save(pair('p') as never, [
      { role: 'primary', kind: 'password', value: 'pw', clear: false },
      { role: 'secondary', kind: 'sudo', value: '', clear: true },
      { role: 'secondary', kind: 'password', value: '', clear: false }
    ])
    expect(ok).toBe(true)
    expect(calls).toEqual(['set primary password', 'clear secondary sudo'])
    expect(f.error).toBeNull()
    expect(f.saving).toBe(false)
  })

  it('tests the form as typed with only the typed secrets; a failure is one line', async () => {
    let sent: unknown
    stubApi({ pairs: { test: async (a: unknown) => ((sent = a), Promise.reject(new Error('refused\nmore'))) } })
    const { PairFormState } = await import('../../src-renderer/src/features/pairs/pair-form.svelte')
    const f = new PairFormState()
    expect(
      await f.test(pair('p') as never, 3, [
        { role: 'secondary', kind: 'passphrase', value: 'x', clear: false },
        { role: 'primary', kind: 'password', value: '', clear: true }
      ])
    ).toBe(false)
    expect(sent).toMatchObject({ pairId: 3, secrets: { secondary: { passphrase: 'x' } } })
    expect(f.error).toBe('refused')
    expect(f.tested).toBeNull()
  })

  it('drops a late load answer once another pair was loaded', async () => {
    const slow = deferred<unknown>()
    stubApi({
      pairs: { get: ({ id }: { id: number }) => (id === 1 ? slow.promise : Promise.resolve(pair('two'))) },
      secrets: { has: async () => ({ has: true }) }
    })
    const { PairFormState } = await import('../../src-renderer/src/features/pairs/pair-form.svelte')
    const f = new PairFormState()
    const first = f.load(1)
    const second = await f.load(2)
    expect(second?.pair.name).toBe('two')
    expect(second?.stored.secondary.sudo).toBe(true)
    slow.resolve(pair('one'))
    expect(await first).toBeNull()
    expect(f.loading).toBe(false)
  })
})
