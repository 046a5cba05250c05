/**
 * The demo pair: the simulator started in main, one saved demo pair updated in place on each start, its
 * host keys pinned from the simulator itself, and its secrets handed out only while the saved pair still
 * points at the simulator's own addresses.
 */
import type { AppStore } from '../store/app-store'
import type { ScenarioName } from '../../shared/domain/scenario'
import type { DemoStatus } from '../../shared/ipc-contract'
import { movedRoles } from '../pairs/pair-service'
import type { PairSecrets } from '../secrets/types'
import { startSimPair, type SimPair } from '../../simulator/index'

export const DEMO_PAIR_NAME = 'Demo pair (simulator)'

export interface DemoApp {
  demoStart(scenario: ScenarioName): Promise<DemoStatus>
  demoSwitch(scenario: ScenarioName): Promise<DemoStatus>
  demoStop(): Promise<DemoStatus>
  demoStatus(): DemoStatus
  /** the running demo pair's secrets; undefined when `pairId` is not the running demo pair */
  demoSecretsOf(pairId: number): PairSecrets | undefined
  /** true when `pairId` is the running demo pair */
  isRunningDemo(pairId: number): boolean
}

export function createDemoApp(store: AppStore): DemoApp {
  let sim: SimPair | undefined
  let demoPairId: number | undefined
  let demoScenario: ScenarioName | undefined
  const status = (): DemoStatus => (sim ? { running: true, scenario: demoScenario, pairId: demoPairId } : { running: false })

  const demo: DemoApp = {
    async demoStart(scenario) {
      if (sim) return demo.demoSwitch(scenario)
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
      if (!sim) return demo.demoStart(scenario)
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
    demoSecretsOf(pairId) {
      if (!sim || pairId !== demoPairId) return undefined
      const saved = store.pairs.get(pairId)
      const own = sim.pairConfig(DEMO_PAIR_NAME)
      // an edited demo pair (moved to other addresses) gets none
      if (!saved || movedRoles(own, saved).length > 0) return {}
      return { primary: { password: sim.secrets.password }, secondary: { password: sim.secrets.password } }
    },
    isRunningDemo: (pairId) => sim !== undefined && pairId === demoPairId
  }
  return demo
}
