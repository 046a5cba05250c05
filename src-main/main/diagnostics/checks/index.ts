/** evaluatePair: every check of the catalog, in report order (CHECK_IDS), from two node collections. */
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus } from '../../../shared/domain/check'
import type { NodeCollection } from '../types'
import { part, runCheck, toResult, type CheckDef, type EvalContext, type Part } from './common'
import { SERVICE_CHECKS } from './step1-services'
import { TRUST_CHECKS } from './step3-5-trust'
import { DRIFT_CHECKS } from './step5-drift'
import { GUI_CHECKS } from './step6-7-gui'
import { REPLICATION_CHECKS } from './step8-replication'
import { DB_CHECKS } from './step9-11-db'
import { SYSTEM_CHECKS } from './system'
import { ipLedServerLines, resolveIpLed } from '../parsers/hastatus'
import { CONFIG_CHECKS, haAddresses } from './step2-config'

export type { CheckDef, EvalContext } from './common'

/** Every check's definition, keyed by check ID: the compiler rejects a check of the catalog without one. */
export const CHECK_DEFINITIONS: Record<CheckId, CheckDef> = {
  ...SERVICE_CHECKS,
  ...CONFIG_CHECKS,
  ...TRUST_CHECKS,
  ...DRIFT_CHECKS,
  ...GUI_CHECKS,
  ...REPLICATION_CHECKS,
  ...DB_CHECKS,
  ...SYSTEM_CHECKS
}

/** The statuses that are a verdict about the pair: each must rest on evidence the check read. */
const VERDICTS: ReadonlySet<CheckStatus> = new Set<CheckStatus>(['pass', 'fail', 'warn'])

/**
 * Decide one check from a definition, with the engine's rules around the check's own logic:
 * - a bug in a check becomes `unknown` with the error, never a crashed run;
 * - no verdict without evidence: a pass, fail or warn whose check cited nothing it read is refused and becomes
 *   `unknown` ("nothing to decide on"), since a verdict over nothing is a defect of the check, never a finding;
 * - a part without evidence (unknown, skipped) cites why per node (the connection error, or that nothing was read).
 */
export function decide(id: CheckId, def: CheckDef, primary: NodeCollection, secondary: NodeCollection, ctx: EvalContext): Part {
  let p: Part
  try {
    p = runCheck(def, primary, secondary, ctx)
  } catch (err) {
    p = part('unknown', `internal error while deciding: ${(err as Error).message}`, [
      {
        source: `nsm-ha-doctor check ${id}`,
        excerpt: String((err as Error).stack ?? err)
          .split('\n')
          .slice(0, 2)
          .join(' ')
      }
    ])
  }
  if (p.evidence.length === 0) {
    const refused = VERDICTS.has(p.status)
    p = {
      ...p,
      ...(refused
        ? {
            status: 'unknown' as const,
            summary: `nothing to decide on: the check gave "${p.status}" without evidence (${p.summary || 'no summary'})`
          }
        : {}),
      evidence: [primary, secondary].map((n) => ({
        node: n.facts.role,
        source: `ssh ${n.facts.host}:${n.facts.port}`,
        excerpt: n.facts.reachable
          ? `read, but nothing the check could decide on${n.facts.error ? ` (${n.facts.error})` : ''}`
          : `not reachable: ${n.facts.error ?? 'unknown reason'}`
      }))
    }
  }
  return p
}

/** Evaluate one check of the catalog (see decide). */
export function evaluateCheck(id: CheckId, primary: NodeCollection, secondary: NodeCollection, ctx: EvalContext): CheckResult {
  const t0 = performance.now()
  const p = decide(id, CHECK_DEFINITIONS[id], primary, secondary, ctx)
  return toResult(id, p, Math.round((performance.now() - t0) * 100) / 100)
}

/**
 * haStatus in the IP-led layout (`<ip> running network-up db-repl:in-sync`, A-5): when the output has no
 * Local/Peer line, the line of the address the node owns (its interfaces exactly; else its configured local
 * address, either haSvr.cfg layout) is the Local Server, the other the Peer Server. The facts are completed in
 * place (what the report stores); output that cannot be placed stays not recognised (unknown, with its lines).
 */
export function placeIpLedHaStatus(n: NodeCollection): void {
  const hs = n.facts.haStatus
  const text = n.detail.sections.hastatus?.text
  if (!hs || !text || hs.local || hs.peer) return
  const lines = ipLedServerLines(text)
  if (lines.length === 0) return
  const addrs = n.detail.addresses
  const exact = (a: string) => !!addrs?.addrs.some((x) => x.addr === a)
  const local = haAddresses(n).a?.local?.value
  const placed = resolveIpLed(lines, exact) ?? (local ? resolveIpLed(lines, (a) => a === local) : undefined)
  if (!placed) return
  hs.local = { ...placed.local, raw: placed.local.raw }
  hs.peer = { ...placed.peer, raw: placed.peer.raw }
  hs.recognised = true
  if (hs.error && hs.exitCode === 0) delete hs.error
  if (n.facts.unrecognised) {
    n.facts.unrecognised = n.facts.unrecognised.filter((u) => u.section !== 'hastatus')
    if (n.facts.unrecognised.length === 0) delete n.facts.unrecognised
  }
  n.detail.localState = hs.local.state
}

/** Every check of the catalog in report order (CHECK_IDS). `onResult` fires as each completes (progress events). */
export function evaluatePair(
  primary: NodeCollection,
  secondary: NodeCollection,
  ctx: EvalContext,
  onResult?: (result: CheckResult, done: number, total: number) => void
): CheckResult[] {
  for (const n of [primary, secondary]) placeIpLedHaStatus(n)
  const out: CheckResult[] = []
  for (const id of CHECK_IDS) {
    const r = evaluateCheck(id, primary, secondary, ctx)
    out.push(r)
    onResult?.(r, out.length, CHECK_IDS.length)
  }
  return out
}
