/**
 * Service composition without Electron: the store, check runs (with progress), exports and the demo pair
 * (the simulator started in main). Used by index.ts and by the e2e test bridge.
 */
import { openAppStore, type AppStore } from '../db/app-store'
import { pairConnector } from '../run/connector'
import { runPair, pairSummary } from '../run/run-pair'
import { renderExport, exportFileName } from '../reports'
import { buildPlan, applyFix } from '../fixes'
import type { FixId, FixOutcome, FixPlan } from '../../shared/domain/fix'
import type { NodeRole } from '../../shared/domain/check'
import type { RunProgress, RunReport } from '../../shared/domain/run'
import type { ScenarioName } from '../../shared/domain/scenario'
import type { DemoStatus } from '../../shared/ipc-contract'
import { startSimPair, type SimPair } from '../../simulator/index'

export const DEMO_PAIR_NAME = 'Demo pair (simulator)'

export interface AppServices {
  store: AppStore
  startRun(pairId: number, onProgress: (p: RunProgress) => void): Promise<RunReport>
  cancelRun(pairId: number): boolean
  exportRun(runId: number, format: 'html' | 'markdown' | 'json'): { fileName: string; text: string }
  demoStart(scenario: ScenarioName): Promise<DemoStatus>
  demoSwitch(scenario: ScenarioName): Promise<DemoStatus>
  demoStop(): Promise<DemoStatus>
  demoStatus(): DemoStatus
  planFix(pairId: number, fixId: FixId, runId: number): FixPlan
  applyFix(a: { pairId: number; fixId: FixId; runId: number; confirmation?: string; acknowledgeRepeat?: boolean; acknowledgeDelete?: boolean }, onOutput: (line: string, node: NodeRole | null, stream: string) => void): Promise<FixOutcome>
  dispose(): Promise<void>
}

/** Open the store in `dir` and build the services. */
export async function createServices(opts: { dir?: string; appRoot?: string } = {}): Promise<AppServices> {
  const store = await openAppStore({ dir: opts.dir, appRoot: opts.appRoot })
  const running = new Map<number, AbortController>()
  let sim: SimPair | undefined
  let demoPairId: number | undefined
  let demoScenario: ScenarioName | undefined

  const connectorFor = async (pairId: number) => {
    const pair = store.pairs.get(pairId)
    if (!pair) throw new Error(`no pair ${pairId}`)
    let secrets = await store.pairs.secretsFor(pairId)
    if (sim && pairId === demoPairId) {
      const pw = sim.secrets.password
      secrets = { primary: { password: pw }, secondary: { password: pw } }
    }
    // host keys are pinned on first use; a changed key is refused with its reason
    const connect = pairConnector(pair, secrets, { hostKeys: store.hostKeys, acceptNewHostKey: true, connectTimeoutMs: 10000 })
    return { pair, connect }
  }
  const planOf = (pairId: number, fixId: FixId, runId: number): FixPlan => {
    const pair = store.pairs.get(pairId)
    const report = store.history.getRun(runId)
    if (!pair || !report) throw new Error(`no pair ${pairId} or run ${runId}`)
    return buildPlan(fixId, { pair, report })
  }

  const status = (): DemoStatus => (sim ? { running: true, scenario: demoScenario, pairId: demoPairId } : { running: false })

  const services: AppServices = {
    store,
    async startRun(pairId, onProgress) {
      if (running.has(pairId)) throw new Error('a run of this pair is already in progress')
      const controller = new AbortController()
      running.set(pairId, controller)
      try {
        const { pair, connect } = await connectorFor(pairId)
        const previous = store.history.latestRun({ pairId })
        const runId = store.history.beginRun(pairSummary(pair), new Date().toISOString())
        const report = await runPair(pair, {
          connect,
          salt: pair.salt,
          previous,
          signal: controller.signal,
          onProgress
        })
        report.runId = runId
        store.history.saveRun(report)
        return report
      } finally {
        running.delete(pairId)
      }
    },
    cancelRun(pairId) {
      const c = running.get(pairId)
      c?.abort()
      return c !== undefined
    },
    exportRun(runId, format) {
      const report = store.history.getRun(runId)
      if (!report) throw new Error(`no run ${runId}`)
      return { fileName: exportFileName(report, format), text: new TextDecoder().decode(renderExport(report, format)) }
    },
    async demoStart(scenario) {
      if (sim) return services.demoSwitch(scenario)
      sim = await startSimPair({ scenario })
      const cfg = sim.pairConfig(DEMO_PAIR_NAME)
      const existing = store.pairs.getByName(DEMO_PAIR_NAME)
      // the simulator listens on new ports each start: keep one saved demo pair, updated in place
      const saved = store.pairs.save({ ...cfg, ...(existing ? { id: existing.id } : {}) })
      demoPairId = saved.id
      demoScenario = scenario
      // the simulator has fresh host keys each start: forget the old pins of the demo endpoints
      for (const ep of [cfg.primary, cfg.secondary]) store.hostKeys.forget(ep.host, ep.port)
      return status()
    },
    async demoSwitch(scenario) {
      if (!sim) return services.demoStart(scenario)
      await sim.applyScenario(scenario)
      demoScenario = scenario
      return status()
    },
    async demoStop() {
      await sim?.stop()
      sim = undefined
      return status()
    },
    demoStatus: status,
    planFix: planOf,
    async applyFix(a, onOutput) {
      const plan = planOf(a.pairId, a.fixId, a.runId)
      const { pair, connect } = await connectorFor(a.pairId)
      const baseline = store.history.getRun(a.runId)
      return applyFix(plan, {
        connect: (role) => connect(role),
        confirmation: a.confirmation,
        acknowledgeRepeat: a.acknowledgeRepeat,
        acknowledgeDelete: a.acknowledgeDelete,
        onOutput: (line, ctx) => onOutput(line, ctx.node, ctx.stream),
        audit: store.fixAudit,
        baseline,
        recheck: async (signal) => {
          const runId = store.history.beginRun(pairSummary(pair), new Date().toISOString())
          const report = await runPair(pair, { connect, salt: pair.salt, previous: baseline, signal })
          report.runId = runId
          store.history.saveRun(report)
          return report
        }
      })
    },
    async dispose() {
      for (const c of running.values()) c.abort()
      await sim?.stop()
      sim = undefined
      store.close()
    }
  }
  return services
}
