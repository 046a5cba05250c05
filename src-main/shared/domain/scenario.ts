/**
 * Simulator scenarios (docs/contract.md) and the verdicts each must produce.
 * This table is the one agreement between the simulator, the engine and the tests: every scenario names
 * the exact status of every check — HEALTHY_STATUSES, with the scenario's `expect` on top — as the
 * contract decides it for the pair state the scenario describes.
 */
import { CHECK_IDS, type CheckId, type CheckStatus } from './check'
import type { FixId } from './fix'

export const SCENARIOS = [
  'healthy',
  'peer-services-down',
  'ha-disabled',
  'hmac-mismatch',
  'address-mismatch',
  'rsync-missing',
  'pingable-ip-down',
  'rsync-user-missing',
  'write-to-log-off',
  'setuid-mismatch',
  'ssh-trust-broken',
  'dodirect-failed',
  'shadow-record-missing',
  'gui-address-mismatch',
  'split-brain',
  'secondary-not-connected',
  'replication-in-progress',
  'db-panic',
  'diverged',
  'one-time-password-mismatch',
  'clock-skew',
  'disk-full',
  'version-mismatch',
  // additions: the statuses of gui.ha-link and cfg.shared-disk a healthy pair does not show
  'ha-link-not-logged',
  'shared-disk-mounted',
  'shared-disk-unmounted',
  // additions: rsync.drift's warn, and the last start read back from a rotated guiDaemon file
  'rsync-drift',
  'last-start-rotated',
  // additions: cfg.heartbeat-port's fail
  'heartbeat-port-mismatch'
] as const
export type ScenarioName = (typeof SCENARIOS)[number]

export interface ScenarioSpec {
  name: ScenarioName
  /** what is broken, one line for humans (demo, docs) */
  description: string
  /**
   * every check whose status differs from HEALTHY_STATUSES, with the status it must show: the checks the
   * scenario breaks and the knock-on statuses the contract gives the others (see expectedStatuses)
   */
  expect: Partial<Record<CheckId, CheckStatus>>
  /** the fix that really repairs it in the simulator (check → fix → check passes) */
  fix?: FixId
}

/**
 * A healthy simulated pair: every check passes except cfg.shared-disk, which is `skipped` (no shared disk
 * configured: highAvail.sharedDisk n). gui.ha-link passes because the simulated GuiSvr logs
 * "connected to ha-link" (a real one does so in debug mode only: see ha-link-not-logged).
 */
export const HEALTHY_STATUSES: Readonly<Record<CheckId, CheckStatus>> = Object.freeze(
  Object.fromEntries(CHECK_IDS.map((id) => [id, id === 'cfg.shared-disk' ? 'skipped' : 'pass'])) as Record<CheckId, CheckStatus>
)

export const SCENARIO_SPECS: Record<ScenarioName, ScenarioSpec> = {
  healthy: { name: 'healthy', description: 'A healthy pair: primary active, secondary in sync.', expect: {} },
  'peer-services-down': {
    name: 'peer-services-down',
    description: 'HaSvr is stopped on the secondary; the primary sees the peer timed-out.',
    // a stopped node has no current role (its last role event is followed by the stop) and no replication
    // to follow or compare: those checks do not apply and point at ha.services
    expect: {
      'ha.services': 'fail',
      'ha.heartbeat': 'fail',
      'ha.db-replication': 'warn',
      'role.assignment': 'skipped',
      'repl.secondary-startup': 'skipped',
      'repl.logs-match': 'skipped'
    },
    fix: 'fix.restart-ha'
  },
  'ha-disabled': {
    name: 'ha-disabled',
    description: 'highAvail.isHaEnabled is n on the secondary.',
    expect: { 'cfg.ha-enabled': 'fail' }
  },
  'hmac-mismatch': {
    name: 'hmac-mismatch',
    description: 'highAvail.HMACKey differs between the nodes; the heartbeat fails.',
    expect: { 'cfg.hmac-key': 'fail', 'ha.heartbeat': 'fail' },
    fix: 'fix.align-hmac-key'
  },
  'heartbeat-port-mismatch': {
    name: 'heartbeat-port-mismatch',
    description: 'highAvail.heartbeatPort differs between the nodes; the heartbeat fails.',
    expect: { 'cfg.heartbeat-port': 'fail', 'ha.heartbeat': 'fail' }
  },
  'address-mismatch': {
    name: 'address-mismatch',
    description: 'The secondary’s peer address is not the primary’s local address; the heartbeat fails.',
    // the secondary's trust test goes to the wrong address: that direction is not tested (at best warn)
    expect: { 'cfg.addresses': 'fail', 'ha.heartbeat': 'fail', 'ssh.trust': 'warn' }
  },
  'rsync-missing': {
    name: 'rsync-missing',
    description: 'rsync is not runnable on the secondary.',
    // the dry run from the primary cannot start rsync on the secondary
    expect: { 'tools.ssh-rsync': 'fail', 'rsync.drift': 'unknown' }
  },
  'pingable-ip-down': {
    name: 'pingable-ip-down',
    description: 'The configured pingable IP does not answer from either node.',
    expect: { 'net.pingable-ip': 'fail' }
  },
  'rsync-user-missing': {
    name: 'rsync-user-missing',
    description: 'The rsync user account does not exist on the secondary (so the SSH trust fails too).',
    expect: { 'cfg.rsync-user': 'fail', 'ssh.trust': 'fail', 'rsync.drift': 'unknown' }
  },
  'write-to-log-off': {
    name: 'write-to-log-off',
    description: 'highAvail.writetoLog is n on both nodes.',
    // no ha.log on a node that never logged: nothing to search
    expect: { 'cfg.write-to-log': 'warn', 'rsync.ha-log-errors': 'skipped' },
    fix: 'fix.enable-write-to-log'
  },
  'setuid-mismatch': {
    name: 'setuid-mismatch',
    description: 'The secondary runs NSM as a non-root user, the primary as root.',
    expect: { 'user.setuid': 'fail' }
  },
  'ssh-trust-broken': {
    name: 'ssh-trust-broken',
    description: 'The primary’s rsync-user key is missing from the secondary’s authorized_keys.',
    // the dry run needs the same trust: it cannot tell what differs
    expect: { 'ssh.trust': 'fail', 'rsync.drift': 'unknown' },
    fix: 'fix.repair-ssh-trust'
  },
  'dodirect-failed': {
    name: 'dodirect-failed',
    description: '.haDoDirect.result says FAIL and ha.log holds the failed rsync.',
    expect: { 'rsync.dodirect-result': 'fail', 'rsync.ha-log-errors': 'fail' },
    fix: 'fix.rerun-dodirect'
  },
  'shadow-record-missing': {
    name: 'shadow-record-missing',
    description: 'Record 0.shadow_server.2 (peerGuiSvr) is missing from the database.',
    expect: { 'gui.shadow-server-record': 'fail', 'gui.one-time-password': 'unknown' }
  },
  'gui-address-mismatch': {
    name: 'gui-address-mismatch',
    description: 'guiDaemon.0 on the secondary read addresses that are not those of haSvr.cfg.',
    expect: { 'gui.addresses': 'fail' }
  },
  'split-brain': {
    name: 'split-brain',
    description: 'Both nodes are master after a heartbeat loss.',
    // the secondary is master: no client start-up to follow and no replication to compare
    expect: {
      'role.assignment': 'fail',
      'db.diverged': 'fail',
      'ha.heartbeat': 'fail',
      'repl.secondary-startup': 'skipped',
      'repl.logs-match': 'skipped'
    }
  },
  'secondary-not-connected': {
    name: 'secondary-not-connected',
    description: 'The secondary is a client but never reached the primary (no NEWMASTER).',
    // nothing replicated: the transaction logs are not compared (see repl.secondary-startup)
    expect: { 'repl.secondary-startup': 'fail', 'repl.logs-match': 'skipped' }
  },
  'replication-in-progress': {
    name: 'replication-in-progress',
    description: 'The secondary is still replicating: NEWMASTER without STARTUPDONE, data growing, db-repl dirty.',
    expect: {
      'ha.db-replication': 'warn',
      'repl.secondary-startup': 'warn',
      'repl.data-progress': 'warn',
      'repl.logs-match': 'warn'
    }
  },
  'db-panic': {
    name: 'db-panic',
    description: 'DB_PANIC in the secondary’s guiDaemon.0 since its last start.',
    expect: { 'db.panic': 'fail' },
    fix: 'fix.resync-standby'
  },
  diverged: {
    name: 'diverged',
    description: 'The secondary was made master without a failover; its database diverged (DB_PANIC after the role change).',
    expect: { 'db.diverged': 'fail', 'db.panic': 'fail' },
    fix: 'fix.resync-standby'
  },
  'one-time-password-mismatch': {
    name: 'one-time-password-mismatch',
    description: 'clientOneTimePassword on the secondary differs from record 0.shadow_server.2; ourRsaPrivateKey is missing repeats.',
    expect: { 'gui.one-time-password': 'fail' },
    fix: 'fix.align-one-time-password'
  },
  'clock-skew': {
    name: 'clock-skew',
    description: 'The secondary’s clock is 120 s ahead.',
    expect: { 'sys.clock-skew': 'fail' }
  },
  'disk-full': {
    name: 'disk-full',
    description: 'The secondary’s /var/netscreen file system is 99 % full.',
    expect: { 'sys.disk-space': 'fail' }
  },
  'version-mismatch': {
    name: 'version-mismatch',
    description: 'The nodes run different NSM releases.',
    expect: { 'sys.nsm-version': 'fail' }
  },
  'ha-link-not-logged': {
    name: 'ha-link-not-logged',
    description: 'GuiSvr does not log in debug mode: guiDaemon.0 has no "connected to ha-link" line on either node.',
    expect: { 'gui.ha-link': 'skipped' }
  },
  'shared-disk-mounted': {
    name: 'shared-disk-mounted',
    description: 'A shared disk is configured on both nodes and mounted on the active node (the primary).',
    expect: { 'cfg.shared-disk': 'pass' }
  },
  'shared-disk-unmounted': {
    name: 'shared-disk-unmounted',
    description: 'A shared disk is configured on both nodes but not mounted on the active node.',
    expect: { 'cfg.shared-disk': 'fail' }
  },
  'rsync-drift': {
    name: 'rsync-drift',
    description: 'Non-database files differ: a certificate only on the active node, a report template edited on the standby.',
    expect: { 'rsync.drift': 'warn' },
    fix: 'fix.rerun-dodirect'
  },
  'last-start-rotated': {
    name: 'last-start-rotated',
    description:
      'guiDaemon.0 was rotated after the last start on both nodes: the start, role and replication lines are only in guiDaemon.1.',
    expect: {}
  }
}

/** The exact status of every check for a scenario: HEALTHY_STATUSES with the scenario's `expect` on top. */
export function expectedStatuses(name: ScenarioName): Record<CheckId, CheckStatus> {
  return { ...HEALTHY_STATUSES, ...SCENARIO_SPECS[name].expect }
}

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(value)
}
