/**
 * One mutation per scenario of docs/contract.md, applied to a healthy PairSpec. Each breaks
 * exactly what SCENARIO_SPECS (src-main/shared/domain/scenario.ts) says, the way the guide describes it.
 */
import type { ScenarioName } from '../shared/domain/scenario'
import { event, haLogLine, PINGABLE_IP, setCfg, startBlock, type GuiLine, type NodeSpec, type PairSpec } from './spec'

const SHARED_DEVICE = '/dev/mapper/vg-nsmshared'
const SHARED_MOUNT = '/nsm-shared'
const MIN = 60_000
const HOUR = 3_600_000

function line(at: number, level: GuiLine['level'], module: string, text: string): GuiLine {
  return { at, level, module, text }
}

function lastStartAt(lines: GuiLine[]): number {
  return Math.max(...lines.filter((l) => l.text.startsWith('guiSvrManager starting')).map((l) => l.at))
}

/**
 * guiDaemon.0 rotated 100 s after the node's last start (its role and replication lines written): that
 * start and what followed it go to guiDaemon.1 with the minute before it, older lines to guiDaemon.2;
 * guiDaemon.0 keeps only what came later (possibly nothing).
 */
function rotateAfterStart(node: NodeSpec): void {
  const start = lastStartAt(node.guiLog)
  const rotatedAt = start + 100_000
  const older = node.guiLog.filter((l) => l.at < start - 60_000)
  const previous = node.guiLog.filter((l) => l.at >= start - 60_000 && l.at < rotatedAt)
  node.guiLog = node.guiLog.filter((l) => l.at >= rotatedAt)
  node.rotatedGuiLogs = [previous, older]
}

export const SCENARIO_MUTATIONS: Record<ScenarioName, (spec: PairSpec) => void> = {
  healthy: () => {},
  'peer-services-down': ({ now, secondary }) => {
    secondary.running = false
    secondary.guiLog.push(line(now - 20 * MIN, 'info', 'guiSvrManager', 'guiSvrManager stopping'))
    secondary.haLog.push(haLogLine(now - 20 * MIN, 'INFO', 'highAvail stopped'))
  },
  'ha-disabled': ({ secondary }) => setCfg(secondary.haCfg, 'highAvail.isHaEnabled', 'n'),
  'hmac-mismatch': ({ secondary }) => setCfg(secondary.haCfg, 'highAvail.HMACKey', 'b'.repeat(32)),
  'heartbeat-port-mismatch': ({ now, primary, secondary }) => {
    // each node listens where the other does not send: both see the peer timed out
    setCfg(secondary.haCfg, 'highAvail.heartbeatPort', '7204')
    primary.heartbeatBlocked = true
    secondary.heartbeatBlocked = true
    primary.guiLog.push(line(now - HOUR, 'warn', 'haLink', 'heartbeat from peer 127.0.0.12 lost (timed-out)'))
    secondary.guiLog.push(line(now - HOUR, 'warn', 'haLink', 'heartbeat from peer 127.0.0.11 lost (timed-out)'))
  },
  'address-mismatch': ({ now, secondary }) => {
    setCfg(secondary.haCfg, 'highAvail.peerIpAddr', '127.0.0.13')
    // restarted with the wrong peer address: guiDaemon.0 reads the addresses haSvr.cfg now holds
    secondary.guiLog.push(
      line(now - HOUR - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, now - HOUR, 'CLIENT'),
      event(now - HOUR + 1_500, 'DB_EVENT_REP_NEWMASTER'),
      event(now - HOUR + 9_000, 'DB_EVENT_REP_STARTUPDONE')
    )
  },
  'rsync-missing': ({ secondary }) => {
    secondary.rsyncMissing = true
  },
  'pingable-ip-down': ({ primary, secondary }) => {
    primary.unreachable.push(PINGABLE_IP)
    secondary.unreachable.push(PINGABLE_IP)
  },
  'rsync-user-missing': ({ secondary }) => {
    secondary.users = secondary.users.filter((u) => u !== 'nsm')
  },
  'write-to-log-off': ({ primary, secondary }) => {
    setCfg(primary.haCfg, 'highAvail.writetoLog', 'n')
    setCfg(secondary.haCfg, 'highAvail.writetoLog', 'n')
  },
  'setuid-mismatch': ({ secondary }) => {
    setCfg(secondary.haCfg, 'guiSvr.setuid', 'nsm')
    setCfg(secondary.guiCfg, 'guiSvr.setuid', 'nsm')
    setCfg(secondary.devCfg, 'devSvr.setuid', 'nsm')
  },
  'ssh-trust-broken': ({ secondary }) => {
    secondary.trustsPeer = false
  },
  'dodirect-failed': ({ now, primary }) => {
    primary.doDirectResult = 'FAIL'
    const t = now - 2 * HOUR
    primary.haLog.push(
      haLogLine(t, 'INFO', 'haDoDirect: direct sync to 127.0.0.12 starting'),
      haLogLine(
        t,
        'INFO',
        'cmd: rsync -az --exclude-from=/usr/netscreen/HaSvr/var/exclude.rsync -e "ssh -o BatchMode=yes" /usr/netscreen/GuiSvr/var/ nsm@127.0.0.12:/usr/netscreen/GuiSvr/var/'
      ),
      haLogLine(t + 1_000, 'ERROR', 'rsync: write failed on "/usr/netscreen/GuiSvr/var/cert.tmp": No space left on device (28)'),
      haLogLine(t + 1_000, 'ERROR', 'rsync error: error in file IO (code 11) at receiver.c(374) [receiver=3.2.7]'),
      haLogLine(t + 1_000, 'INFO', 'haDoDirect: result FAIL')
    )
  },
  'shadow-record-missing': ({ now, primary, secondary }) => {
    primary.shadowRecord = false
    secondary.shadowRecord = false
    const failed = 'getXdbObjById(domainId(0), category(shadow_server), id(2), snapshotId(0)) failed'
    primary.guiLog.push(line(now - 30 * MIN, 'error', 'xdb', failed))
    secondary.guiLog.push(line(now - 29 * MIN, 'error', 'xdb', failed))
  },
  'gui-address-mismatch': ({ now, secondary }) => {
    secondary.guiLog.push(
      line(now - HOUR - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, now - HOUR, 'CLIENT', { myAddr: '127.0.0.21' }),
      event(now - HOUR + 1_500, 'DB_EVENT_REP_NEWMASTER'),
      event(now - HOUR + 9_000, 'DB_EVENT_REP_STARTUPDONE')
    )
  },
  'split-brain': ({ now, primary, secondary }) => {
    primary.heartbeatBlocked = true
    secondary.heartbeatBlocked = true
    secondary.haRole = 'active'
    secondary.guiLog.push(
      line(now - HOUR, 'warn', 'haLink', 'heartbeat from peer 127.0.0.11 lost (timed-out)'),
      event(now - HOUR + 30_000, 'DB_EVENT_REP_MASTER')
    )
    primary.guiLog.push(line(now - HOUR, 'warn', 'haLink', 'heartbeat from peer 127.0.0.12 lost (timed-out)'))
  },
  'secondary-not-connected': ({ now, secondary }) => {
    secondary.guiLog.push(
      line(now - HOUR - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, now - HOUR, 'CLIENT'),
      line(now - HOUR + 60_000, 'warn', 'bdbRep', 'waiting for the master (no DB_EVENT_REP_NEWMASTER yet)')
    )
  },
  'replication-in-progress': ({ now, secondary }) => {
    secondary.repl = 'dirty'
    secondary.dataFraction = 0.4
    secondary.guiLog.push(
      line(now - 5 * MIN - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, now - 5 * MIN, 'CLIENT'),
      event(now - 5 * MIN + 1_500, 'DB_EVENT_REP_NEWMASTER')
    )
  },
  'db-panic': ({ now, secondary }) => {
    secondary.guiLog.push(
      line(now - HOUR, 'error', 'bdbRep', 'DB_PANIC: fatal region error detected; run database recovery'),
      line(now - HOUR + 10, 'error', 'guiSvrManager', 'database environment panic, replication stopped')
    )
  },
  diverged: ({ now, secondary }) => {
    // the secondary was started alone as master (no failover) while the primary stayed master,
    // then restarted as standby: its log history diverged and it panics
    const t1 = now - 2 * 24 * HOUR
    const t2 = now - 3 * HOUR
    secondary.guiLog.push(
      line(t1 - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, t1, 'MASTER'),
      line(t2 - 5_000, 'info', 'guiSvrManager', 'guiSvrManager stopping'),
      ...startBlock(secondary, t2, 'CLIENT'),
      event(t2 + 1_500, 'DB_EVENT_REP_NEWMASTER'),
      event(t2 + 9_000, 'DB_EVENT_REP_STARTUPDONE'),
      line(t2 + 60_000, 'error', 'bdbRep', 'DB_PANIC: log sequence mismatch with master (diverged log history); run database recovery')
    )
  },
  'one-time-password-mismatch': ({ now, secondary }) => {
    setCfg(secondary.guiCfg, 'guiSvr.clientOneTimePassword', 'netscreen')
    for (let i = 0; i < 5; i++) {
      secondary.guiLog.push(
        line(now - (5 - i) * MIN, 'error', 'guiSvr', 'ourRsaPrivateKey is missing in /usr/netscreen/GuiSvr/var/guiSvr.cfg!')
      )
    }
  },
  'clock-skew': ({ secondary }) => {
    secondary.clockOffsetSec = 120
  },
  'disk-full': ({ secondary }) => {
    secondary.diskUsedPct = 99
  },
  'version-mismatch': ({ secondary }) => {
    secondary.version = '2012.2R4'
  },
  'rsync-drift': ({ primary, secondary }) => {
    // a certificate added on the active node since the last sync, a template edited on the standby
    primary.varFiles = [
      ['certs/device-ca-2.pem', '-----BEGIN CERTIFICATE-----\nMIIC (simulated, added after the last sync)\n-----END CERTIFICATE-----\n']
    ]
    secondary.varFiles = [['templates/report.tmpl', 'NSM report template (edited by hand on the standby)\n']]
  },
  'last-start-rotated': ({ secondary, primary }) => {
    // an old DB_PANIC before the secondary's last start: read back from guiDaemon.1, it must not count
    const start = lastStartAt(secondary.guiLog)
    secondary.guiLog.push(line(start - 20_000, 'error', 'bdbRep', 'DB_PANIC: fatal region error detected; run database recovery'))
    for (const n of [primary, secondary]) rotateAfterStart(n)
  },
  'ha-link-not-logged': ({ primary, secondary }) => {
    // debug logging off: connectionMgr's "connected to ha-link" line is never written
    for (const n of [primary, secondary]) n.guiLog = n.guiLog.filter((l) => !l.text.includes('connected to ha-link'))
  },
  'shared-disk-mounted': ({ primary, secondary }) => {
    for (const n of [primary, secondary]) {
      setCfg(n.haCfg, 'highAvail.sharedDisk', SHARED_DEVICE)
      setCfg(n.haCfg, 'highAvail.sharedDiskMountPoint', SHARED_MOUNT)
    }
    primary.mounts.push(`${SHARED_DEVICE} ${SHARED_MOUNT} ext3 rw,relatime 0 0`)
  },
  'shared-disk-unmounted': ({ primary, secondary }) => {
    for (const n of [primary, secondary]) {
      setCfg(n.haCfg, 'highAvail.sharedDisk', SHARED_DEVICE)
      setCfg(n.haCfg, 'highAvail.sharedDiskMountPoint', SHARED_MOUNT)
    }
  }
}
