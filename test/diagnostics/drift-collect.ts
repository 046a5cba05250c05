/** Collect both nodes of a simulated pair over SSH with the real probe and evaluate every check. */
import type { CheckResult } from '../../src-main/shared/domain/check'
import type { SimPair } from '../../src-main/simulator/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'

export const SALT = 'drift-salt'

function memoryHostKeys(): HostKeyStore {
  const pins = new Map<string, string>()
  return { get: (h, p) => pins.get(`${h}:${p}`), pin: (h, p, k) => void pins.set(`${h}:${p}`, k) }
}

export interface Collected {
  primary: NodeCollection
  secondary: NodeCollection
  results: CheckResult[]
  byId: (id: string) => CheckResult
}

/** One probe per node (key auth with the simulator's admin key), then evaluatePair. */
export async function collectPair(pair: SimPair): Promise<Collected> {
  const hostKeys = memoryHostKeys()
  const one = async (role: 'primary' | 'secondary'): Promise<NodeCollection> => {
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
        salt: SALT
      })
    } finally {
      exec.close()
    }
  }
  const [primary, secondary] = await Promise.all([one('primary'), one('secondary')])
  const results = evaluatePair(primary, secondary, { salt: SALT, now: Date.now() })
  return {
    primary,
    secondary,
    results,
    byId: (id) => {
      const r = results.find((c) => c.id === id)
      if (!r) throw new Error(`no result for ${id}`)
      return r
    }
  }
}
