/**
 * "Our" full check of a pair, exactly as the product runs it: runPair over connectNode (both nodes in
 * parallel, one connection and one probe exec per node, all 29 checks evaluated).
 */
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { CheckResult, NodeRole } from '../../src-main/shared/domain/check'
import type { NodeFacts } from '../../src-main/shared/domain/run'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'
import { runPair, runPairs } from '../../src-main/main/run/run-pair'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'

export interface CheckOutcome {
  checks: CheckResult[]
  nodes: Record<NodeRole, NodeFacts>
}

/** In-memory host keys for the benchmark (first use pins, as --accept-new-host-keys). */
function memoryHostKeys(): HostKeyStore {
  const m = new Map<string, string>()
  return { get: (h, p) => m.get(`${h}:${p}`), pin: (h, p, k) => void m.set(`${h}:${p}`, k) }
}

const connector = (pair: PairConfig, hostKeys: HostKeyStore) => (role: NodeRole, signal: AbortSignal) =>
  connectNode({ endpoint: pair[role], hostKeys, acceptNewHostKey: true, signal, allowLegacyAlgorithms: false })

/** One full check of a pair through the product's run orchestrator. */
export async function checkPair(cfg: PairConfig): Promise<CheckOutcome> {
  const report = await runPair(cfg, { salt: 'bench', connect: connector(cfg, memoryHostKeys()) })
  return { checks: report.checks, nodes: report.nodes }
}

/** Check many pairs at once with runPairs (bounded pool); returns each pair's verdict or its error. */
export async function checkPairs(configs: PairConfig[], limit: number): Promise<string[]> {
  const hostKeys = memoryHostKeys()
  const jobs = configs.map((pair) => ({ pair, deps: { salt: 'bench', connect: connector(pair, hostKeys) } }))
  const reports = await runPairs(jobs, { concurrency: limit })
  return reports.map((r) => {
    if (!r.nodes.primary.reachable || !r.nodes.secondary.reachable) return `error: ${r.nodes.primary.error ?? r.nodes.secondary.error}`
    const bad = r.checks.filter((c) => c.status === r.verdict && r.verdict !== 'pass')
    return bad.length ? `${r.verdict}: ${bad.map((c) => `${c.id} (${c.summary})`).join('; ')}` : r.verdict
  })
}
