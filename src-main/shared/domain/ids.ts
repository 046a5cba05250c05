/**
 * The names of the contract (docs/contract.md) as a leaf both check.ts and fix.ts import: check and fix
 * IDs, statuses, scopes and node roles. Imports nothing.
 */

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'unknown', 'skipped'] as const
export type CheckStatus = (typeof CHECK_STATUSES)[number]

export type Scope = 'pair' | 'primary' | 'secondary'
export type NodeRole = 'primary' | 'secondary'

/** The check ids, in report order: the one list every report, export and progress count follows. */
export const CHECK_IDS = [
  'sys.reachable',
  'ha.services',
  'ha.heartbeat',
  'ha.db-replication',
  'cfg.ha-enabled',
  'cfg.addresses',
  'cfg.hmac-key',
  'cfg.heartbeat-port',
  'tools.ssh-rsync',
  'net.pingable-ip',
  'cfg.rsync-user',
  'cfg.write-to-log',
  'cfg.shared-disk',
  'user.setuid',
  'ssh.trust',
  'rsync.dodirect-result',
  'rsync.ha-log-errors',
  'rsync.drift',
  'gui.ha-link',
  'gui.shadow-server-record',
  'gui.addresses',
  'role.assignment',
  'repl.secondary-startup',
  'repl.data-progress',
  'repl.logs-match',
  'db.panic',
  'db.diverged',
  'gui.one-time-password',
  'sys.clock-skew',
  'sys.disk-space',
  'sys.nsm-version'
] as const
export type CheckId = (typeof CHECK_IDS)[number]

export const FIX_IDS = [
  'fix.enable-write-to-log',
  'fix.align-hmac-key',
  'fix.repair-ssh-trust',
  'fix.rerun-dodirect',
  'fix.resync-standby',
  'fix.align-one-time-password',
  'fix.failover',
  'fix.restart-ha'
] as const
export type FixId = (typeof FIX_IDS)[number]
