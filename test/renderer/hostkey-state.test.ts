/**
 * HostKeyState: the banner's review tests the selected pair (pairs:test) and shows the keys main saw; an answer
 * that comes back after another pair was selected, a newer review or a new report is dropped (it would show
 * another pair's key state).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HostKeySeenDto, NodeTestDto } from '@shared/ipc-contract'
import { deferred, stubApi } from './stub-api'

const key = (host: string, state: HostKeySeenDto['state']): HostKeySeenDto => ({
  host,
  port: 22,
  keyType: 'ssh-ed25519',
  sha256: `SHA256:${host}`,
  state
})
const node = (role: NodeTestDto['role'], host: string, state: HostKeySeenDto['state']): NodeTestDto => ({
  role,
  target: `nsm@${host}:22`,
  reachable: { ok: true, detail: '' },
  hostKeys: [key(host, state)],
  auth: { ok: null, detail: '' },
  haStatus: { ok: null, detail: '' }
})
type TestAnswer = { nodes: NodeTestDto[] }

describe('HostKeyState', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  async function setup() {
    const answers = new Map<number, ReturnType<typeof deferred<TestAnswer>>>()
    const asked: number[] = []
    stubApi({
      pairs: {
        test: ({ pairId }: { pairId: number }) => {
          asked.push(pairId)
          const d = deferred<TestAnswer>()
          answers.set(pairId, d)
          return d.promise
        }
      }
    })
    const { HostKeyState } = await import('../../src-renderer/src/features/hostkeys/hostkeys.svelte')
    const selection = { id: 1 as number | null }
    const state = new HostKeyState(() => selection.id)
    return { state, selection, answers, asked }
  }

  it('shows the keys main saw for the selected pair, labelled by role', async () => {
    const { state, answers, asked } = await setup()
    const review = state.review()
    expect(state.busy).toBe(true)
    answers.get(1)!.resolve({ nodes: [node('primary', '10.0.0.1', 'changed'), node('secondary', '10.0.0.2', 'match')] })
    await review
    expect(asked).toEqual([1])
    expect(state.keys?.map((k) => `${k.host} ${k.state}`)).toEqual(['10.0.0.1 changed'])
    expect(state.labels).toEqual({ '10.0.0.1:22': 'primary', '10.0.0.2:22': 'secondary' })
    expect(state.busy).toBe(false)
  })

  it('drops the answer for a pair no longer selected: no keys, no "confirmed", no error of the other pair', async () => {
    const { state, selection, answers } = await setup()
    const review = state.review()
    selection.id = 2
    answers.get(1)!.resolve({ nodes: [node('primary', '10.0.0.1', 'changed')] })
    await review
    expect(state.keys).toBeNull()
    expect(state.trusted).toBe(0)
    // an all-match answer of the old pair does not say "Keys confirmed" for the new one either
    selection.id = 1
    const again = state.review()
    selection.id = 2
    answers.get(1)!.resolve({ nodes: [node('primary', '10.0.0.1', 'match')] })
    await again
    expect(state.trusted).toBe(0)
    expect(state.keys).toBeNull()
  })

  it('drops the answer of a review a new report (reset) or a newer review came after', async () => {
    const { state, answers } = await setup()
    const first = state.review()
    const d1 = answers.get(1)!
    state.reset()
    d1.resolve({ nodes: [node('primary', '10.0.0.1', 'new')] })
    await first
    expect(state.keys).toBeNull()
    const older = state.review()
    const dOld = answers.get(1)!
    const newer = state.review()
    const dNew = answers.get(1)!
    dNew.resolve({ nodes: [node('primary', '10.0.0.9', 'new')] })
    await newer
    dOld.resolve({ nodes: [node('primary', '10.0.0.1', 'changed')] })
    await older
    expect(state.keys?.map((k) => k.host)).toEqual(['10.0.0.9'])
  })

  it('counts the keys trusted in the dialog toward the re-run, and a new report starts over', async () => {
    const { state, answers } = await setup()
    const review = state.review()
    answers.get(1)!.resolve({ nodes: [node('primary', '10.0.0.1', 'new')] })
    await review
    state.closeDialog(1)
    expect(state.keys).toBeNull()
    expect(state.trusted).toBe(1)
    state.reset()
    expect(state.trusted).toBe(0)
  })
})
