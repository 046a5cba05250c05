/**
 * Failover readiness: "if the active node goes away now, will the standby take over without losing data?"
 * ONE pure function from a run's check results. Every precondition names the check that decides it; the
 * verdict is `ready` only when every precondition is met, `not-ready` when at least one is known not to be
 * met, and `unknown` when none is known to fail but at least one could not be told (never `ready`).
 * Used by the JSON report, the CLI text and Nagios lines, the Prometheus metric, the exported reports, the
 * app (run header, fleet column, tray tooltip) and as the precondition of fix.failover.
 */
import type { CheckId, CheckResult, CheckStatus } from './check'

export const READINESS_VERDICTS = ['ready', 'not-ready', 'unknown'] as const
export type ReadinessVerdict = (typeof READINESS_VERDICTS)[number]

export type PreconditionStatus = 'met' | 'not-met' | 'unknown'

export interface ReadinessPreconditionDef {
  id: string
  /** what must hold, in the admin's words */
  label: string
  /** the check whose result decides it */
  check: CheckId
  /** check statuses that meet the precondition; `fail` never does, `unknown` and the rest are unknown */
  met: readonly CheckStatus[]
  /** check statuses that are known not to meet it (besides `fail`) */
  notMet?: readonly CheckStatus[]
}

/** The preconditions of a failover, in the order an admin walks through them. */
export const READINESS_PRECONDITIONS: readonly ReadinessPreconditionDef[] = [
  { id: 'ha-enabled', label: 'HA enabled on both nodes', check: 'cfg.ha-enabled', met: ['pass'] },
  { id: 'ha-services', label: 'HA services running on both nodes', check: 'ha.services', met: ['pass'] },
  { id: 'heartbeat', label: 'heartbeat between the nodes', check: 'ha.heartbeat', met: ['pass'] },
  { id: 'hmac-key', label: 'HMAC keys equal', check: 'cfg.hmac-key', met: ['pass'] },
  { id: 'ssh-trust', label: 'SSH trust both ways (rsync user)', check: 'ssh.trust', met: ['pass'] },
  {
    id: 'first-direct-sync',
    label: 'first direct sync done (.haDoDirect.result SUCCESS): failover stays disabled until it finished',
    check: 'rsync.dodirect-result',
    met: ['pass']
  },
  {
    id: 'standby-caught-up',
    label: 'standby connected (NEWMASTER) and caught up (STARTUPDONE) since its last start',
    check: 'repl.secondary-startup',
    met: ['pass'],
    // NEWMASTER alone: replication still in progress
    notMet: ['warn']
  },
  { id: 'no-db-panic', label: 'no DB_PANIC since the last start', check: 'db.panic', met: ['pass'] },
  {
    id: 'db-repl-in-sync',
    label: 'database replication in-sync on both nodes',
    check: 'ha.db-replication',
    met: ['pass'],
    // dirty: the standby is behind
    notMet: ['warn']
  },
  { id: 'same-version', label: 'same NSM version on both nodes', check: 'sys.nsm-version', met: ['pass'] },
  // a warning is low space, not too little to take over (fail: under 2 % free)
  { id: 'standby-disk', label: 'enough free disk for the NSM data', check: 'sys.disk-space', met: ['pass', 'warn'] },
  // a warning (5–60 s) is within the tolerance of a failover; the fail limit is not
  { id: 'clocks', label: 'clocks within tolerance', check: 'sys.clock-skew', met: ['pass', 'warn'] },
  // warn: roles swapped after an earlier failover — still one master and one client
  { id: 'no-split-brain', label: 'no split brain: one master, one client', check: 'role.assignment', met: ['pass', 'warn'] },
  {
    id: 'shared-disk',
    label: 'a configured shared disk is mounted on the active node, not on the standby',
    check: 'cfg.shared-disk',
    // skipped: no shared disk configured, nothing to hand over
    met: ['pass', 'skipped']
  }
]

export interface ReadinessPrecondition {
  id: string
  label: string
  check: CheckId
  status: PreconditionStatus
  /** the deciding check's status in this run ('unknown' when the run has no result for it) */
  checkStatus: CheckStatus
  /** the deciding check's summary */
  summary: string
}

/** A precondition that is not met or not known (the contract's `reasons` entry, plus the precondition). */
export interface ReadinessReason {
  check: CheckId
  status: CheckStatus
  summary: string
  precondition: string
}

export interface Readiness {
  verdict: ReadinessVerdict
  /** the preconditions that are not met or not known */
  reasons: ReadinessReason[]
  /** every precondition with its status and deciding check */
  preconditions: ReadinessPrecondition[]
}

/** The readiness of a run from its check results (pure; acknowledgements do not change it). */
export function readinessOf(checks: readonly Pick<CheckResult, 'id' | 'status' | 'summary'>[]): Readiness {
  const byId = new Map(checks.map((c) => [c.id, c]))
  const preconditions: ReadinessPrecondition[] = READINESS_PRECONDITIONS.map((def) => {
    const r = byId.get(def.check)
    if (!r) return { id: def.id, label: def.label, check: def.check, status: 'unknown', checkStatus: 'unknown', summary: 'not in this run' }
    const status: PreconditionStatus = def.met.includes(r.status)
      ? 'met'
      : r.status === 'fail' || def.notMet?.includes(r.status)
        ? 'not-met'
        : 'unknown'
    return { id: def.id, label: def.label, check: def.check, status, checkStatus: r.status, summary: r.summary }
  })
  const reasons = preconditions
    .filter((p) => p.status !== 'met')
    .map((p) => ({ check: p.check, status: p.checkStatus, summary: p.summary, precondition: p.label }))
  const verdict: ReadinessVerdict = preconditions.some((p) => p.status === 'not-met')
    ? 'not-ready'
    : preconditions.some((p) => p.status === 'unknown')
      ? 'unknown'
      : 'ready'
  return { verdict, reasons, preconditions }
}

/** "Failover: ready" / "Failover: not ready: 2 reasons" / "Failover: unknown: 1 precondition not known". */
export function readinessHeadline(r: Pick<Readiness, 'verdict' | 'reasons'>): string {
  if (r.verdict === 'ready') return 'Failover: ready'
  const n = r.reasons.length
  if (r.verdict === 'not-ready') return `Failover: not ready: ${n} reason${n === 1 ? '' : 's'}`
  return `Failover: unknown: ${n} precondition${n === 1 ? '' : 's'} not known`
}

/** The headline with the deciding checks, one line (CLI text, Nagios, tray tooltip). */
export function readinessLine(r: Pick<Readiness, 'verdict' | 'reasons'>): string {
  const head = readinessHeadline(r)
  if (r.verdict === 'ready') return head
  return `${head} (${r.reasons.map((x) => `${x.check} ${x.status}`).join(', ')})`
}

/** The Prometheus value of nsm_ha_failover_ready: 1 ready, 0 not ready, -1 unknown. */
export function readinessMetricValue(verdict: ReadinessVerdict): 1 | 0 | -1 {
  return verdict === 'ready' ? 1 : verdict === 'not-ready' ? 0 : -1
}

/** The report's `readiness` JSON field: verdict, reasons, and every precondition. */
export function withReadiness<T extends { checks: readonly Pick<CheckResult, 'id' | 'status' | 'summary'>[] }>(
  report: T
): T & { readiness: Readiness } {
  return { ...report, readiness: readinessOf(report.checks) }
}
