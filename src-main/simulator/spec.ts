/**
 * The data a simulated node is made of (before it is written to disk), and the healthy defaults.
 * Scenarios (scenarios.ts) mutate a healthy PairSpec; tree.ts renders it into files.
 */
import { randomBytes } from 'node:crypto'
import type { NodeRole } from '../shared/domain/check'

export type LogLevel = 'info' | 'debug' | 'warn' | 'error'

export interface GuiLine {
  at: number
  level: LogLevel
  module: string
  text: string
}

export interface NodeSpec {
  role: NodeRole
  hostname: string
  /** the node's HA address (it owns it: the loopback range) */
  haAddr: string
  haCfg: [string, string][]
  guiCfg: [string, string][]
  devCfg: [string, string][]
  version: string
  users: string[]
  running: boolean
  haRole: 'active' | 'standby'
  repl: 'in-sync' | 'dirty'
  clockOffsetSec: number
  diskUsedPct?: number
  unreachable: string[]
  rsyncMissing: boolean
  heartbeatBlocked: boolean
  guiLog: GuiLine[]
  haLog: string[]
  doDirectResult?: 'SUCCESS' | 'FAIL'
  /** share of the primary's xdb/data and xdb/log files present (1 = in sync) */
  dataFraction: number
  /** the peerGuiSvr record (0.shadow_server.2) is in this node's database */
  shadowRecord: boolean
  /** this node's authorized_keys (rsync user) holds the peer's key */
  trustsPeer: boolean
  /** files under HOME/GuiSvr/var (relative path, content) written after the synced ones: the drift */
  varFiles?: [string, string][]
  /** lines rotated out of guiDaemon.0: [0] is guiDaemon.1, [1] guiDaemon.2 … */
  rotatedGuiLogs?: GuiLine[][]
  /** extra /proc/mounts lines (the shared disk when mounted) */
  mounts: string[]
}

export interface PairSpec {
  now: number
  hmacKey: string
  oneTimePassword: string
  primary: NodeSpec
  secondary: NodeSpec
}

export const SIM_VERSION = '2012.2R5'
export const PINGABLE_IP = '127.0.0.254'
const DAY = 86_400_000

export function setCfg(entries: [string, string][], key: string, value: string): void {
  const found = entries.find(([k]) => k === key)
  if (found) found[1] = value
  else entries.push([key, value])
}

export function cfgValue(entries: [string, string][], key: string): string | undefined {
  return entries.find(([k]) => k === key)?.[1]
}

/** The lines guiSvrManager writes when the HA server starts it (KB11264 steps 6–8). */
export function startBlock(
  node: NodeSpec,
  at: number,
  role: 'MASTER' | 'CLIENT',
  opts: { myAddr?: string; peerAddr?: string } = {}
): GuiLine[] {
  const my = opts.myAddr ?? cfgValue(node.haCfg, 'highAvail.localIpAddr') ?? ''
  const peer = opts.peerAddr ?? cfgValue(node.haCfg, 'highAvail.peerIpAddr') ?? ''
  return [
    { at, level: 'info', module: 'guiSvrManager', text: `guiSvrManager starting (pid ${4000 + (at % 997)})` },
    { at: at + 80, level: 'info', module: 'guiSvrManager', text: `NSM ${node.version} GuiSvr, database /var/netscreen/GuiSvr/xdb` },
    { at: at + 150, level: 'info', module: 'haLink', text: `read highAvail.heartbeatPort; myAddr = ${my}` },
    { at: at + 151, level: 'info', module: 'haLink', text: `read highAvail.heartbeatPort; peerAddr = ${peer}` },
    { at: at + 300, level: 'debug', module: 'connectionMgr', text: 'connectionMgr connected to ha-link' },
    { at: at + 900, level: 'info', module: 'bdbRep', text: `get BDB event DB_EVENT_REP_${role}` }
  ]
}

export function event(at: number, name: string): GuiLine {
  return { at, level: 'info', module: 'bdbRep', text: `get BDB event ${name}` }
}

function noise(at: number): GuiLine[] {
  return [
    { at, level: 'info', module: 'deviceMgr', text: '38 devices loaded from domain global' },
    { at: at + 4_000, level: 'info', module: 'guiSvr', text: 'admin session opened for "super" from 10.20.1.15' },
    { at: at + 3_600_000, level: 'info', module: 'jobMgr', text: 'job 1182 (update device config) finished: success' }
  ]
}

function node(role: NodeRole, hmacKey: string, otp: string): NodeSpec {
  const primary = role === 'primary'
  const haAddr = primary ? '127.0.0.11' : '127.0.0.12'
  const peerAddr = primary ? '127.0.0.12' : '127.0.0.11'
  return {
    role,
    hostname: primary ? 'nsm-primary' : 'nsm-secondary',
    haAddr,
    haCfg: [
      ['highAvail.isHaEnabled', 'y'],
      ['highAvail.localIpAddr', haAddr],
      ['highAvail.peerIpAddr', peerAddr],
      ['highAvail.heartbeatPort', '7203'],
      ['highAvail.pingableIp', PINGABLE_IP],
      ['highAvail.HMACKey', hmacKey],
      ['highAvail.rsyncUser', 'nsm'],
      ['highAvail.writetoLog', 'y'],
      ['highAvail.sharedDisk', 'n'],
      ['highAvail.failoverDelay', '30'],
      ['guiSvr.setuid', 'root']
    ],
    guiCfg: [
      ['guiSvr.setuid', 'root'],
      ['guiSvr.port', '7801'],
      ['guiSvr.managementIp', haAddr],
      ['guiSvr.clientOneTimePassword', otp],
      ['guiSvr.ourRsaPrivateKey', randomBytes(48).toString('base64')]
    ],
    devCfg: [
      ['devSvr.setuid', 'root'],
      ['devSvr.managementIp', haAddr],
      ['devSvr.port', '7800']
    ],
    version: SIM_VERSION,
    users: ['root', 'admin', 'nsm'],
    running: true,
    haRole: primary ? 'active' : 'standby',
    repl: 'in-sync',
    clockOffsetSec: 0,
    unreachable: [],
    rsyncMissing: false,
    heartbeatBlocked: false,
    guiLog: [],
    haLog: [],
    doDirectResult: primary ? 'SUCCESS' : undefined,
    dataFraction: 1,
    shadowRecord: true,
    trustsPeer: true,
    mounts: []
  }
}

function halogStamp(at: number): string {
  const d = new Date(at)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `[${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}]`
}

export function haLogLine(at: number, level: 'INFO' | 'ERROR', text: string): string {
  return `${halogStamp(at)} ${level.padEnd(5)} ${text}`
}

/** A healthy pair: primary active since three days, secondary replicated and in sync. */
export function healthySpec(now = Date.now()): PairSpec {
  const hmacKey = randomBytes(16).toString('hex')
  const oneTimePassword = `otp-${randomBytes(6).toString('hex')}`
  const p = node('primary', hmacKey, oneTimePassword)
  const s = node('secondary', hmacKey, oneTimePassword)
  const t0 = now - 3 * DAY
  // an earlier cycle (installed 12 days ago, restarted for maintenance 3 days ago) with the same roles,
  // so "since the last start" has something before it
  const tPrev = now - 12 * DAY
  const stopping = (at: number): GuiLine => ({ at, level: 'info', module: 'guiSvrManager', text: 'guiSvrManager stopping' })
  p.guiLog = [
    ...startBlock(p, tPrev, 'MASTER'),
    ...noise(tPrev + 120_000),
    stopping(t0 - 30_000),
    ...startBlock(p, t0, 'MASTER'),
    ...noise(t0 + 120_000),
    { at: now - DAY, level: 'info', module: 'guiSvr', text: 'admin session opened for "super" from 10.20.1.15' },
    { at: now - DAY + 900_000, level: 'info', module: 'jobMgr', text: 'job 1207 (update device config) finished: success' }
  ]
  s.guiLog = [
    ...startBlock(s, tPrev + 60_000, 'CLIENT'),
    event(tPrev + 61_500, 'DB_EVENT_REP_NEWMASTER'),
    event(tPrev + 75_000, 'DB_EVENT_REP_STARTUPDONE'),
    stopping(t0 - 40_000),
    ...startBlock(s, t0 + 60_000, 'CLIENT'),
    event(t0 + 61_500, 'DB_EVENT_REP_NEWMASTER'),
    event(t0 + 69_800, 'DB_EVENT_REP_STARTUPDONE')
  ]
  const vroot = '/usr/netscreen'
  p.haLog = [
    haLogLine(t0 - 5_000, 'INFO', 'highAvail started (role active)'),
    haLogLine(t0 + 62_000, 'INFO', 'haDoDirect: direct sync to 127.0.0.12 starting'),
    haLogLine(
      t0 + 62_000,
      'INFO',
      `cmd: rsync -az --exclude-from=${vroot}/HaSvr/var/exclude.rsync -e "ssh -o BatchMode=yes" ${vroot}/GuiSvr/var/ nsm@127.0.0.12:${vroot}/GuiSvr/var/`
    ),
    haLogLine(t0 + 64_000, 'INFO', 'haDoDirect: result SUCCESS')
  ]
  s.haLog = [haLogLine(t0 + 55_000, 'INFO', 'highAvail started (role standby)')]
  return { now, hmacKey, oneTimePassword, primary: p, secondary: s }
}
