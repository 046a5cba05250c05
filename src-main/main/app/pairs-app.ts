/**
 * Pairs and their host keys: delete a pair with what only it used, test a connection (nothing pinned; every
 * fingerprint shown is remembered), and trust a presented host key (main's own confirmation every time;
 * replacing a pin needs the typed host name first).
 */
import type { AppStore } from '../store/app-store'
import type { RunService } from '../run/run-service'
import type { FleetService } from '../schedule/fleet-service'
import type { FollowService } from '../follow/follow-service'
import type { Args, Result } from '../../shared/ipc-contract'
import { validatePair, withPairDefaults } from '../pairs/validate'
import type { PairSecrets } from '../secrets/types'
import { PresentedHostKeys, testPairConnection, withholdMovedSecrets } from './connection-test'
import type { ConfirmHost } from './confirm'
import type { DemoApp } from './demo-app'

export interface PairsApp {
  /** delete a pair, its history, its keychain secrets and the host-key pins no other pair uses */
  deletePair(id: number): Promise<boolean>
  /** pairs:test — nothing pinned; every fingerprint shown is remembered for trustHostKey */
  testConnection(a: Args<'pairs:test'>): Promise<Result<'pairs:test'>>
  /**
   * hostkeys:trust — pins only a fingerprint testConnection presented, after main's own dialog; replacing a pin
   * also needs confirmHost
   * (typed in the app) and then the host's own confirmation (ConfirmHost: a dialog owned by main)
   */
  trustHostKey(a: Args<'hostkeys:trust'>): Promise<Result<'hostkeys:trust'>>
}

export function createPairsApp(deps: {
  store: AppStore
  runs: RunService
  fleet: FleetService
  follow: FollowService
  demo: DemoApp
  secretsOf(pairId: number): Promise<PairSecrets>
  confirm: ConfirmHost
}): PairsApp {
  const { store, runs, fleet, follow, demo, secretsOf, confirm } = deps
  const presented = new PresentedHostKeys()
  return {
    async deletePair(id) {
      if (runs.isRunning(id)) throw new Error('a run of this pair is in progress: cancel it first')
      await follow.stop(id)
      const pair = store.pairs.get(id)
      if (demo.isRunningDemo(id)) await demo.demoStop()
      const deleted = await store.pairs.remove(id)
      fleet.pairsChanged()
      if (pair) {
        const others = store.pairs.list()
        const uses = (host: string, port: number): boolean =>
          others.some((o) =>
            [o.primary, o.secondary, o.jumpHost].some((e) => e && e.host.toLowerCase() === host.toLowerCase() && e.port === port)
          )
        for (const ep of [pair.primary, pair.secondary, pair.jumpHost])
          if (ep && !uses(ep.host, ep.port)) store.hostKeys.forget(ep.host, ep.port)
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
        for (const [kind, value] of Object.entries(kinds ?? {}))
          if (value) secrets = { ...secrets, [role]: { ...secrets[role], [kind]: value } }
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
      const same = (e?: { host: string; port: number }): boolean => !!e && e.host.toLowerCase() === host.toLowerCase() && e.port === port
      const pairs = store.pairs
        .list()
        .filter((p) => [p.primary, p.secondary, p.jumpHost].some(same))
        .map((p) => p.name)
      if (pinned) {
        // the renderer knows the host name: main asks once more, in a dialog the renderer cannot answer
        const rec = store.hostKeys.record?.(host, port)
        const ok = await confirm.confirm({
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
        if (store.hostKeys.get(host, port) !== pinned)
          throw new Error(`the pinned host key of ${host}:${port} changed while the confirmation was open: test the connection again`)
      } else {
        // the first trust too: a pin is where stored (and command-line) passwords go, so main asks itself
        const ok = await confirm.confirm({ kind: 'trust-host-key', host, port, keyType, offered: sha256, pairs })
        if (!ok) throw new Error(`trusting the host key of ${host}:${port} was not confirmed: nothing was pinned`)
        if (store.hostKeys.get(host, port) !== undefined)
          throw new Error(`a host key of ${host}:${port} was pinned while the confirmation was open: test the connection again`)
      }
      store.hostKeys.pin(host, port, sha256, keyType)
      return { pinned: sha256, ...(pinned ? { replaced: pinned } : {}) }
    }
  }
}
