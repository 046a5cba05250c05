/** registerRunsIpc: start and cancel a check run (progress pushed as run:progress), the run history. */
import { IPC } from '../../shared/ipc-contract'
import type { RunListItem } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Emit, type Registrar } from './handle'
import { withAcks } from '../acks/ack-service'

export function registerRunsIpc(r: Registrar, s: AppServices, emit: Emit): void {
  // the finished report is the call's result: it crosses IPC once, not also as a 'done' event
  handle(r, IPC.runsStart, ({ pairId }) =>
    s.startRun(pairId, (progress) => {
      if (progress.type !== 'done') emit('run:progress', { pairId, progress })
    })
  )
  handle(r, IPC.runsCancel, ({ pairId }) => ({ cancelled: s.cancelRun(pairId) }))
  handle(r, IPC.runsList, ({ pairId, limit }) => {
    const items = s.store.history.listRuns({ pairId }, { limit: limit ?? 50 }).items
    const notChecked = s.store.history.notCheckedIds(items.filter((x) => x.counts.pass === 0 && x.counts.warn === 0).map((x) => x.id))
    // each row names its failing checks: the status series of the same runs (one query)
    const failing = new Map<number, string[]>()
    const withFails = items.filter((x) => x.counts.fail > 0 && x.state === 'completed')
    if (withFails.length) {
      const since = withFails[withFails.length - 1].startedAt
      const t = s.store.history.trend({ pairId }, { limit: items.length, since })
      t.runs.forEach((run, i) => {
        const ids = Object.entries(t.checks)
          .filter(([, series]) => series?.[i] === 'fail')
          .map(([id]) => id)
        if (ids.length) failing.set(run.runId, ids)
      })
    }
    return items.map((x): RunListItem => ({
      id: x.id,
      startedAt: x.startedAt,
      state: x.state,
      verdict: x.verdict,
      counts: x.counts,
      ...(notChecked.has(x.id) ? { notChecked: true } : {}),
      ...(failing.has(x.id) ? { failing: failing.get(x.id) } : {})
    }))
  })
  handle(r, IPC.runsGet, ({ runId }) => {
    const report = s.store.history.getRun(runId)
    return report ? withAcks(s.store.acks, report) : null
  })
  handle(r, IPC.runsTrend, ({ pairId }) =>
    s.store.history.trend({ pairId }).runs.map((p) => ({ runId: p.runId, startedAt: p.startedAt, counts: p.counts }))
  )
  handle(r, IPC.runsLastHealthy, ({ pairId }) => {
    const row = s.store.history.lastHealthyRun({ pairId })
    return row ? (s.store.history.getRun(row.id) ?? null) : null
  })
  handle(r, IPC.runsCompare, ({ fromRunId, toRunId }) => ({
    fromRunId,
    toRunId,
    checkChanges: s.store.history.compare(fromRunId, toRunId).checkChanges
  }))
}
