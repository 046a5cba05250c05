/** evaluatePair: every check of CHECKS, in catalog order, from two node collections. */
import { CHECKS, type CheckId, type CheckResult, type CheckStatus } from '../../../shared/domain/check'
import type { NodeCollection } from '../types'
import { part, runCheck, toResult, type CheckDef, type EvalContext, type Part } from './common'
import { SERVICE_CHECKS } from './step1-services'
import { CONFIG_CHECKS } from './step2-config'
import { TRUST_CHECKS } from './step3-5-trust'
import { DRIFT_CHECKS } from './step5-drift'
import { GUI_CHECKS } from './step6-7-gui'
import { REPLICATION_CHECKS } from './step8-replication'
import { DB_CHECKS } from './step9-11-db'
import { SYSTEM_CHECKS } from './system'

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

/** Every check of CHECKS in catalog order. `onResult` fires as each completes (progress events). */
export function evaluatePair(
  primary: NodeCollection,
  secondary: NodeCollection,
  ctx: EvalContext,
  onResult?: (result: CheckResult, done: number, total: number) => void
): CheckResult[] {
  const out: CheckResult[] = []
  for (const def of CHECKS) {
    const r = evaluateCheck(def.id, primary, secondary, ctx)
    out.push(r)
    onResult?.(r, out.length, CHECKS.length)
  }
  return out
}
