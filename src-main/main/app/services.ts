/**
 * Service composition without Electron — the one place the app's services are wired: the store, check
 * runs (RunService), the fleet, follow, and the per-domain services (pairs and host keys, reports, demo,
 * fixes) matching the register<Domain>Ipc functions. Used by electron/index.ts and by the e2e test bridge.
 */
import { openAppStore, type AppStore } from '../store/app-store'
import { pairConnector } from '../run/connector'
import { RunService } from '../run/run-service'
import { FleetService, type FleetOptions } from '../schedule/fleet-service'
import type { RunProgress, RunReport } from '../../shared/domain/run'
import type { PairSecrets } from '../secrets/types'
import { NO_CONFIRM, type ConfirmHost } from './confirm'
import { FollowService, standbyOfReport } from '../follow/follow-service'
import { FollowRepo } from '../db/follow-repo'
import { createDemoApp, DEMO_PAIR_NAME, type DemoApp } from './demo-app'
import { createPairsApp, type PairsApp } from './pairs-app'
import { createReportsApp, type ReportsApp } from './reports-app'
import { createFixesApp, type FixesApp } from './fixes-app'
import { withAcks } from '../acks/ack-service'

export { DEMO_PAIR_NAME } from './demo-app'
export type { ChooseSavePath } from './reports-app'

/** check runs from the app: the run button and its cancel (Check all and the scheduler go through `fleet`) */
export interface RunsApp {
  startRun(pairId: number, onProgress: (p: RunProgress) => void): Promise<RunReport>
  cancelRun(pairId: number): boolean
}

export interface AppServices extends RunsApp, PairsApp, ReportsApp, Omit<DemoApp, 'demoSecretsOf' | 'isRunningDemo'>, FixesApp {
  store: AppStore
  /** every check run of a saved pair goes through here (run button, Check all, the scheduler, a fix's re-check) */
  runs: RunService
  /** fleet list, Check all, scheduled checks, tray and notifications */
  fleet: FleetService
  /** follow a replication live (one per pair), samples kept with the run */
  follow: FollowService
  dispose(): Promise<void>
}

/**
 * Open the store in `dir` and build the services. `confirm` shows main's own confirmation (Electron: a
 * native dialog; the e2e bridge: a hook); without one, replacing a pin and destructive fixes are refused.
 */
export async function createServices(
  opts: { fleet?: FleetOptions; dir?: string; appRoot?: string; confirm?: ConfirmHost } = {}
): Promise<AppServices> {
  const confirm = opts.confirm ?? NO_CONFIRM
  const store = await openAppStore({ dir: opts.dir, appRoot: opts.appRoot })
  const demo = createDemoApp(store)

  /** a saved pair's secrets from the keychain; the running demo pair's from the simulator (see DemoApp) */
  const secretsOf = async (pairId: number): Promise<PairSecrets> => demo.demoSecretsOf(pairId) ?? store.pairs.secretsFor(pairId)
  // nothing is pinned silently: an unknown or changed key ends that node as unknown with its reason, and
  // the admin confirms keys in the host-key dialog (pairs:test → hostkeys:trust)
  const connectorOf = (pair: Parameters<typeof pairConnector>[0], secrets: PairSecrets) =>
    pairConnector(pair, secrets, { hostKeys: store.hostKeys, acceptNewHostKey: false, connectTimeoutMs: 10000 })
  const connectorFor = async (pairId: number) => {
    const pair = store.pairs.get(pairId)
    if (!pair) throw new Error(`no pair ${pairId}`)
    return { pair, connect: connectorOf(pair, await secretsOf(pairId)) }
  }

  const runs = new RunService({ history: store.history, pairs: store.pairs, secretsOf, connectorFor: connectorOf })
  // every finished run (button, Check all, schedule, a fix's re-check) ends the acknowledgements it settles
  runs.onEvent((e) => {
    if (e.type === 'finished' && e.report.state === 'completed') store.acks.reconcile(e.report.pair.name, e.report)
  })
  const fleet = new FleetService(store, runs, { ...opts.fleet, isDemo: (_id, name) => name === DEMO_PAIR_NAME })
  const follow = new FollowService({
    repo: new FollowRepo(store.db),
    connectorFor,
    standbyOf: (runId) => standbyOfReport(store.history.getRun(runId))
  })
  const pairs = createPairsApp({ store, runs, fleet, follow, demo, secretsOf, confirm })
  const reports = createReportsApp(store)
  const fixes = createFixesApp({ store, runs, connectorFor, confirm })

  return {
    store,
    runs,
    fleet,
    follow,
    // the finished run's acknowledgements were settled by the listener above; the open ones are marked
    startRun: async (pairId, onProgress) => withAcks(store.acks, await runs.run(pairId, { onProgress, trigger: 'manual' })),
    cancelRun: (pairId) => runs.cancel(pairId),
    deletePair: pairs.deletePair,
    testConnection: pairs.testConnection,
    trustHostKey: pairs.trustHostKey,
    exportRun: reports.exportRun,
    saveExport: reports.saveExport,
    demoStart: demo.demoStart,
    demoSwitch: demo.demoSwitch,
    demoStop: demo.demoStop,
    demoStatus: demo.demoStatus,
    planFix: fixes.planFix,
    applyFix: fixes.applyFix,
    async dispose() {
      fleet.dispose()
      await follow.stopAll()
      runs.cancelAll()
      await demo.demoStop()
      store.close()
    }
  }
}
