/**
 * Service composition without Electron: the store, check runs (with progress), exports and the demo pair
 * (the simulator started in main). Used by index.ts and by the e2e test bridge.
 */
import { openAppStore, type AppStore } from '../store/app-store'
import { pairConnector } from '../run/connector'
import { RunService } from '../run/run-service'
import { FleetService, type FleetOptions } from '../schedule/fleet-service'
import { writeFileSync } from 'node:fs'
import { renderExport, exportFileName, type ExportFormat } from '../reports'
import { buildPlan, applyFix } from '../fixes'
import type { FixId, FixOptions, FixOutcome, FixPlan } from '../../shared/domain/fix'
import type { NodeRole } from '../../shared/domain/check'
import type { RunProgress, RunReport } from '../../shared/domain/run'
import type { ScenarioName } from '../../shared/domain/scenario'
import type { Args, DemoStatus, Result } from '../../shared/ipc-contract'
import { validatePair, withPairDefaults } from '../pairs/validate'
import { movedRoles } from '../pairs/pair-service'
import type { PairSecrets } from '../secrets/types'
import { PresentedHostKeys, testPairConnection, withholdMovedSecrets } from './connection-test'
import { startSimPair, type SimPair } from '../../simulator/index'
import { NO_CONFIRM, type ConfirmHost } from './confirm'
import { FollowService, standbyOfReport } from '../follow/follow-service'
import { FollowRepo } from '../follow/follow-repo'

export const DEMO_PAIR_NAME = 'Demo pair (simulator)'

/** The outcome of a destructive fix the admin did not confirm in main's dialog: nothing ran. */
function notConfirmed(plan: FixPlan): FixOutcome {
  const at = new Date().toISOString()
  return {
    fixId: plan.fixId,
    status: 'refused',
    message: `${plan.title}: not confirmed in the confirmation dialog — nothing was run`,
    refusal: { precondition: 'confirmed in the confirmation dialog', measured: 'not confirmed' },
    steps: [],
    stateLeft: 'unchanged: nothing was run',
    startedAt: at,
    finishedAt: at
  }
}

/**
 * Where an export is saved: Electron asks with its save dialog, the e2e bridge answers a temp dir.
 * Resolves to the chosen absolute path, or null when the admin cancelled.
 */
export type ChooseSavePath = (suggestedName: string, format: ExportFormat) => Promise<string | null>

export interface AppServices {
  store: AppStore
  /** every check run of a saved pair goes through here (run button, Check all, the scheduler) */
  runs: RunService
  /** fleet list, Check all, scheduled checks, tray and notifications */
  fleet: FleetService
  /** follow a replication live (one per pair), samples kept with the run */
  follow: FollowService
  startRun(pairId: number, onProgress: (p: RunProgress) => void): Promise<RunReport>
  cancelRun(pairId: number): boolean
  /** delete a pair, its history, its keychain secrets and the host-key pins no other pair uses */
  deletePair(id: number): Promise<boolean>
  /** pairs:test — nothing pinned; every fingerprint shown is remembered for trustHostKey */
  testConnection(a: Args<'pairs:test'>): Promise<Result<'pairs:test'>>
  /**
   * hostkeys:trust — pins only a fingerprint testConnection presented; replacing a pin needs confirmHost
   * (typed in the app) and then the host's own confirmation (ConfirmHost: a dialog owned by main)
   */
  trustHostKey(a: Args<'hostkeys:trust'>): Promise<Result<'hostkeys:trust'>>
  exportRun(runId: number, format: 'html' | 'markdown' | 'json'): { fileName: string; text: string }
  /** reports:save — render the export (text or support-bundle zip) in main and write it where `choose` says */
  saveExport(runId: number, format: ExportFormat, choose: ChooseSavePath): Promise<Result<'reports:save'>>
  demoStart(scenario: ScenarioName): Promise<DemoStatus>
  demoSwitch(scenario: ScenarioName): Promise<DemoStatus>
  demoStop(): Promise<DemoStatus>
  demoStatus(): DemoStatus
  planFix(pairId: number, fixId: FixId, runId: number, options?: FixOptions): FixPlan
  applyFix(a: { pairId: number; fixId: FixId; runId: number; options?: FixOptions; confirmation?: string; acknowledgeRepeat?: boolean; acknowledgeDelete?: boolean }, onOutput: (line: string, node: NodeRole | null, stream: string) => void): Promise<FixOutcome>
  dispose(): Promise<void>
}

/**
 * Open the store in `dir` and build the services. `confirm` shows main's own confirmation (Electron: a
 * native dialog; the e2e bridge: a hook); without one, replacing a pin and destructive fixes are refused.
 */
export async function createServices(opts: { fleet?: FleetOptions; dir?: string; appRoot?: string; confirm?: ConfirmHost } = {}): Promise<AppServices> {
  const mainConfirm = opts.confirm ?? NO_CONFIRM
  const store = await openAppStore({ dir: opts.dir, appRoot: opts.appRoot })
  let sim: SimPair | undefined
  let demoPairId: number | undefined
  let demoScenario: ScenarioName | undefined
  const presented = new PresentedHostKeys()

  /**
   * a saved pair's secrets from the keychain; the running demo pair's come from the simulator, and only
   * while the saved demo pair still points at the simulator's own addresses (an edited one gets none)
   */
  const secretsOf = async (pairId: number): Promise<PairSecrets> => {
    if (sim && pairId === demoPairId) {
      const saved = store.pairs.get(pairId)
      const own = sim.pairConfig(DEMO_PAIR_NAME)
      if (!saved || movedRoles(own, saved).length > 0) return {}
      return { primary: { password: sim.secrets.password }, secondary: { password: sim.secrets.password } }
    }
    return store.pairs.secretsFor(pairId)
  }
  const connectorFor = async (pairId: number) => {
    const pair = store.pairs.get(pairId)
    if (!pair) throw new Error(`no pair ${pairId}`)
    const secrets = await secretsOf(pairId)
    // nothing is pinned silently: an unknown or changed key ends that node as unknown with its reason, and
    // the admin confirms keys in the host-key dialog (pairs:test → hostkeys:trust)
    const connect = pairConnector(pair, secrets, { hostKeys: store.hostKeys, acceptNewHostKey: false, connectTimeoutMs: 10000 })
    return { pair, connect }
  }
  const runs = new RunService({
    history: store.history,
    pairs: store.pairs,
    secretsOf,
    // nothing is pinned silently (see connectorFor)
    connectorFor: (pair, secrets) => pairConnector(pair, secrets, { hostKeys: store.hostKeys, acceptNewHostKey: false, connectTimeoutMs: 10000 })
  })
  const fleet = new FleetService(store, runs, { ...opts.fleet, isDemo: (_id, name) => name === DEMO_PAIR_NAME })
  const follow = new FollowService({ repo: new FollowRepo(store.db), connectorFor, standbyOf: (runId) => standbyOfReport(store.history.getRun(runId)) })
  const planOf = (pairId: number, fixId: FixId, runId: number, options?: FixOptions): FixPlan => {
    const pair = store.pairs.get(pairId)
    const report = store.history.getRun(runId)
    if (!pair || !report) throw new Error(`no pair ${pairId} or run ${runId}`)
    // a plan is built from a run of this pair only (its roles, keys and states are this pair's)
    if (report.pair.id !== pairId) throw new Error(`run ${runId} is not a run of pair "${pair.name}"`)
    return buildPlan(fixId, { pair, report, options })
  }

  const status = (): DemoStatus => (sim ? { running: true, scenario: demoScenario, pairId: demoPairId } : { running: false })

  const services: AppServices = {
    store,
    runs,
    fleet,
    follow,
    startRun: (pairId, onProgress) => runs.run(pairId, { onProgress, trigger: 'manual' }),
    async deletePair(id) {
      if (runs.isRunning(id)) throw new Error('a run of this pair is in progress: cancel it first')
      await follow.stop(id)
      const pair = store.pairs.get(id)
      if (sim && id === demoPairId) await services.demoStop()
      const deleted = await store.pairs.remove(id)
      fleet.pairsChanged()
      if (pair) {
        const others = store.pairs.list()
        const uses = (host: string, port: number): boolean =>
          others.some((o) => [o.primary, o.secondary, o.jumpHost].some((e) => e && e.host.toLowerCase() === host.toLowerCase() && e.port === port))
        for (const ep of [pair.primary, pair.secondary, pair.jumpHost]) if (ep && !uses(ep.host, ep.port)) store.hostKeys.forget(ep.host, ep.port)
      }
      return deleted
    },
    async testConnection(a) {
      const saved = a.pairId !== undefined ? store.pairs.get(a.pairId) : undefined
      if (a.pairId !== undefined && !saved) throw new Error(`no pair ${a.pairId}`)
      const base = a.pair ?? saved
      if (!base) throw new Error('test connection needs a pair or a saved pair id')
      const pair = validatePair(withPairDefaults(base))
      let secrets: PairSecrets = saved ? await secretsOf(saved.id) : {}
      const moved = saved && a.pair ? withholdMovedSecrets(saved, pair, secrets) : { secrets, withheld: [] }
      secrets = moved.secrets
      // one-shot values typed in the form (not saved yet) win over stored ones
      for (const [role, kinds] of Object.entries(a.secrets ?? {}) as [keyof PairSecrets, Record<string, string | undefined>][]) {
        for (const [kind, value] of Object.entries(kinds ?? {})) if (value) secrets = { ...secrets, [role]: { ...secrets[role], [kind]: value } }
      }
      return testPairConnection(pair, secrets, { hostKeys: store.hostKeys, presented, withheld: moved.withheld })
    },
    async trustHostKey({ host, port, sha256, confirmHost }) {
      const keyType = presented.keyTypeOf(host, port, sha256)
      if (keyType === undefined) throw new Error(`refused: ${sha256} was never presented for ${host}:${port} — test the connection first`)
      const pinned = store.hostKeys.get(host, port)
      if (pinned === sha256) return { pinned }
      if (pinned && (confirmHost ?? '').trim().toLowerCase() !== host.toLowerCase()) {
        throw new Error(`the pinned host key of ${host}:${port} is ${pinned}: type the host name "${host}" to replace it`)
      }
      if (pinned) {
        // the renderer knows the host name: main asks once more, in a dialog the renderer cannot answer
        const rec = store.hostKeys.record?.(host, port)
        const same = (e?: { host: string; port: number }): boolean => !!e && e.host.toLowerCase() === host.toLowerCase() && e.port === port
        const pairs = store.pairs.list().filter((p) => [p.primary, p.secondary, p.jumpHost].some(same)).map((p) => p.name)
        const ok = await mainConfirm.confirm({
          kind: 'replace-host-key',
          host,
          port,
          keyType,
          offered: sha256,
          pinned,
          ...(rec?.keyType ? { pinnedKeyType: rec.keyType } : {}),
          ...(rec?.firstSeen ? { pinnedSince: rec.firstSeen } : {}),
          pairs
        })
        if (!ok) throw new Error(`replacing the pinned host key of ${host}:${port} was not confirmed: the old pin is kept`)
        if (store.hostKeys.get(host, port) !== pinned) throw new Error(`the pinned host key of ${host}:${port} changed while the confirmation was open: test the connection again`)
      }
      store.hostKeys.pin(host, port, sha256, keyType)
      return { pinned: sha256, ...(pinned ? { replaced: pinned } : {}) }
    },
    cancelRun: (pairId) => runs.cancel(pairId),
    exportRun(runId, format) {
      const report = store.history.getRun(runId)
      if (!report) throw new Error(`no run ${runId}`)
      return { fileName: exportFileName(report, format), text: new TextDecoder().decode(renderExport(report, format)) }
    },
    async saveExport(runId, format, choose) {
      const report = store.history.getRun(runId)
      if (!report) throw new Error(`no run ${runId}`)
      const fileName = exportFileName(report, format)
      const path = await choose(fileName, format)
      if (!path) return { saved: false, fileName }
      const bytes = renderExport(report, format)
      writeFileSync(path, bytes, { mode: 0o600 })
      return { saved: true, path, bytes: bytes.length, fileName }
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
      // the simulator has fresh host keys each start and knows them: pin exactly those (no dialog for the demo)
      for (const role of ['primary', 'secondary'] as const) {
        const ep = cfg[role]
        store.hostKeys.forget(ep.host, ep.port)
        store.hostKeys.pin(ep.host, ep.port, sim[role].hostKeySha256, 'ssh-ed25519')
      }
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
      const plan = planOf(a.pairId, a.fixId, a.runId, a.options)
      // a destructive fix the admin typed the pair name for (which the renderer knows) is confirmed once
      // more in main's own dialog; when the typed gates are not met applyFix refuses with its own reason
      const gatesMet = plan.ready && a.confirmation === plan.confirmationRequired && (!plan.deleteAcknowledgementRequired || a.acknowledgeDelete === true)
      if (plan.destructive && gatesMet) {
        const target = (role: NodeRole): string => `${role} ${role === 'primary' ? plan.pair.primary : plan.pair.secondary}`
        const roles = [...new Set(plan.steps.map((s) => s.node))]
        const ok = await mainConfirm.confirm({
          kind: 'destructive-fix',
          pairName: plan.pair.name,
          title: plan.title,
          nodes: roles.map(target),
          destroys: plan.destroys,
          backups: plan.backups.map((b) => `${b.node}: ${b.what} ${b.method === 'delete' ? 'DELETED (no room for a backup)' : `${b.method === 'move' ? 'moved' : 'copied'} to ${b.to}`}`)
        })
        if (!ok) return notConfirmed(plan)
      }
      const { connect } = await connectorFor(a.pairId)
      const baseline = store.history.getRun(a.runId)
      return applyFix(plan, {
        connect: (role) => connect(role),
        confirmation: a.confirmation,
        acknowledgeRepeat: a.acknowledgeRepeat,
        acknowledgeDelete: a.acknowledgeDelete,
        onOutput: (line, ctx) => onOutput(line, ctx.node, ctx.stream),
        audit: store.fixAudit,
        baseline,
        // the re-check is a run like any other: begin → run → save through RunService
        recheck: (signal) => runs.run(a.pairId, { signal, trigger: 'manual', ...(baseline ? { previous: baseline } : {}) })
      })
    },
    async dispose() {
      fleet.dispose()
      await follow.stopAll()
      runs.cancelAll()
      await sim?.stop()
      sim = undefined
      store.close()
    }
  }
  return services
}
