/**
 * Simulator scenarios (docs/contract.md) and the verdicts each must produce.
 * This table is the one agreement between the simulator, the engine and the tests:
 * every check not listed for a scenario must come out `pass` or `skipped`.
 */
import type { CheckId, CheckStatus } from './check'
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
  'version-mismatch'
] as const
export type ScenarioName = (typeof SCENARIOS)[number]

export interface ScenarioSpec {
  name: ScenarioName
  /** what is broken, one line for humans (demo, docs) */
  description: string
  /** the checks this scenario breaks and the status each must show; all others pass or skip */
  expect: Partial<Record<CheckId, CheckStatus>>
  /** the fix that really repairs it in the simulator (check → fix → check passes) */
  fix?: FixId
}

export const SCENARIO_SPECS: Record<ScenarioName, ScenarioSpec> = {
  healthy: { name: 'healthy', description: 'A healthy pair: primary active, secondary in sync.', expect: {} },
  'peer-services-down': {
    name: 'peer-services-down',
    description: 'HaSvr is stopped on the secondary; the primary sees the peer timed-out.',
    expect: { 'ha.services': 'fail', 'ha.heartbeat': 'fail', 'ha.db-replication': 'warn' },
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
  'address-mismatch': {
    name: 'address-mismatch',
    description: 'The secondary’s peer address is not the primary’s local address; the heartbeat fails.',
    expect: { 'cfg.addresses': 'fail', 'ha.heartbeat': 'fail' }
  },
  'rsync-missing': {
    name: 'rsync-missing',
    description: 'rsync is not runnable on the secondary.',
    expect: { 'tools.ssh-rsync': 'fail' }
  },
  'pingable-ip-down': {
    name: 'pingable-ip-down',
    description: 'The configured pingable IP does not answer from either node.',
    expect: { 'net.pingable-ip': 'fail' }
  },
  'rsync-user-missing': {
    name: 'rsync-user-missing',
    description: 'The rsync user account does not exist on the secondary (so the SSH trust fails too).',
    expect: { 'cfg.rsync-user': 'fail', 'ssh.trust': 'fail' }
  },
  'write-to-log-off': {
    name: 'write-to-log-off',
    description: 'highAvail.writetoLog is n on both nodes.',
    expect: { 'cfg.write-to-log': 'warn' },
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
    expect: { 'ssh.trust': 'fail' },
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
    expect: { 'role.assignment': 'fail', 'db.diverged': 'fail', 'ha.heartbeat': 'fail' }
  },
  'secondary-not-connected': {
    name: 'secondary-not-connected',
    description: 'The secondary is a client but never reached the primary (no NEWMASTER).',
    expect: { 'repl.secondary-startup': 'fail' }
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
  }
}

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(value)
}
