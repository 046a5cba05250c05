/** evaluatePair: every check of CHECKS, in catalog order, from two node collections. */
import { CHECKS, type CheckId, type CheckResult } from '../../../shared/domain/check'
import type { NodeCollection } from '../types'
import { part, toResult, type CheckFn, type EvalContext } from './common'
import { haDbReplication, haHeartbeat, haServices, sysReachable } from './step1-services'
import {
  cfgAddresses,
  cfgHaEnabled,
  cfgHmacKey,
  cfgRsyncUser,
  cfgSharedDisk,
  cfgWriteToLog,
  netPingableIp,
  toolsSshRsync
} from './step2-config'
import { rsyncDoDirectResult, rsyncHaLogErrors, sshTrust, userSetuid } from './step3-5-trust'
import { rsyncDrift } from './step5-drift'
import { guiAddresses, guiHaLink, guiShadowServerRecord, roleAssignment } from './step6-7-gui'
import { replDataProgress, replLogsMatch, replSecondaryStartup } from './step8-replication'
import { dbDiverged, dbPanic, guiOneTimePassword } from './step9-11-db'
import { sysClockSkew, sysDiskSpace, sysNsmVersion } from './system'

export type { EvalContext } from './common'

export const CHECK_FUNCTIONS: Record<CheckId, CheckFn> = {
  'sys.reachable': sysReachable,
  'ha.services': haServices,
  'ha.heartbeat': haHeartbeat,
  'ha.db-replication': haDbReplication,
  'cfg.ha-enabled': cfgHaEnabled,
  'cfg.addresses': cfgAddresses,
  'cfg.hmac-key': cfgHmacKey,
  'tools.ssh-rsync': toolsSshRsync,
  'net.pingable-ip': netPingableIp,
  'cfg.rsync-user': cfgRsyncUser,
  'cfg.write-to-log': cfgWriteToLog,
  'cfg.shared-disk': cfgSharedDisk,
  'user.setuid': userSetuid,
  'ssh.trust': sshTrust,
  'rsync.dodirect-result': rsyncDoDirectResult,
  'rsync.ha-log-errors': rsyncHaLogErrors,
  'rsync.drift': rsyncDrift,
  'gui.ha-link': guiHaLink,
  'gui.shadow-server-record': guiShadowServerRecord,
  'gui.addresses': guiAddresses,
  'role.assignment': roleAssignment,
  'repl.secondary-startup': replSecondaryStartup,
  'repl.data-progress': replDataProgress,
  'repl.logs-match': replLogsMatch,
  'db.panic': dbPanic,
  'db.diverged': dbDiverged,
  'gui.one-time-password': guiOneTimePassword,
  'sys.clock-skew': sysClockSkew,
  'sys.disk-space': sysDiskSpace,
  'sys.nsm-version': sysNsmVersion
}

/** Evaluate one check; a bug in a check becomes `unknown` with the error, never a crashed run. */
export function evaluateCheck(id: CheckId, primary: NodeCollection, secondary: NodeCollection, ctx: EvalContext): CheckResult {
  const t0 = performance.now()
  let p
  try {
    p = CHECK_FUNCTIONS[id]({ primary, secondary, ctx })
  } catch (err) {
    p = part('unknown', `internal error while deciding: ${(err as Error).message}`, [{ source: `nsm-ha-doctor check ${id}`, excerpt: String((err as Error).stack ?? err).split('\n').slice(0, 2).join(' ') }])
  }
  // no verdict without evidence: a check that could not look at a node cites why (the connection error)
  if (p.evidence.length === 0) {
    p = {
      ...p,
      evidence: [primary, secondary].map((n) => ({
        node: n.facts.role,
        source: `ssh ${n.facts.host}:${n.facts.port}`,
        excerpt: n.facts.reachable ? `read, but nothing the check could decide on${n.facts.error ? ` (${n.facts.error})` : ''}` : `not reachable: ${n.facts.error ?? 'unknown reason'}`
      }))
    }
  }
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
