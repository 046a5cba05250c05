/** registerRunsIpc: start and cancel a check run (progress pushed as run:progress), the run history. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Emit, type Registrar } from './handle'

export function registerRunsIpc(r: Registrar, s: AppServices, emit: Emit): void {
  // the finished report is the call's result: it crosses IPC once, not also as a 'done' event
  handle(r, IPC.runsStart, ({ pairId }) =>
    s.runs.start(pairId, (progress) => {
      if (progress.type !== 'done') emit('run:progress', { pairId, progress })
    })
  )
  handle(r, IPC.runsCancel, ({ pairId }) => ({ cancelled: s.runs.cancel(pairId) }))
  handle(r, IPC.runsList, ({ pairId, limit }) => s.runs.list(pairId, limit))
  handle(r, IPC.runsGet, ({ runId }) => s.runs.get(runId))
  handle(r, IPC.runsTrend, ({ pairId }) => s.runs.trend(pairId))
  handle(r, IPC.runsLastHealthy, ({ pairId }) => s.runs.lastHealthy(pairId))
  handle(r, IPC.runsCompare, ({ fromRunId, toRunId }) => s.runs.compare(fromRunId, toRunId))
}
