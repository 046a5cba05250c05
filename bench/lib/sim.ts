/**
 * A simulated pair reached through one delay proxy per node: the benchmark's network. The product, the
 * floor and the naive OpenSSH script all go to the same proxies, so they see the same round trip.
 */
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { startDelayProxy, type DelayProxy } from '../../test/helpers/delay-proxy'

export interface BenchPair {
  sim: SimPair
  proxies: { primary: DelayProxy; secondary: DelayProxy }
  /** the pair as the product sees it: key auth to the proxies */
  config: PairConfig
  setRoundTrip(ms: number): void
  stop(): Promise<void>
}

export async function startBenchPair(opts: {
  scenario?: ScenarioName
  roundTripMs: number
  hosts?: { primary: string; secondary: string }
}): Promise<BenchPair> {
  const sim = await startSimPair({ scenario: opts.scenario ?? 'healthy', hosts: opts.hosts })
  const mk = (role: 'primary' | 'secondary') =>
    startDelayProxy({ target: { host: sim[role].host, port: sim[role].port }, oneWayMs: opts.roundTripMs / 2, host: '127.0.0.1' })
  const proxies = { primary: await mk('primary'), secondary: await mk('secondary') }
  const base = sim.pairConfig('bench')
  const endpoint = (role: 'primary' | 'secondary'): PairConfig['primary'] => ({
    host: proxies[role].host,
    port: proxies[role].port,
    user: sim[role].user,
    auth: 'key',
    identityFile: sim[role].clientKeyPath,
    sudo: 'none'
  })
  return {
    sim,
    proxies,
    config: { ...base, primary: endpoint('primary'), secondary: endpoint('secondary') },
    setRoundTrip(rt: number) {
      proxies.primary.setDelay(rt / 2)
      proxies.secondary.setDelay(rt / 2)
    },
    async stop() {
      await Promise.all([proxies.primary.close(), proxies.secondary.close()])
      await sim.stop()
    }
  }
}
