/**
 * A check run of one pair: one SSH connection per node, both nodes in parallel, one probe each, then
 * every check evaluated. A node that is down, refuses auth, has a changed key or dies mid-run becomes
 * `unknown` with its reason; the other node still runs and the run always completes (or is cancelled,
 * keeping what was collected). Connections are closed in `finally`.
 */
import { countStatuses, type NodeRole } from '../../shared/domain/check'
import type { PairConfig } from '../../shared/domain/pair'
import {
  notCheckedReason,
  pairSummary,
  worstStatus,
  type NodeFacts,
  type RunProgress,
  type RunReport,
  type RunState
} from '../../shared/domain/run'
import { collectNode, evaluatePair, unreachableNode, type NodeCollection } from '../diagnostics'
import type { SshExecutor } from '../ssh/executor'
import { runBy } from '../platform/who'
import { errorLine } from '../../shared/error-line'

export interface RunDeps {
  /** open the SSH connection to a node (ssh2-connection's connectNode with the pair's settings) */
  connect(role: NodeRole, signal: AbortSignal): Promise<SshExecutor>
  onProgress?(progress: RunProgress): void
  signal?: AbortSignal
  /** the previous run of this pair (replication growth since then) */
  previous?: RunReport
  /** salt of the secret fingerprints (per pair, so fingerprints compare across runs) */
  salt: string
  by?: string
  now?: () => number
  probeTimeoutMs?: number
}

function reason(err: unknown): string {
  return errorLine(err)
}

/** host-key refusals (ssh/errors.ts codes) are kept apart so the app can offer its host-key dialog */
function hostKeyProblem(err: unknown): NodeFacts['hostKeyProblem'] {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'HOST_KEY_CHANGED' ? 'changed' : code === 'HOST_KEY_UNKNOWN' ? 'unknown' : undefined
}

async function collect(pair: PairConfig, role: NodeRole, deps: RunDeps, signal: AbortSignal): Promise<NodeCollection> {
  const ep = pair[role]
  const emit = (phase: 'connecting' | 'connected' | 'collected' | 'failed', message: string): void =>
    deps.onProgress?.({ type: 'node', role, phase, message })
  let exec: SshExecutor | undefined
  try {
    emit('connecting', `connecting to ${ep.user}@${ep.host}:${ep.port}`)
    exec = await deps.connect(role, signal)
    emit('connected', `connected (${exec.hostKeySha256})`)
    const collection = await collectNode(exec, {
      role,
      host: ep.host,
      port: ep.port,
      paths: pair.paths,
      salt: deps.salt,
      signal,
      timeoutMs: deps.probeTimeoutMs,
      now: deps.now
    })
    emit(collection.facts.reachable ? 'collected' : 'failed', collection.facts.error ?? `read ${collection.facts.wireBytes ?? 0} bytes`)
    return collection
  } catch (err) {
    const why = reason(err)
    emit('failed', why)
    return unreachableNode(role, ep.host, ep.port, why, hostKeyProblem(err))
  } finally {
    exec?.close()
  }
}

/** Run every check against a pair and return the report (never throws for node failures). */
export async function runPair(pair: PairConfig, deps: RunDeps): Promise<RunReport> {
  const now = deps.now ?? Date.now
  const startedAt = new Date(now()).toISOString()
  const controller = new AbortController()
  const onAbort = (): void => controller.abort()
  if (deps.signal?.aborted) controller.abort()
  deps.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const [primary, secondary] = await Promise.all([
      collect(pair, 'primary', deps, controller.signal),
      collect(pair, 'secondary', deps, controller.signal)
    ])
    const checks = evaluatePair(primary, secondary, { salt: deps.salt, now: now(), previous: deps.previous }, (result, done, total) =>
      deps.onProgress?.({ type: 'check', result, done, total })
    )
    const state: RunState = controller.signal.aborted ? 'cancelled' : 'completed'
    const summary = countStatuses(checks)
    const notChecked = notCheckedReason({ primary: primary.facts, secondary: secondary.facts }, state)
    const report: RunReport = {
      schema: 1,
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      state,
      by: deps.by ?? runBy(),
      pair: pairSummary(pair),
      nodes: { primary: primary.facts, secondary: secondary.facts },
      checks,
      summary,
      verdict: worstStatus(checks.map((c) => c.status)),
      ...(notChecked ? { notChecked } : {})
    }
    deps.onProgress?.({ type: 'done', report })
    return report
  } finally {
    deps.signal?.removeEventListener('abort', onAbort)
  }
}

/** Check many pairs with at most `concurrency` runs (2 connections each) at a time. */
export async function runPairs(
  jobs: readonly { pair: PairConfig; deps: RunDeps }[],
  opts: { concurrency: number; onReport?: (report: RunReport, index: number) => void }
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array(jobs.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++
      reports[i] = await runPair(jobs[i].pair, jobs[i].deps)
      opts.onReport?.(reports[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, jobs.length)) }, worker))
  return reports
}
