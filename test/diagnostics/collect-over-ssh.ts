/** Collect one simulated node over SSH with the real probe (the ssh2 executor, key auth with the simulator's admin key). */
import type { SimPair } from '../../src-main/simulator/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'

/** Host keys pinned in memory on first use (one store per pair under test). */
export function memoryHostKeys(): HostKeyStore {
  const pins = new Map<string, string>()
  return { get: (h, p) => pins.get(`${h}:${p}`), pin: (h, p, k) => void pins.set(`${h}:${p}`, k) }
}

export async function collectOverSsh(
  pair: SimPair,
  role: 'primary' | 'secondary',
  hostKeys: HostKeyStore,
  opts: { salt: string; timeoutMs?: number }
): Promise<NodeCollection> {
  const n = pair[role]
  const exec = await connectNode({
    endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
    hostKeys,
    acceptNewHostKey: true
  })
  try {
    return await collectNode(exec, {
      role,
      host: n.host,
      port: n.port,
      paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
      salt: opts.salt,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {})
    })
  } finally {
    exec.close()
  }
}
