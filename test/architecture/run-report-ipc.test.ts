/** A finished run's report crosses IPC once: as the result of runs:start, never also as a run:progress event. */
import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../src-main/main/app/services'
import type { Registrar } from '../../src-main/main/ipc/handle'
import { registerRunsIpc } from '../../src-main/main/ipc/runs-ipc'
import type { RunProgress, RunReport } from '../../src-main/shared/domain/run'

describe('runs:start', () => {
  it('returns the report and emits only node/check progress', async () => {
    const report = { id: 7, verdict: 'pass', checks: [] } as unknown as RunReport
    const services = {
      runs: {
        async start(_pairId: number, onProgress: (p: RunProgress) => void): Promise<RunReport> {
          onProgress({ type: 'node', role: 'primary', phase: 'connected', message: 'ok' })
          onProgress({ type: 'done', report })
          return report
        }
      }
    } as unknown as AppServices
    const handlers = new Map<string, (args: unknown) => Promise<unknown>>()
    const registrar: Registrar = { handle: (channel, fn) => void handlers.set(channel, fn) }
    const emitted: unknown[] = []
    registerRunsIpc(registrar, services, (_event, payload) => void emitted.push(payload))
    const result = await handlers.get('runs:start')!({ pairId: 1 })
    expect(result).toBe(report)
    expect(emitted).toEqual([{ pairId: 1, progress: { type: 'node', role: 'primary', phase: 'connected', message: 'ok' } }])
  })
})
