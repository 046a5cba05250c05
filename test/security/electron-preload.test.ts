/**
 * The preload (src-main/preload/index.ts) against a stand-in `electron` module: it exposes one `api`
 * object through the context bridge, and a refused invoke — rejected by ipcRenderer.invoke exactly as
 * Electron 39 does, "Error invoking remote method '<channel>': Error: <message>" — reaches the caller
 * with main's own words and code; events subscribe and unsubscribe on ipcRenderer.
 */
import { describe, expect, it, vi } from 'vitest'
import { IpcError } from '../../src-main/shared/ipc-error'
import type { Api } from '../../src-main/preload/api'

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown }[],
  listeners: new Map<string, Set<(...a: unknown[]) => void>>(),
  /** what main's handler did: resolve a value or throw */
  main: (() => ({})) as (channel: string, args: unknown) => unknown
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void electron.exposed.set(key, value) },
  ipcRenderer: {
    // Electron: main replies { error: String(err) } and invoke throws new Error(`Error invoking remote method '${channel}': ${error}`)
    invoke: async (channel: string, args: unknown) => {
      electron.invoked.push({ channel, args })
      try {
        return await electron.main(channel, args)
      } catch (err) {
        throw new Error(`Error invoking remote method '${channel}': ${(err as { toString(): string }).toString()}`)
      }
    },
    on: (event: string, l: (...a: unknown[]) => void) =>
      void (electron.listeners.get(event) ?? electron.listeners.set(event, new Set()).get(event))?.add(l),
    removeListener: (event: string, l: (...a: unknown[]) => void) => void electron.listeners.get(event)?.delete(l)
  }
}))

await import('../../src-main/preload/index')
const api = electron.exposed.get('api') as Api

describe('the preload over ipcRenderer', () => {
  it('exposes exactly one object, `api`', () => {
    expect([...electron.exposed.keys()]).toEqual(['api'])
  })

  it("a call reaches its channel with its arguments and resolves main's result", async () => {
    electron.main = (channel) => (channel === 'pairs:list' ? [{ id: 1 }] : null)
    expect(await api.pairs.list()).toEqual([{ id: 1 }])
    expect(electron.invoked.at(-1)).toEqual({ channel: 'pairs:list', args: {} })
  })

  it("a refusal arrives with main's words and code, not Electron's wrapper and not [object Object]", async () => {
    electron.main = () => {
      throw new IpcError({ code: 'failed', message: 'a run of this pair is already in progress' })
    }
    const err = await api.runs.start({ pairId: 3 }).then(
      () => undefined,
      (e: Error & { code?: string }) => e
    )
    expect(err).toBeInstanceOf(Error)
    expect(err?.message).toBe('a run of this pair is already in progress')
    expect(err?.code).toBe('failed')
  })

  it("a rejection main did not encode (no handler) keeps Electron's text without its wrapper", async () => {
    electron.main = (channel) => {
      throw new Error(`No handler registered for '${channel}'`)
    }
    await expect(api.demo.status()).rejects.toThrow(/^No handler registered for 'demo:status'$/)
  })

  it('events: subscribe on ipcRenderer, the callback gets the payload, unsubscribe removes the listener', () => {
    const got: unknown[] = []
    const off = api.runs.onProgress((p) => got.push(p))
    const ls = [...(electron.listeners.get('run:progress') ?? [])]
    expect(ls).toHaveLength(1)
    ls[0]({}, { pairId: 1, progress: { type: 'done' } })
    expect(got).toEqual([{ pairId: 1, progress: { type: 'done' } }])
    off()
    expect(electron.listeners.get('run:progress')?.size).toBe(0)
  })
})
