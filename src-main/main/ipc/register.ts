/** register<Domain>Ipc: thin wiring of each channel to a named service method. */
import { IPC } from '../../shared/ipc-contract'
import { withPairDefaults } from '../pairs/validate'
import type { PairListItem, RunListItem } from '../../shared/ipc-contract'
import type { AppServices, ChooseSavePath } from '../app/services'
import { handle, NotFoundError, type Emit, type Registrar } from './handle'
import { registerFleetIpc } from './fleet-ipc'
import { registerFollowIpc } from '../follow/follow-ipc'
import { acknowledge, withAcks } from '../acks/ack-service'
import { parseAckDuration } from '../../shared/domain/ack'
import { runBy } from '../platform/who'
import { importCollected, type ChooseCollectedFiles } from '../app/offline-app'

export function registerPairsIpc(r: Registrar, s: AppServices): void {
  // one query for the whole list (the fleet's): newest completed run per pair
  handle(r, IPC.pairsList, () =>
    s.fleet.list(1).map((p): PairListItem => ({
      id: p.id,
      name: p.name,
      primary: p.primary,
      secondary: p.secondary,
      lastVerdict: p.lastVerdict,
      lastRunAt: p.lastRunAt,
      demo: p.demo,
      notChecked: p.notChecked
    }))
  )
  handle(r, IPC.pairsGet, ({ id }) => {
    const p = s.store.pairs.get(id)
    if (!p) throw new NotFoundError(`no pair ${id}`)
    const { salt: _salt, ...rest } = p
    return rest
  })
  // an existing pair whose host, port or user changes loses that node's stored secrets (sent nowhere else)
  handle(r, IPC.pairsSave, async ({ pair }) => {
    const { pair: saved, secretsDropped } = await s.store.pairs.saveUnbindingMovedSecrets(withPairDefaults(pair))
    return { id: saved.id, ...(secretsDropped.length ? { secretsDropped } : {}) }
  })
  handle(r, IPC.pairsDelete, async ({ id }) => ({ deleted: await s.deletePair(id) }))
  handle(r, IPC.pairsTest, (a) => s.testConnection(a))
}

export function registerHostKeysIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.hostkeysTrust, (a) => s.trustHostKey(a))
}

export function registerSecretsIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.secretsSet, async (a) => (await s.store.pairs.setSecret(a.pairId, a.role, a.kind, a.value), { ok: true as const }))
  handle(r, IPC.secretsClear, async (a) => (await s.store.pairs.clearSecret(a.pairId, a.role, a.kind), { ok: true as const }))
  handle(r, IPC.secretsHas, async (a) => ({ has: await s.store.pairs.hasSecret(a.pairId, a.role, a.kind) }))
}

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

/** `choosePath`: the host's save function (Electron: the save dialog; the e2e bridge: a temp dir). */
export function registerReportsIpc(r: Registrar, s: AppServices, choosePath?: ChooseSavePath): void {
  handle(r, IPC.reportsExport, ({ runId, format }) => s.exportRun(runId, format))
  handle(r, IPC.reportsSave, ({ runId, format }) => {
    if (!choosePath) throw new Error('saving files is not available in this host')
    return s.saveExport(runId, format, choosePath)
  })
}

export function registerDemoIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.demoStart, ({ scenario }) => s.demoStart(scenario))
  handle(r, IPC.demoSwitch, ({ scenario }) => s.demoSwitch(scenario))
  handle(r, IPC.demoStop, () => s.demoStop())
  handle(r, IPC.demoStatus, () => s.demoStatus())
}

export function registerFixesIpc(r: Registrar, s: AppServices, emit: Emit): void {
  handle(r, IPC.fixesPlan, ({ pairId, fixId, runId, options }) => s.planFix(pairId, fixId, runId, options))
  handle(r, IPC.fixesApply, (a) => s.applyFix(a, (line, node, stream) => emit('fix:output', { pairId: a.pairId, line, node, stream })))
}

/** Acknowledgements of a saved pair's known problems (by the OS user of the app). */
export function registerAcksIpc(r: Registrar, s: AppServices): void {
  const nameOf = (pairId: number): string => {
    const p = s.store.pairs.get(pairId)
    if (!p) throw new NotFoundError(`no pair ${pairId}`)
    return p.name
  }
  handle(r, IPC.acksList, ({ pairId }) => s.store.acks.active(nameOf(pairId)))
  handle(r, IPC.acksAdd, ({ pairId, checkId, reason, duration }) => {
    const ack = acknowledge(s.store, { pairName: nameOf(pairId), checkId, reason, durationMs: parseAckDuration(duration), by: runBy() })
    s.fleet.pairsChanged()
    return ack
  })
  handle(r, IPC.acksRemove, ({ pairId, checkId }) => {
    const removed = s.store.acks.remove(nameOf(pairId), checkId, runBy()) !== undefined
    s.fleet.pairsChanged()
    return { removed }
  })
}

/** `chooseFiles`: the host's open dialog for two collected probe outputs (Electron: dialogs; the e2e bridge: the test's files). */
export function registerOfflineIpc(r: Registrar, s: AppServices, chooseFiles?: ChooseCollectedFiles): void {
  handle(r, IPC.offlineImport, ({ pairId }) => {
    if (!chooseFiles) throw new Error('opening files is not available in this host')
    return importCollected(s.store, pairId, chooseFiles)
  })
}

/** Every domain at once. */
export function registerAllIpc(
  r: Registrar,
  s: AppServices,
  emit: Emit,
  host: { choosePath?: ChooseSavePath; chooseFiles?: ChooseCollectedFiles } = {}
): void {
  registerPairsIpc(r, s)
  registerHostKeysIpc(r, s)
  registerSecretsIpc(r, s)
  registerRunsIpc(r, s, emit)
  registerReportsIpc(r, s, host.choosePath)
  registerDemoIpc(r, s)
  registerFixesIpc(r, s, emit)
  registerFleetIpc(r, s, emit)
  registerFollowIpc(r, s, emit)
  registerAcksIpc(r, s)
  registerOfflineIpc(r, s, host.chooseFiles)
}
