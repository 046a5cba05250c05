/**
 * The check contract of docs/contract.md: ids, statuses, scopes and the result shape.
 * Pure data and types — imported by main, CLI, simulator tests and the renderer alike.
 */
import { CHECK_IDS, type CheckId, type CheckStatus, type FixId, type NodeRole, type Scope } from './ids'

export { CHECK_IDS, CHECK_STATUSES } from './ids'
export type { CheckId, CheckStatus, NodeRole, Scope } from './ids'

/** One line (or command output) that decided a verdict. `node` is omitted for pair-level facts. */
export interface Evidence {
  node?: NodeRole
  /** file path or command the excerpt came from */
  source: string
  /** 1-based line number in `source` when it is a file */
  line?: number
  excerpt: string
}

export interface CheckResult {
  id: CheckId
  step: number | null
  scope: Scope
  status: CheckStatus
  title: string
  summary: string
  evidence: Evidence[]
  fixes: FixId[]
  /** ms spent deciding (collection excluded) */
  durationMs?: number
  /** an open acknowledgement covers this result (see ack.ts); set when the report is shown, not stored */
  acknowledged?: { id: number; reason: string; by: string; at: string; expiresAt: string }
}

export interface CheckDefinition {
  id: CheckId
  /** KB11264 step, null for the system checks the guide does not number */
  step: number | null
  scope: Scope
  title: string
  /** why this matters, in the guide's words (paraphrased) */
  why: string
  fixes: FixId[]
}

/** What a check is: its entry in CHECKS (everything but the id, which is its key). */
export type CheckEntry = Omit<CheckDefinition, 'id'>

/**
 * Titles and the guide's reasons, keyed by check id: a check of CHECK_IDS without an entry (or an entry
 * for an id outside CHECK_IDS) is a type error. The report order is CHECK_IDS' order, nothing else.
 */
export const CHECKS = {
  'sys.reachable': {
    step: null,
    scope: 'pair',
    title: 'Nodes reachable over SSH',
    why: 'Every other check reads the node over SSH; a changed host key may mean the node was reinstalled or someone is in the middle.',
    fixes: []
  },
  'ha.services': {
    step: 1,
    scope: 'pair',
    title: 'HA services started (highAvail, highAvailSvr)',
    why: 'haStatus must show highAvail and highAvailSvr started on both nodes; without them there is no heartbeat, failover or replication.',
    fixes: ['fix.restart-ha']
  },
  'ha.heartbeat': {
    step: 1,
    scope: 'pair',
    title: 'Heartbeat between the nodes',
    why: 'A timed-out (error) peer in haStatus means the peer services are not started or the heartbeat cannot get through.',
    fixes: ['fix.restart-ha']
  },
  'ha.db-replication': {
    step: 1,
    scope: 'pair',
    title: 'Database replication state',
    why: 'haStatus reports db-repl in-sync or dirty; dirty means the standby is behind (see step 8 progress).',
    fixes: []
  },
  'cfg.ha-enabled': {
    step: 2,
    scope: 'pair',
    title: 'HA enabled in haSvr.cfg',
    why: 'highAvail.isHaEnabled must be y on both nodes.',
    fixes: []
  },
  'cfg.addresses': {
    step: 2,
    scope: 'pair',
    title: 'HA addresses mirrored and owned',
    why: 'Each node’s local address must be the other’s peer address, and each node must really own its local address.',
    fixes: []
  },
  'cfg.hmac-key': {
    step: 2,
    scope: 'pair',
    title: 'HMAC key identical on both nodes',
    why: 'highAvail.HMACKey is the shared secret of the heartbeat; different keys break it.',
    fixes: ['fix.align-hmac-key']
  },
  'cfg.heartbeat-port': {
    step: 2,
    scope: 'pair',
    title: 'Heartbeat port identical on both nodes',
    why: 'highAvail.heartbeatPort is where each node listens for the other’s heartbeat; different ports break it like different HMAC keys.',
    fixes: []
  },
  'tools.ssh-rsync': {
    step: 2,
    scope: 'pair',
    title: 'ssh and rsync present and runnable',
    why: 'Non-database files are replicated with rsync over ssh.',
    fixes: []
  },
  'net.pingable-ip': {
    step: 2,
    scope: 'pair',
    title: 'Pingable IP answers',
    why: 'The HA services do not start unless the configured pingable IP is reachable from the local server.',
    fixes: []
  },
  'cfg.rsync-user': {
    step: 2,
    scope: 'pair',
    title: 'rsync user set, equal, and existing',
    why: 'highAvail.rsyncUser is the account that runs ssh/rsync between the nodes (step 4 uses it).',
    fixes: []
  },
  'cfg.write-to-log': {
    step: 2,
    scope: 'pair',
    title: 'HA logging enabled',
    why: 'Recommendation: highAvail.writetoLog y gives the ha.log this guide relies on.',
    fixes: ['fix.enable-write-to-log']
  },
  'cfg.shared-disk': {
    step: 2,
    scope: 'pair',
    title: 'Shared disk mounted on the active node',
    why: 'Optional: when a shared disk is configured it must be mounted on the active node.',
    fixes: []
  },
  'user.setuid': {
    step: 3,
    scope: 'pair',
    title: 'Same process user (setuid) on both nodes',
    why: 'Both HA servers must run the NSM processes as the same root or non-root user.',
    fixes: []
  },
  'ssh.trust': {
    step: 4,
    scope: 'pair',
    title: 'SSH trust between the nodes (rsync user)',
    why: 'As the rsync user, each node must ssh to the other without a password prompt.',
    fixes: ['fix.repair-ssh-trust']
  },
  'rsync.dodirect-result': {
    step: 5,
    scope: 'pair',
    title: 'Initial rsync (.haDoDirect.result)',
    why: 'FAIL means the ssh trust or rsync failed: missing keys or OS permissions of the NSM user.',
    fixes: ['fix.rerun-dodirect']
  },
  'rsync.ha-log-errors': {
    step: 5,
    scope: 'pair',
    title: 'No ssh/rsync errors in ha.log',
    why: 'ha.log records the ssh/rsync command lines and their errors; the failing command can be re-run by hand.',
    fixes: ['fix.rerun-dodirect']
  },
  'rsync.drift': {
    step: 5,
    scope: 'pair',
    title: 'Non-database files in sync (rsync dry run)',
    why: 'What the next rsync from the active node would change on the standby: the non-database files the standby would serve after a failover.',
    fixes: ['fix.rerun-dodirect']
  },
  'gui.ha-link': {
    step: 6,
    scope: 'pair',
    title: 'GUI server connected to the HA link',
    why: '"connectionMgr connected to ha-link" shows guiSvr reached the local highAvail process (logged in debug mode only).',
    fixes: []
  },
  'gui.shadow-server-record': {
    step: 6,
    scope: 'pair',
    title: 'shadow_server record 2 present',
    why: 'getXdbObjById(... shadow_server, id(2) ...) failed means the peerGuiSvr record with the one-time password is missing.',
    fixes: []
  },
  'gui.addresses': {
    step: 6,
    scope: 'pair',
    title: 'guiDaemon addresses match haSvr.cfg',
    why: 'The myAddr / peerAddr the GUI server read must be the addresses in haSvr.cfg.',
    fixes: []
  },
  'role.assignment': {
    step: 7,
    scope: 'pair',
    title: 'Roles: one master, one client',
    why: 'The primary logs DB_EVENT_REP_MASTER, the secondary DB_EVENT_REP_CLIENT; two masters is a split brain.',
    fixes: []
  },
  'repl.secondary-startup': {
    step: 8,
    scope: 'secondary',
    title: 'Secondary replication started and done',
    why: 'DB_EVENT_REP_NEWMASTER shows the secondary reached the primary; DB_EVENT_REP_STARTUPDONE that the replication completed.',
    fixes: []
  },
  'repl.data-progress': {
    step: 8,
    scope: 'pair',
    title: 'Replicated data (xdb/data) progress',
    why: 'While replicating, files in xdb/data are created and grow on the secondary.',
    fixes: []
  },
  'repl.logs-match': {
    step: 8,
    scope: 'pair',
    title: 'Transaction logs (xdb/log) match',
    why: 'When the transaction log files are the same on both nodes, replication is most likely complete.',
    fixes: []
  },
  'db.panic': {
    step: 9,
    scope: 'pair',
    title: 'No DB_PANIC since the last start',
    why: 'DB_PANIC means the standby database cannot sync back; it must be re-synchronised from the primary.',
    fixes: ['fix.resync-standby']
  },
  'db.diverged': {
    step: 10,
    scope: 'pair',
    title: 'Databases not diverged',
    why: 'A node made primary without a normal failover builds a diverged log history that can no longer sync.',
    fixes: ['fix.resync-standby']
  },
  'gui.one-time-password': {
    step: 11,
    scope: 'pair',
    title: 'One-time password matches the database',
    why: 'clientOneTimePassword in guiSvr.cfg must equal record 0.shadow_server.2 of the active database, or the standby logs "ourRsaPrivateKey is missing".',
    fixes: ['fix.align-one-time-password']
  },
  'sys.clock-skew': {
    step: null,
    scope: 'pair',
    title: 'Clocks in step',
    why: 'Skewed clocks make log timelines misleading and break time-based replication reasoning.',
    fixes: []
  },
  'sys.disk-space': {
    step: null,
    scope: 'pair',
    title: 'Free space for the NSM data',
    why: 'Replication and re-syncs need room where /var/netscreen lives.',
    fixes: []
  },
  'sys.nsm-version': {
    step: null,
    scope: 'pair',
    title: 'Same NSM version on both nodes',
    why: 'An HA pair must run the same NSM release.',
    fixes: []
  }
} satisfies Record<CheckId, CheckEntry>

/** Every check's definition in report order (the order of CHECK_IDS). */
export const CHECK_CATALOG: readonly CheckDefinition[] = CHECK_IDS.map((id) => ({ id, ...CHECKS[id] }))

const byId = new Map(CHECK_CATALOG.map((c) => [c.id, c]))

/** The definition of a check id; throws on an id outside the contract. */
export function checkDefinition(id: CheckId): CheckDefinition {
  const def = byId.get(id)
  if (!def) throw new Error(`unknown check id ${id}`)
  return def
}

export function isCheckId(value: string): value is CheckId {
  return byId.has(value as CheckId)
}

/** Worst status first: fail > unknown > warn > pass > skipped (for the verdict of a run). */
export const STATUS_SEVERITY: Record<CheckStatus, number> = {
  fail: 4,
  unknown: 3,
  warn: 2,
  pass: 1,
  skipped: 0
}

export type StatusCounts = Record<CheckStatus, number>

export function countStatuses(results: readonly Pick<CheckResult, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, unknown: 0, skipped: 0 }
  for (const r of results) counts[r.status]++
  return counts
}

/** Monitoring-plugin exit code: 0 all pass, 1 worst warn, 2 worst fail, 3 unknown. */
export function exitCodeFor(counts: StatusCounts): 0 | 1 | 2 | 3 {
  if (counts.fail > 0) return 2
  if (counts.unknown > 0) return 3
  if (counts.warn > 0) return 1
  return 0
}
