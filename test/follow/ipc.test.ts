/**
 * follow:start / follow:stop / follow:list through the real IPC handlers on the real services (SQLite in a
 * temp dir, the demo pair of the simulator): a run of replication-in-progress, then a follow from it to
 * STARTUPDONE with every sample pushed and kept with the run; a follow stopped by the admin; bad args.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp, type MainApp } from '../../src-main/main/app/services'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import type { Args, EventChannel, EventContract, InvokeChannel, Result } from '../../src-main/shared/ipc-contract'

// SSH and a replication of several seconds on a shared, loaded machine
vi.setConfig({ testTimeout: 120_000 })

describe('follow over IPC (real handlers, simulator, SQLite)', () => {
  let dir: string
  let app: MainApp
  let pairId: number
  const handlers = new Map<string, (args: unknown) => Promise<unknown>>()
  const events: { event: EventChannel; payload: unknown }[] = []
  const call = <C extends InvokeChannel>(c: C, args: Args<C>): Promise<Result<C>> =>
    (handlers.get(c) as (a: unknown) => Promise<Result<C>>)(args)
  const ends = (): EventContract['follow:end'][] =>
    events.filter((e) => e.event === 'follow:end').map((e) => e.payload as EventContract['follow:end'])
  const until = async (ok: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 100))
    if (!ok()) throw new Error(`still not: ${what}`)
  }
  const saved = process.env.NSM_SIM_IN_PROGRESS_SECONDS

  beforeAll(async () => {
    process.env.NSM_SIM_IN_PROGRESS_SECONDS = '6'
    dir = mkdtempSync(join(tmpdir(), 'nsm-follow-ipc-'))
    app = await createApp({ dir })
    registerAllIpc({ handle: (c, fn) => void handlers.set(c, fn) }, app.services, (event, payload) => void events.push({ event, payload }))
    pairId = (await call('demo:start', { scenario: 'healthy' })).pairId as number
  }, 60_000)

  afterAll(async () => {
    await app?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
    if (saved === undefined) delete process.env.NSM_SIM_IN_PROGRESS_SECONDS
    else process.env.NSM_SIM_IN_PROGRESS_SECONDS = saved
  })

  it('follows replication-in-progress from its run to STARTUPDONE; the samples are kept with the run', async () => {
    await call('demo:switch', { scenario: 'replication-in-progress' })
    const report = await call('runs:start', { pairId })
    expect(report.checks.find((c) => c.id === 'repl.secondary-startup')?.status).toBe('warn')
    const runId = report.runId as number
    events.length = 0
    // two starts at once (a double click) make one follow
    const [info, twin] = await Promise.all([
      call('follow:start', { pairId, runId, intervalSeconds: 1 }),
      call('follow:start', { pairId, runId, intervalSeconds: 1 })
    ])
    expect(twin.followId).toBe(info.followId)
    expect(info).toMatchObject({ replica: 'secondary', source: 'primary', runId, intervalSeconds: 1 })
    // asking again while it runs gives the same follow
    expect((await call('follow:start', { pairId, runId })).followId).toBe(info.followId)
    await until(() => ends().length > 0, 'follow:end')
    const end = ends()[0]
    expect(end).toMatchObject({ pairId, followId: info.followId, end: { reason: 'complete' } })
    const pushed = events.filter((e) => e.event === 'follow:sample').map((e) => (e.payload as EventContract['follow:sample']).sample)
    expect(pushed.length).toBeGreaterThan(1)
    expect(pushed[pushed.length - 1].share).toBe(1)
    // a push is plain data (what crosses Electron's IPC: structured clone)
    expect(structuredClone(pushed[0])).toEqual(pushed[0])
    const stored = await call('follow:list', { runId })
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ followId: info.followId, replica: 'secondary', end: { reason: 'complete', samples: pushed.length } })
    expect(stored[0].samples).toEqual(pushed)
  })

  it('follow:stop ends a follow at once (reason stopped, kept as such)', async () => {
    process.env.NSM_SIM_IN_PROGRESS_SECONDS = '600'
    await call('demo:switch', { scenario: 'replication-in-progress' })
    const report = await call('runs:start', { pairId })
    events.length = 0
    const info = await call('follow:start', { pairId, runId: report.runId as number, intervalSeconds: 1 })
    await until(() => events.some((e) => e.event === 'follow:sample'), 'a sample')
    expect(await call('follow:stop', { pairId })).toEqual({ stopped: true })
    expect(ends()[0]?.end.reason).toBe('stopped')
    expect(await call('follow:stop', { pairId })).toEqual({ stopped: false })
    const stored = await call('follow:list', { runId: report.runId as number })
    expect(stored[0]).toMatchObject({ followId: info.followId, end: { reason: 'stopped' } })
  })

  it('refuses bad arguments before anything connects', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: { code?: string; message?: string }) => e.code ?? e.message
      )
    expect(await err(call('follow:start', { pairId, intervalSeconds: 0.1 }))).toMatch(/invalid-args/)
    expect(await err(call('follow:start', { pairId, command: 'rm -rf /' } as never))).toMatch(/invalid-args/)
    expect(await err(call('follow:start', { pairId: 9999 }))).toMatch(/no pair 9999|failed/)
  })
})
