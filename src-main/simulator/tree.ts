/**
 * Renders a PairSpec into two node directories: NSM files at the guide's paths, the node's users,
 * the rsync user's ~/.ssh, the init script, and .sim/ (state, env.sh, OS stand-ins).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { utils } from 'ssh2'
import type { NodeRole } from '../shared/domain/check'
import { ENV_SH, NSM_SCRIPTS, SHIMS } from './scripts'
import { settleVarFiles } from './var-files'
import { cfgValue, type GuiLine, type NodeSpec, type PairSpec } from './spec'
import { CFG_ALIASES, CFG_STALE, DEFAULT_VARIANT, nodeFormat, type NodeFormat, type SimVariant } from './variants'

export interface NodePaths {
  root: string
  nsmHome: string
  nsmData: string
  haInit: string
}

/** The pair's virtual root: every node maps it to its own tree (see env.sh). */
export function virtualRoot(dir: string): string {
  return join(dir, 'nsm')
}

export function nodePaths(dir: string, role: NodeRole): NodePaths {
  const root = join(dir, role)
  return {
    root,
    nsmHome: join(root, 'usr/netscreen'),
    nsmData: join(root, 'var/netscreen'),
    haInit: join(root, 'etc/init.d/haSvr')
  }
}

interface KeyPair {
  private: string
  public: string
}
let rsaCache: KeyPair[] | undefined

/** An RSA key pair made the way an admin makes one (`ssh-keygen -t rsa -b 2048 -N ''`); ssh2 if ssh-keygen is missing. */
function rsaKeyPair(comment: string): KeyPair {
  const tmp = mkdtempSync(join(tmpdir(), 'nsm-sim-key-'))
  try {
    const file = join(tmp, 'id_rsa')
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' })
    return { private: readFileSync(file, 'utf8'), public: readFileSync(`${file}.pub`, 'utf8').trim() }
  } catch {
    const k = utils.generateKeyPairSync('rsa', { bits: 2048, comment })
    return { private: k.private, public: k.public }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** Two RSA key pairs for the rsync users, made once per process (RSA generation is the slow part). */
function rsyncKeys(): KeyPair[] {
  rsaCache ??= [0, 1].map((i) => rsaKeyPair(`nsm@nsm-${i === 0 ? 'primary' : 'secondary'}`))
  return rsaCache
}

function write(path: string, content: string | Buffer, mode = 0o644): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content, { mode })
  chmodSync(path, mode)
}

function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Config text in the variant's line format (nsm-formats.md: `key value`; "Format variants" for the others). */
function cfgText(
  title: string,
  entries: [string, string][],
  fmt: NodeFormat,
  aliases: Record<string, string> = {},
  role?: NodeRole
): string {
  const lines = entries.flatMap(([k, v], i) => {
    if (fmt.cfg === 'server-ip' && role && (k === 'highAvail.localIpAddr' || k === 'highAvail.peerIpAddr')) {
      // `cfg-server-ip`: both addresses by server role, the same two lines (in the same order) on both nodes
      if (k === 'highAvail.peerIpAddr') return []
      const peer = entries.find(([x]) => x === 'highAvail.peerIpAddr')?.[1] ?? '""'
      const [primary, secondary] = role === 'primary' ? [v, peer] : [peer, v]
      return [`highAvail.primaryServerIp ${primary}`, `highAvail.secondaryServerIp ${secondary}`]
    }
    const key = fmt.cfg === 'aliases' ? (aliases[k] ?? k) : k
    if (fmt.cfg === 'duplicates' && CFG_STALE[k] !== undefined) return [`${key} ${CFG_STALE[k]}`, `${key} ${v}`]
    if (fmt.cfg === 'equals-tabs') return [[`${key}=${v}`, `${key}\t${v}`, `\t${key} = ${v}`][i % 3]]
    return [`${key} ${v}`]
  })
  return `# ${title}\n# NSM ${'configuration'} — key value per line\n\n${lines.join('\n')}\n`
}

function stamp(at: number, ms = true): string {
  const d = new Date(at)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const base = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  return ms ? `${base}.${p(d.getUTCMilliseconds(), 3)}` : base
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A guiDaemon.0 line prefix in one of the stamp formats (the live scripts' guiline() writes the same). */
function guiPrefix(at: number, stamps: NodeFormat['stamps']): string {
  const d = new Date(at)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  if (stamps === 'none') return ''
  if (stamps === 'syslog') return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} `
  if (stamps === 'iso') return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${time} `
  return `[${stamp(at)}] `
}

export function guiLogText(lines: GuiLine[], offsetSec = 0, stamps: NodeFormat['stamps'] = 'slash'): string {
  return (
    [...lines]
      .sort((a, b) => a.at - b.at)
      .map((l) => `${guiPrefix(l.at + offsetSec * 1000, stamps)}[${l.level}] [${l.module}] ${l.text}`)
      .join('\n') + '\n'
  )
}

/** `logs-rotated`: the lines before the last `guiSvrManager starting` (guiDaemon.1) and from it on (guiDaemon.0). */
function rotate(lines: GuiLine[]): [GuiLine[], GuiLine[]] {
  const sorted = [...lines].sort((a, b) => a.at - b.at)
  let last = 0
  sorted.forEach((l, i) => {
    if (l.text.startsWith('guiSvrManager starting')) last = i
  })
  return [sorted.slice(0, last), sorted.slice(last)]
}

/** `long-cmd`: the rsync command lines of ha.log carry ~6 KiB of --exclude options before the destination. */
function longCommands(lines: string[]): string[] {
  const excludes = Array.from({ length: 130 }, (_, i) => `--exclude=GuiSvr/var/tmp/session-${String(i).padStart(4, '0')}/`).join(' ')
  return lines.map((l) => l.replace(/ cmd: rsync -az /, ` cmd: rsync -az ${excludes} `))
}

function eol(text: string, fmt: NodeFormat): string {
  return fmt.crlf ? text.replace(/\r?\n/g, '\r\n') : text
}

/** Deterministic filler for database files: the same name gives the same bytes on both nodes. */
function filler(name: string, size: number): Buffer {
  const buf = Buffer.alloc(size)
  let x = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    buf[i] = x >>> 24
  }
  return buf
}

const DATA_FILES: [string, number][] = [
  ['domain.db', 65_536],
  ['device.db', 98_304],
  ['policy.db', 131_072],
  ['admin.db', 32_768],
  ['template.db', 32_768]
]
const LOG_FILES: [string, number][] = [
  ['log.0000000001', 131_072],
  ['log.0000000002', 40_960]
]

function shadowDb(spec: PairSpec, node: NodeSpec): string {
  const lines = ['XDB-SIM 1 shadow_server', '[0.shadow_server.1]', ':type (guiSvr)', `:name (nsm-primary)`]
  if (node.shadowRecord) {
    lines.push('[0.shadow_server.2]', ':type (peerGuiSvr)', ':name (nsm-secondary)', `:clientOneTimePassword (${spec.oneTimePassword})`)
  }
  return lines.join('\n') + '\n'
}

function writeXdb(spec: PairSpec, node: NodeSpec, data: string): void {
  const xdb = join(data, 'GuiSvr/xdb')
  for (const d of ['data', 'init', 'log']) mkdirSync(join(xdb, d), { recursive: true })
  write(
    join(xdb, 'data/DB_CONFIG'),
    'set_cachesize 0 67108864 1\nset_lg_bsize 2097152\nset_lg_max 10485760\nset_flags DB_TXN_WRITE_NOSYNC\n'
  )
  write(join(xdb, 'data/shadow_server.db'), shadowDb(spec, node))
  const dataCount = Math.round(DATA_FILES.length * node.dataFraction)
  DATA_FILES.slice(0, dataCount).forEach(([name, size]) => write(join(xdb, 'data', name), filler(name, size)))
  const logCount = node.dataFraction >= 1 ? LOG_FILES.length : 1
  LOG_FILES.slice(0, logCount).forEach(([name, size]) => {
    const partial = node.dataFraction >= 1 ? size : Math.round(size * node.dataFraction)
    write(join(xdb, 'log', name), filler(name, partial))
  })
  write(join(xdb, 'init/__db.001'), filler('__db.001', 24_576))
  write(join(xdb, 'init/__db.002'), filler('__db.002', 8_192))
}

function passwd(users: string[]): string {
  const known: Record<string, string> = {
    root: 'root:x:0:0:root:/root:/bin/bash',
    admin: 'admin:x:500:500:NSM administrator:/home/admin:/bin/bash',
    nsm: 'nsm:x:501:501:NSM rsync user:/home/nsm:/bin/bash'
  }
  return users.map((u) => known[u] ?? `${u}:x:600:600::/home/${u}:/bin/sh`).join('\n') + '\n'
}

function withRoot(script: string, root: string): string {
  return script.replaceAll('. "$SIM_ROOT/.sim/node.env"', `. ${shq(join(root, '.sim/node.env'))}`)
}

/** Write one node of the pair. `keys[0]` is the primary's rsync-user key, `keys[1]` the secondary's. */
function writeNode(spec: PairSpec, node: NodeSpec, dir: string, variant: SimVariant): void {
  const role = node.role
  const fmt = nodeFormat(variant)
  const peerRole: NodeRole = role === 'primary' ? 'secondary' : 'primary'
  const me = nodePaths(dir, role)
  const peer = nodePaths(dir, peerRole)
  const vroot = virtualRoot(dir)
  const H = me.nsmHome
  const keys = rsyncKeys()
  const myKey = keys[role === 'primary' ? 0 : 1]
  const peerKey = keys[role === 'primary' ? 1 : 0]

  write(
    join(me.root, '.sim/node.env'),
    [
      `SIM_NODE=${role}`,
      `SIM_ROOT=${shq(me.root)}`,
      `SIM_PEER_ROOT=${shq(peer.root)}`,
      `SIM_VROOT=${shq(vroot)}`,
      `SIM_VROOT_RE=${shq(vroot.replace(/[.[\]*^$\\#&]/g, '\\$&'))}`,
      `SIM_HOSTNAME=${node.hostname}`,
      // the format variant the live scripts write in (haStatus layout, guiDaemon.0 stamps, line ends)
      `SIM_VARIANT=${variant}`,
      `SIM_HASTATUS=${fmt.haStatus}`,
      `SIM_STAMPS=${fmt.stamps}`,
      `SIM_CR='${fmt.crlf ? '\r' : ''}'`,
      'NSM_HOME="$SIM_ROOT/usr/netscreen"',
      'NSM_DATA="$SIM_ROOT/var/netscreen"',
      'export SIM_NODE SIM_ROOT SIM_PEER_ROOT SIM_VROOT SIM_HOSTNAME SIM_VARIANT SIM_HASTATUS SIM_STAMPS SIM_CR NSM_HOME NSM_DATA',
      ''
    ].join('\n')
  )
  write(join(me.root, '.sim/env.sh'), ENV_SH, 0o755)
  // the kernel's host name (env.sh points the probe's /proc/sys/kernel/hostname here)
  write(join(me.root, '.sim/hostname'), `${node.hostname}\n`)
  for (const [name, text] of Object.entries(SHIMS)) write(join(me.root, '.sim/bin', name), withRoot(text, me.root), 0o755)
  write(join(me.root, '.sim/bin/sim-resync'), withRoot(NSM_SCRIPTS.simResync, me.root), 0o755)

  const state = join(me.root, '.sim/state')
  mkdirSync(state, { recursive: true })
  if (node.running) write(join(state, 'running'), '')
  write(join(state, 'role'), `${node.haRole}\n`)
  write(join(state, 'repl'), `${node.repl}\n`)
  write(join(state, 'clock-offset'), `${node.clockOffsetSec}\n`)
  if (node.diskUsedPct !== undefined) write(join(state, 'disk-used-pct'), `${node.diskUsedPct}\n`)
  write(join(state, 'unreachable'), node.unreachable.map((a) => `${a}\n`).join(''))
  if (node.rsyncMissing) write(join(state, 'rsync-missing'), '')
  if (node.heartbeatBlocked) write(join(state, 'heartbeat-blocked'), '')
  // the node's mounted file systems (env.sh points the probe's /proc/mounts here)
  write(
    join(me.root, '.sim/mounts'),
    [
      '/dev/mapper/vg-root / ext4 rw,relatime 0 0',
      'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
      '/dev/mapper/vg-netscreen /var/netscreen ext4 rw,relatime 0 0',
      ...node.mounts,
      ''
    ].join('\n')
  )

  write(join(me.root, 'etc/passwd'), passwd(node.users))
  // the kernel's view of a process of each user (env.sh points the probe's /proc/self/status at the session user's)
  for (const line of passwd(node.users).trim().split('\n')) {
    const [name, , uid, gid] = line.split(':')
    write(
      join(me.root, '.sim/status', name),
      `Name:\tsh\nUmask:\t0022\nState:\tR (running)\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\n`
    )
  }
  write(
    join(me.root, 'etc/motd'),
    [
      `Last login: ${new Date(spec.now - 86_400_000).toUTCString()} from 10.20.1.15`,
      '',
      `  Juniper Networks NetScreen-Security Manager ${node.version} (simulated by NSM HA Doctor)`,
      `  ${node.hostname} — HA ${role}, HA address ${node.haAddr}`,
      // the node's own paths: the pair's virtual root is only rewritten in exec'd commands, not typed input
      `  NSM home:    ${me.nsmHome}   (data: ${me.nsmData})`,
      `  HA status:   ${me.nsmHome}/HaSvr/utils/haStatus`,
      `  HA service:  ${me.haInit} start|stop|status`,
      ''
    ].join('\n')
  )
  write(me.haInit, withRoot(NSM_SCRIPTS.haInit, me.root), 0o755)

  write(
    join(H, 'HaSvr/var/haSvr.cfg'),
    eol(cfgText('NSM High Availability server configuration (haSvr.cfg)', node.haCfg, fmt, CFG_ALIASES[role], role), fmt)
  )
  write(join(H, 'GuiSvr/var/guiSvr.cfg'), eol(cfgText('NSM GUI server configuration (guiSvr.cfg)', node.guiCfg, fmt), fmt))
  write(join(H, 'DevSvr/var/devSvr.cfg'), eol(cfgText('NSM device server configuration (devSvr.cfg)', node.devCfg, fmt), fmt))
  write(join(H, 'GuiSvr/var/version'), eol(`${node.version}\n`, fmt))
  write(join(H, 'GuiSvr/var/templates/report.tmpl'), 'NSM report template\n')
  write(join(H, 'GuiSvr/var/certs/ca-bundle.pem'), '-----BEGIN CERTIFICATE-----\nMIIB (simulated)\n-----END CERTIFICATE-----\n')
  write(join(H, 'HaSvr/var/exclude.rsync'), 'guiSvr.cfg\nerrorLog/\nversion\n')
  write(join(H, 'HaSvr/utils/haStatus'), withRoot(NSM_SCRIPTS.haStatus, me.root), 0o755)
  write(join(H, 'HaSvr/bin/.haDoDirect'), withRoot(NSM_SCRIPTS.haDoDirect, me.root), 0o755)
  if (node.doDirectResult)
    write(join(H, 'HaSvr/bin/.haDoDirect.result'), eol(`${node.doDirectResult} ${stamp(spec.now - 7_200_000, false)}\n`, fmt))
  // HA writes ha.log only with highAvail.writetoLog y: a node that never logged has none
  const haLog = fmt.longCmd ? longCommands(node.haLog) : node.haLog
  if (cfgValue(node.haCfg, 'highAvail.writetoLog') === 'y')
    write(join(H, 'HaSvr/var/errorLog/ha.log'), eol(haLog.join('\n') + (haLog.length ? '\n' : ''), fmt))
  else mkdirSync(join(H, 'HaSvr/var/errorLog'), { recursive: true })
  // a rotated guiDaemon.k, compressed by the rotation (guiDaemon.k.gz) in `logs-gz`
  const rotated = (k: number, lines: GuiLine[]): void => {
    const text = eol(guiLogText(lines, node.clockOffsetSec, fmt.stamps), fmt)
    if (fmt.gz) write(join(H, `GuiSvr/var/errorLog/guiDaemon.${k}.gz`), gzipSync(text))
    else write(join(H, `GuiSvr/var/errorLog/guiDaemon.${k}`), text)
  }
  const [older, current] = fmt.rotated ? rotate(node.guiLog) : [[], node.guiLog]
  if (older.length) rotated(1, older)
  write(join(H, 'GuiSvr/var/errorLog/guiDaemon.0'), eol(guiLogText(current, node.clockOffsetSec, fmt.stamps), fmt))
  // lines a scenario rotated out of guiDaemon.0 (guiDaemon.1, .2 …)
  node.rotatedGuiLogs?.forEach((lines, i) => rotated(i + 1, lines))
  write(join(H, 'GuiSvr/utils/.xdbViewEdit.sh'), withRoot(NSM_SCRIPTS.xdbViewEdit, me.root), 0o755)
  mkdirSync(join(H, 'DevSvr/var/errorLog'), { recursive: true })
  writeXdb(spec, node, me.nsmData)

  for (const user of ['admin', 'root']) mkdirSync(join(me.root, 'home', user), { recursive: true })
  const ssh = join(me.root, 'home/nsm/.ssh')
  mkdirSync(ssh, { recursive: true, mode: 0o700 })
  chmodSync(join(me.root, 'home/nsm'), 0o755)
  chmodSync(ssh, 0o700)
  write(join(ssh, 'id_rsa'), myKey.private, 0o600)
  write(join(ssh, 'id_rsa.pub'), `${myKey.public}\n`, 0o644)
  write(join(ssh, 'authorized_keys'), node.trustsPeer ? `${peerKey.public}\n` : '', 0o600)
  write(join(ssh, 'known_hosts'), '', 0o600)
  // GuiSvr/var as the last sync left it (same times on both nodes), then the files that drifted since
  settleVarFiles(join(H, 'GuiSvr/var'), node, spec.now - 3 * 86_400_000)
}

/** Write both nodes of a pair spec under `dir` (replacing what was there). */
export function writePairTree(spec: PairSpec, dir: string, variant: SimVariant = DEFAULT_VARIANT): void {
  for (const role of ['primary', 'secondary'] as const) rmSync(join(dir, role), { recursive: true, force: true })
  writeNode(spec, spec.primary, dir, variant)
  writeNode(spec, spec.secondary, dir, variant)
}

export interface PeerEndpoint {
  /** the address the node's haSvr.cfg names for the peer */
  haAddr: string
  /** where the peer's SSH server really listens */
  host: string
  port: number
  /** OpenSSH mode logs in as the OS user and names the node user with SetEnv */
  loginAs?: string
}

/** The rsync user's ~/.ssh/config: the peer's HA address → the peer's real SSH endpoint. */
export function writePeerSshConfig(dir: string, role: NodeRole, peer: PeerEndpoint): void {
  const home = join(nodePaths(dir, role).root, 'home/nsm')
  const lines = [
    `Host ${peer.haAddr}`,
    `  HostName ${peer.host}`,
    `  Port ${peer.port}`,
    peer.loginAs ? `  User ${peer.loginAs}` : '  User nsm',
    peer.loginAs ? '  SetEnv SIM_USER=nsm' : '',
    `  IdentityFile ${join(home, '.ssh/id_rsa')}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${join(home, '.ssh/known_hosts')}`,
    '  StrictHostKeyChecking accept-new',
    '  LogLevel ERROR',
    ''
  ].filter((l) => l !== '')
  write(join(home, '.ssh/config'), lines.join('\n') + '\n', 0o600)
  const loginAs = join(nodePaths(dir, role).root, '.sim/login-as')
  if (peer.loginAs) write(loginAs, `${peer.loginAs}\n`)
  else rmSync(loginAs, { force: true })
}
