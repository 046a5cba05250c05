/**
 * The cost of one follow sample (`--only=follow`): the simulated pair in replication-in-progress behind the
 * delay proxies (20 ms round trip), followed with the product's session (one connection per node, one
 * exec per node per sample). Wire bytes = what crossed the two proxies (both directions, both nodes,
 * SSH framing and encryption included) between two samples; time = one sample, both nodes in parallel.
 * For comparison: the same sample over a fresh connection per node (handshake + exec + close).
 */
import { followReplication } from '../src-main/main/follow/follow-session'
import { sampleCommand } from '../src-main/main/follow/sample'
import { pairConnector } from '../src-main/main/run/connector'
import { MemoryHostKeyStore } from '../src-main/main/fixes/session'
import { setReplicationPace } from '../src-main/simulator/replication'
import { startBenchPair } from './lib/sim'
import { bytes, log, median, ms, timeIt, type Row } from './lib/stats'

const SAMPLES = 15

export async function followBench(rows: Row[]): Promise<void> {
  const bp = await startBenchPair({ roundTripMs: 20 })
  try {
    setReplicationPace(bp.sim.dir, { inProgressSeconds: 600 })
    await bp.sim.applyScenario('replication-in-progress')
    const connect = pairConnector(bp.config, {}, { hostKeys: new MemoryHostKeyStore(), acceptNewHostKey: true })
    const wire = (): number =>
      bp.proxies.primary.bytesDown + bp.proxies.primary.bytesUp + bp.proxies.secondary.bytesDown + bp.proxies.secondary.bytesUp
    log(`follow: ${SAMPLES} samples at 20 ms RTT`)
    const controller = new AbortController()
    const at0 = wire()
    let last = 0
    let setup = 0
    const perSample: number[] = []
    const times: number[] = []
    const channel: number[] = []
    await followReplication({
      pair: bp.config,
      connect: (role, signal) => connect(role, signal),
      intervalMs: 200,
      signal: controller.signal,
      onStart: () => {
        last = wire()
        setup = last - at0
      },
      onSample: (s) => {
        const now = wire()
        perSample.push(now - last)
        last = now
        times.push(Math.max(s.nodes.primary.execMs, s.nodes.secondary.execMs))
        channel.push(s.nodes.primary.wireBytes + s.nodes.secondary.wireBytes)
        if (s.seq + 1 >= SAMPLES) controller.abort()
      }
    })
    // the first sample also reads back up to 256 KiB of guiDaemon.0 for the replica's latest event
    const steady = perSample.slice(1)
    rows.push({
      section: 'follow 20 ms RTT',
      name: 'one follow sample: wire bytes (both nodes, both directions)',
      value: bytes(median(steady)),
      note: `median of ${steady.length}; first sample ${bytes(perSample[0])}; command output ${bytes(median(channel.slice(1)))}`
    })
    rows.push({
      section: 'follow 20 ms RTT',
      name: 'one follow sample: time (both nodes in parallel)',
      value: ms(median(times.slice(1))),
      note: `median of ${times.length - 1}: ${times
        .slice(1)
        .map((x) => ms(x))
        .join(', ')}`
    })
    rows.push({
      section: 'follow 20 ms RTT',
      name: 'follow start: connect both nodes + haStatus',
      value: bytes(setup),
      note: 'once per follow'
    })

    // the same sample over a new connection each time (what "one short exec, not a new connection" saves)
    const fresh: { ms: number; bytes: number }[] = []
    for (let i = 0; i < 5; i++) {
      const before = wire()
      const t = await timeIt(() =>
        Promise.all(
          (['primary', 'secondary'] as const).map(async (role) => {
            const ex = await connect(role)
            try {
              await ex.exec(sampleCommand(bp.config.paths, role === 'secondary', 0))
            } finally {
              ex.close()
            }
          })
        )
      )
      fresh.push({ ms: t.ms, bytes: wire() - before })
    }
    rows.push({
      section: 'follow 20 ms RTT',
      name: 'the same sample over a new connection per node',
      value: ms(median(fresh.map((f) => f.ms))),
      note: `${bytes(median(fresh.map((f) => f.bytes)))} on the wire; median of 5 (the follow keeps one connection per node instead)`
    })
  } finally {
    await bp.stop()
  }
}
