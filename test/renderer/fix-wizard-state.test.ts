/** FixWizardState: a plan asked for older options is dropped when it answers late; apply streams this pair's output. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi, deferred } from './stub-api'

describe('FixWizardState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('keeps only the plan for the latest options', async () => {
    const slow = deferred<unknown>()
    stubApi({
      fixes: {
        plan: (a: { options: { sourceNode?: string } }) =>
          a.options.sourceNode === 'primary' ? slow.promise : Promise.resolve({ title: 'from secondary' })
      }
    })
    const { FixWizardState } = await import('../../src-renderer/src/features/fixes/fix-wizard.svelte')
    const w = new FixWizardState(1, 2, 'copy-hmac-key' as never)
    const first = w.loadPlan({ sourceNode: 'primary' })
    await w.loadPlan({ sourceNode: 'secondary' })
    slow.resolve({ title: 'from primary' })
    await first
    expect(w.plan?.title).toBe('from secondary')
    expect(w.loading).toBe(false)
  })

  it('applies with the options and confirmation, collecting only this pair\u2019s output', async () => {
    let emit: (o: { pairId: number; node?: string; stream: string; line: string }) => void = () => {}
    let sent: unknown
    let unsubscribed = false
    stubApi({
      fixes: {
        onOutput: (cb: typeof emit) => ((emit = cb), () => (unsubscribed = true)),
        apply: async (a: unknown) => {
          sent = a
          emit({ pairId: 1, node: 'primary', stream: 'stdout', line: 'ok' })
          emit({ pairId: 9, node: 'primary', stream: 'stdout', line: 'other pair' })
          emit({ pairId: 1, node: 'secondary', stream: 'stderr', line: 'warn' })
          return { status: 'applied', message: 'done' }
        }
      }
    })
    const { FixWizardState } = await import('../../src-renderer/src/features/fixes/fix-wizard.svelte')
    const w = new FixWizardState(1, 2, 'copy-hmac-key' as never)
    await w.apply({ waitSeconds: 30 }, { confirmation: 'pair', acknowledgeRepeat: false, acknowledgeDelete: false })
    expect(sent).toEqual({
      pairId: 1,
      runId: 2,
      fixId: 'copy-hmac-key',
      options: { waitSeconds: 30 },
      confirmation: 'pair',
      acknowledgeRepeat: false,
      acknowledgeDelete: false
    })
    expect(w.output).toEqual(['primary: ok', 'secondary! warn'])
    expect(w.outcome?.status).toBe('applied')
    expect(w.applying).toBe(false)
    expect(unsubscribed).toBe(true)
  })
})
