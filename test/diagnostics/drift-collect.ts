/** Collect both nodes of a simulated pair over SSH with the real probe and evaluate every check. */
import type { CheckResult } from '../../src-main/shared/domain/check'
import type { SimPair } from '../../src-main/simulator/index'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { collectOverSsh, memoryHostKeys } from './collect-over-ssh'

export const SALT = 'drift-salt'

export interface Collected {
  primary: NodeCollection
  secondary: NodeCollection
  results: CheckResult[]
  byId: (id: string) => CheckResult
}

/** One probe per node (key auth with the simulator's admin key), then evaluatePair. */
export async function collectPair(pair: SimPair): Promise<Collected> {
  const hostKeys = memoryHostKeys()
  const one = (role: 'primary' | 'secondary'): Promise<NodeCollection> => collectOverSsh(pair, role, hostKeys, { salt: SALT })

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
