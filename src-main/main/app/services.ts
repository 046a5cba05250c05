/**
 * Service composition without Electron — the one place the app's services are wired: the store, check
 * runs (RunService), the fleet, follow, and one service per domain (pairs, host keys, secrets, runs,
 * reports, demo, fixes, fleet, follow, acks, offline) matching the ipc/<domain>-ipc.ts handlers, which call
 * these and nothing else. Used by electron/index.ts and by the e2e test bridge.
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
import { acknowledge, withAcks } from '../acks/ack-service'
import { parseAckDuration } from '../../shared/domain/ack'
import { runBy } from '../platform/who'
import { withPairDefaults } from '../pairs/validate'
import type { SavedPair } from '../db/pair-repo'
import type { Args, PairListItem, Result, RunListItem } from '../../shared/ipc-contract'
import { importCollected, type ChooseCollectedFiles } from './offline-app'
import { NotFoundError } from './not-found'

export { DEMO_PAIR_NAME } from './demo-app'
export type { ChooseSavePath } from './reports-app'

/** the saved pairs: the list (the fleet's rows as the pair list shows them), one pair, save, delete, the connection test */
export interface PairsDomain {
  list(): Result<'pairs:list'>
  get(id: number): Result<'pairs:get'>
  save(pair: Args<'pairs:save'>['pair']): Promise<Result<'pairs:save'>>
  delete(id: number): Promise<boolean>
  test(a: Args<'pairs:test'>): Promise<Result<'pairs:test'>>
}

/** a saved pair's node secrets in the keychain: set, clear, has (never read back) */
export interface SecretsDomain {
  set(a: Args<'secrets:set'>): Promise<void>
  clear(a: Args<'secrets:clear'>): Promise<void>
  has(a: Args<'secrets:has'>): Promise<boolean>
}

/** check runs from the app: the run button and its cancel, and the history of a pair's runs */
export interface RunsDomain {
  start(pairId: number, onProgress: (p: RunProgress) => void): Promise<RunReport>
  cancel(pairId: number): boolean
  list(pairId: number, limit?: number): Result<'runs:list'>
  get(runId: number): Result<'runs:get'>
  trend(pairId: number): Result<'runs:trend'>
  lastHealthy(pairId: number): Result<'runs:last-healthy'>
  compare(fromRunId: number, toRunId: number): Result<'runs:compare'>
}

/** acknowledgements of a saved pair's known problems, by the OS user of the app */
export interface AcksDomain {
  list(pairId: number): Result<'acks:list'>
  add(a: Args<'acks:add'>): Result<'acks:add'>
  remove(pairId: number, checkId: Args<'acks:remove'>['checkId']): boolean
}

/** Import collected output: two probe outputs gathered by hand, analysed as a run of the pair */
export interface OfflineDomain {
  importCollected(pairId: number, choose: ChooseCollectedFiles): Promise<Result<'offline:import'>>
}

/** The app's services, one per domain: what the IPC handlers call (and nothing else). */
export interface AppServices {
  pairs: PairsDomain
  hostKeys: { trust: PairsApp['trustHostKey'] }
  secrets: SecretsDomain
  runs: RunsDomain
  reports: ReportsApp
  demo: DemoDomain
  fixes: FixesApp
  /** fleet list, Check all, scheduled checks, tray and notifications */
  fleet: FleetService
  /** follow a replication live (one per pair), samples kept with the run */
  follow: FollowService
  acks: AcksDomain
  offline: OfflineDomain
}

export type DemoDomain = Omit<DemoApp, 'demoSecretsOf' | 'isRunningDemo'>

/** What a host (Electron's composition root, the e2e bridge, tests) holds: the services and what lies under them. */
export interface MainApp {
  services: AppServices
  /** the store under the services (hosts and tests read and seed it; handlers never do) */
  store: AppStore
  /** every check run of a saved pair goes through here (run button, Check all, the scheduler, a fix's re-check) */
  runner: RunService
  dispose(): Promise<void>
}

/**
 * Open the store in `dir` and build the services. `confirm` shows main's own confirmation (Electron: a
 * native dialog; the e2e bridge: a hook); without one, replacing a pin and destructive fixes are refused.
 */
export async function createApp(
  opts: { fleet?: FleetOptions; dir?: string; appRoot?: string; confirm?: ConfirmHost } = {}
): Promise<MainApp> {
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
  const { demoSecretsOf: _secrets, isRunningDemo: _running, ...demoDomain } = demo

  const services: AppServices = {
    pairs: createPairsDomain(store, fleet, pairs),
    hostKeys: { trust: pairs.trustHostKey },
    secrets: createSecretsDomain(store),
    runs: createRunsDomain(store, runs),
    reports: createReportsApp(store),
    demo: demoDomain,
    fixes: createFixesApp({ store, runs, connectorFor, confirm }),
    fleet,
    follow,
    acks: createAcksDomain(store, fleet),
    offline: { importCollected: (pairId, choose) => importCollected(store, pairId, choose) }
  }
  return {
    services,
    store,
    runner: runs,
    async dispose() {
      fleet.dispose()
      await follow.stopAll()
      runs.cancelAll()
      await demo.demoStop()
      store.close()
    }
  }
}

function savedPair(store: AppStore, id: number): SavedPair {
  const p = store.pairs.get(id)
  if (!p) throw new NotFoundError(`no pair ${id}`)
  return p
}

function createPairsDomain(store: AppStore, fleet: FleetService, pairs: PairsApp): PairsDomain {
  return {
    // one query for the whole list (the fleet's): newest completed run per pair
    list: () =>
      fleet.list(1).map((p): PairListItem => ({
        id: p.id,
        name: p.name,
        primary: p.primary,
        secondary: p.secondary,
        lastVerdict: p.lastVerdict,
        lastRunAt: p.lastRunAt,
        demo: p.demo,
        notChecked: p.notChecked
      })),
    get: (id) => {
      const { salt: _salt, ...rest } = savedPair(store, id)
      return rest
    },
    // an existing pair whose host, port or user changes loses that node's stored secrets (sent nowhere else)
    save: async (pair) => {
      const { pair: saved, secretsDropped } = await store.pairs.saveUnbindingMovedSecrets(withPairDefaults(pair))
      return { id: saved.id, ...(secretsDropped.length ? { secretsDropped } : {}) }
    },
    delete: pairs.deletePair,
    test: pairs.testConnection
  }
}

function createSecretsDomain(store: AppStore): SecretsDomain {
  return {
    set: (a) => store.pairs.setSecret(a.pairId, a.role, a.kind, a.value),
    clear: (a) => store.pairs.clearSecret(a.pairId, a.role, a.kind),
    has: (a) => store.pairs.hasSecret(a.pairId, a.role, a.kind)
  }
}

function createRunsDomain(store: AppStore, runs: RunService): RunsDomain {
  const history = store.history
  return {
    // the finished run's acknowledgements were settled by the listener in createApp; the open ones are marked
    start: async (pairId, onProgress) => withAcks(store.acks, await runs.run(pairId, { onProgress, trigger: 'manual' })),
    cancel: (pairId) => runs.cancel(pairId),
    list: (pairId, limit) => {
      const items = history.listRuns({ pairId }, { limit: limit ?? 50 }).items
      const notChecked = history.notCheckedIds(items.filter((x) => x.counts.pass === 0 && x.counts.warn === 0).map((x) => x.id))
      // each row names its failing checks: the status series of the same runs (one query)
      const failing = new Map<number, string[]>()
      const withFails = items.filter((x) => x.counts.fail > 0 && x.state === 'completed')
      if (withFails.length) {
        const since = withFails[withFails.length - 1].startedAt
        const t = history.trend({ pairId }, { limit: items.length, since })
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
    },
    get: (runId) => {
      const report = history.getRun(runId)
      return report ? withAcks(store.acks, report) : null
    },
    trend: (pairId) => history.trend({ pairId }).runs.map((p) => ({ runId: p.runId, startedAt: p.startedAt, counts: p.counts })),
    lastHealthy: (pairId) => {
      const row = history.lastHealthyRun({ pairId })
      return row ? (history.getRun(row.id) ?? null) : null
    },
    compare: (fromRunId, toRunId) => ({ fromRunId, toRunId, checkChanges: history.compare(fromRunId, toRunId).checkChanges })
  }
}

function createAcksDomain(store: AppStore, fleet: FleetService): AcksDomain {
  const nameOf = (pairId: number): string => savedPair(store, pairId).name
  return {
    list: (pairId) => store.acks.active(nameOf(pairId)),
    add: ({ pairId, checkId, reason, duration }) => {
      const ack = acknowledge(store, { pairName: nameOf(pairId), checkId, reason, durationMs: parseAckDuration(duration), by: runBy() })
      fleet.pairsChanged()
      return ack
    },
    remove: (pairId, checkId) => {
      const removed = store.acks.remove(nameOf(pairId), checkId, runBy()) !== undefined
      fleet.pairsChanged()
      return removed
    }
  }
}
