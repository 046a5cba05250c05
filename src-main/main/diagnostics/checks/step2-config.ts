/** KB11264 step 2: haSvr.cfg parameters, tools, pingable IP, rsync user, logging, shared disk. */
import type { Evidence } from '../../../shared/domain/check'
import { cfgEntry, isYes, KEYS } from '../parsers/cfg'
import { ownerOf } from '../parsers/system'
import { addressKeyNames, resolveHaAddresses, SERVER_IP_KEYS, showAddress, type HaAddresses } from '../parsers/ha-addresses'
import type { ConfigFile } from '../../../shared/domain/run'
import type { NodeCollection } from '../types'
import {
  assumedKeyNotFound,
  cfgEv,
  combine,
  ev,
  label,
  lookup,
  part,
  type CheckDefs,
  type CheckFn,
  type NodeFn,
  type Pair,
  type Part
} from './common'

const HA = 'haSvr.cfg' as const

export const cfgHaEnabled: NodeFn = (n) => {
  const r = lookup(n, HA, KEYS.enabled)
  if (r.unreadable) return part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence])
  if (isYes(r.entry?.value)) return part('pass', `${label(n)}: isHaEnabled y`, [r.evidence])
  return part('fail', `${label(n)}: highAvail.isHaEnabled is ${r.entry ? `"${r.entry.value}"` : 'not set'}`, [r.evidence])
}

/** A node's two HA addresses (either layout, A-1) with the evidence of the keys read, or why they cannot be read. */
export function haAddresses(n: NodeCollection): { a?: HaAddresses; evidence: Evidence[]; unreadable?: string; file?: ConfigFile } {
  const r = lookup(n, HA, KEYS.local)
  if (r.unreadable) return { evidence: [r.evidence], unreadable: r.unreadable }
  const a = resolveHaAddresses(r.file, n.facts.role, n.detail.addresses)
  const evidence = a?.entries.length
    ? a.entries.map((e) => cfgEv(n, r.file!, e))
    : [ev(n, r.file!.path, `none of ${[...KEYS.local, ...KEYS.peer, SERVER_IP_KEYS.primary, SERVER_IP_KEYS.secondary].join(', ')} is set`)]
  return { a, evidence, file: r.file }
}

/** The haSvr.cfg line the node's peer address was read from (either layout), as evidence; none when not read. */
export function peerKeyEvidence(n: NodeCollection): Evidence[] {
  if (!n.facts.reachable) return []
  const h = haAddresses(n)
  const peer = h.a?.peer
  if (!h.file || !peer) return []
  const how = h.a?.basis ? ` (peer address: ${h.a.basis.startsWith('owns') ? `this node ${h.a.basis}` : h.a.basis})` : ''
  return [ev(n, h.file.path, `${peer.key} ${peer.value}${how}`, peer.line)]
}

export const cfgAddresses: CheckFn = (pair) => {
  const parts: Part[] = []
  const p = pair.primary
  const s = pair.secondary
  const pm = pair.missing(p, 'cfg.haSvr')
  const sm = pair.missing(s, 'cfg.haSvr')
  const pl = pm ? undefined : haAddresses(p)
  const sl = sm ? undefined : haAddresses(s)
  for (const [n, l, m] of [
    [p, pl, pm],
    [s, sl, sm]
  ] as const) {
    if (m) {
      parts.push(m)
      continue
    }
    if (!l) continue
    const ev0 = l.evidence
    if (l.unreadable) {
      parts.push(part('unknown', `${label(n)}: ${l.unreadable}`, ev0))
      continue
    }
    const a = l.a
    if (!a) {
      parts.push(
        part(
          'fail',
          `${label(n)}: HA addresses not set in haSvr.cfg (neither ${SERVER_IP_KEYS.primary} / ${SERVER_IP_KEYS.secondary} nor ${KEYS.local[0]} / ${KEYS.peer[0]})`,
          ev0
        )
      )
      continue
    }
    if (!a.local || !a.peer) {
      const which = !a.local ? 'local' : 'peer'
      // the local/peer names are assumed (A-1): one of them under none of its names may be named otherwise
      const keys = which === 'local' ? KEYS.local : KEYS.peer
      if (a.layout === 'local-peer' && l.file && !cfgEntry(l.file, ...keys)) {
        const u = assumedKeyNotFound(n, l.file, keys)
        parts.push({ ...u, evidence: [...ev0, ...u.evidence] })
        continue
      }
      parts.push(part('fail', `${label(n)}: ${which} address not set in haSvr.cfg (${addressKeyNames(which, a, n.facts.role)})`, ev0))
      continue
    }
    // ownership of the resolved local address
    const missing = pair.missing(n, 'addresses')
    const addrs = n.detail.addresses
    if (missing || !addrs) {
      parts.push(part('unknown', `${label(n)}: owned addresses not readable`, ev0))
      continue
    }
    const owner = ownerOf(addrs, a.local.value)
    const how = a.basis ? `, ${a.basis}` : ''
    if (!owner) {
      const list = addrs.addrs.map((x) => `${x.addr}/${x.prefix}`).join(' ')
      parts.push(
        part('fail', `${label(n)} does not own its local address ${showAddress(a.local)}${how}`, [
          ...ev0,
          ev(n, addrs.source, list || '(no addresses)')
        ])
      )
    } else {
      parts.push(
        part('pass', `${label(n)} owns ${showAddress(a.local)}`, [
          ...ev0,
          ev(n, addrs.source, `${owner.iface ? `${owner.iface} ` : ''}${owner.addr}/${owner.prefix}`)
        ])
      )
    }
  }
  const pa = pl?.a
  const sa = sl?.a
  if (pa?.local && pa.peer && sa?.local && sa.peer) {
    const bad: string[] = []
    if (pa.local.value !== sa.peer.value) bad.push(`primary local ${showAddress(pa.local)} ≠ secondary peer ${showAddress(sa.peer)}`)
    if (sa.local.value !== pa.peer.value) bad.push(`secondary local ${showAddress(sa.local)} ≠ primary peer ${showAddress(pa.peer)}`)
    parts.push(bad.length ? part('fail', `addresses not mirrored: ${bad.join('; ')}`) : part('pass', 'local/peer addresses mirrored'))
  }
  return combine(parts)
}

export const cfgHmacKey: CheckFn = (pair) => {
  const parts: Part[] = []
  const vals: (string | undefined)[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) {
      parts.push(m)
      continue
    }
    const r = lookup(n, HA, KEYS.hmac)
    if (r.unreadable) parts.push(part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence]))
    else if (!r.entry || !r.entry.value) parts.push(part('fail', `${label(n)}: highAvail.HMACKey not set`, [r.evidence]))
    else {
      vals.push(r.entry.value)
      parts.push(part('pass', '', [r.evidence]))
    }
  }
  if (vals.length === 2) {
    parts.push(
      vals[0] === vals[1]
        ? part('pass', `HMAC key identical on both nodes (${vals[0]})`)
        : part('fail', `HMAC keys differ: primary ${vals[0]}, secondary ${vals[1]}`)
    )
  }
  return combine(parts)
}

/** The heartbeat's port (KB11264 step 6: guiDaemon.0 logs "read highAvail.heartbeatPort"), a port number. */
const HEARTBEAT_PORT = ['highAvail.heartbeatPort'] as const

/**
 * Both nodes' heartbeat port agree: a different port on one side breaks the heartbeat as surely as a
 * different HMAC key. Set on neither is the same built-in default on both; set on one side only is a warn
 * (that default is not public, so it may or may not be the port the other side names).
 */
export const cfgHeartbeatPort: CheckFn = (pair) => {
  const parts: Part[] = []
  const ports: (number | undefined)[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const r = lookup(n, HA, HEARTBEAT_PORT)
    const v = r.entry?.value.trim()
    if (r.unreadable) parts.push(part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence]))
    else if (v !== undefined && !(/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535))
      parts.push(part('unknown', `${label(n)}: highAvail.heartbeatPort "${v}" not recognised (not a port number)`, [r.evidence]))
    else {
      ports.push(v === undefined ? undefined : Number(v))
      parts.push(part('pass', '', [r.evidence]))
    }
  }
  if (ports.length === 2) {
    const [p, s] = ports
    if (p === s)
      parts.push(
        part(
          'pass',
          p === undefined ? 'highAvail.heartbeatPort set on neither node (the same default on both)' : `heartbeat port ${p} on both nodes`
        )
      )
    else if (p === undefined || s === undefined) {
      const [set, unset] = p === undefined ? ['secondary', 'primary'] : ['primary', 'secondary']
      parts.push(
        part('warn', `highAvail.heartbeatPort set on the ${set} only (${p ?? s}); the ${unset} uses NSM's default, which may differ`)
      )
    } else parts.push(part('fail', `heartbeat ports differ: primary ${p}, secondary ${s}`))
  }
  return combine(parts)
}

export const toolsSshRsync: NodeFn = (n) => {
  const evidence: Evidence[] = []
  const bad: string[] = []
  for (const [tool, o] of [
    ['ssh', n.detail.sshVersion],
    ['rsync', n.detail.rsyncVersion]
  ] as const) {
    if (!o) continue
    evidence.push(ev(n, o.source, o.output.split('\n')[0] || `exit ${o.rc}`))
    if (o.rc !== 0) bad.push(`${tool} not runnable (exit ${o.rc}: ${o.output.split('\n')[0] || 'no output'})`)
  }
  if (bad.length) return part('fail', `${label(n)}: ${bad.join(', ')}`, evidence)
  return part('pass', `${label(n)}: ${n.facts.tools.ssh ?? 'ssh'}, ${n.facts.tools.rsync ?? 'rsync'}`, evidence)
}

export const netPingableIp: NodeFn = (n) => {
  const o = n.detail.ping
  if (!o) return part('unknown', `${label(n)}: ping not run`)
  if (o.skipped) {
    // haSvr.cfg not read says nothing about the address; the pingable IP's key is assumed (A-2): under none of
    // the names we know it may be named otherwise (unknown); present but empty or invalid is a configuration fault
    if (/not read/.test(o.skipped)) return part('unknown', `${label(n)}: ${o.skipped}`, [ev(n, o.source, o.skipped)])
    const r = lookup(n, HA, KEYS.pingable)
    if (r.unreadable)
      return part('unknown', `${label(n)}: ${o.skipped} (haSvr.cfg ${r.unreadable})`, [ev(n, o.source, o.skipped), r.evidence])
    if (!r.entry && r.file) return assumedKeyNotFound(n, r.file, KEYS.pingable)
    return part('fail', `${label(n)}: ${o.skipped}${r.entry ? ` (${r.entry.key} "${r.entry.value}" is not an address)` : ''}`, [
      ev(n, o.source, o.skipped),
      r.evidence
    ])
  }
  const excerpt =
    o.output
      .split('\n')
      .filter((l) => /transmitted|received|unreachable|bytes from|loss|unknown/i.test(l))
      .join('\n') || o.output
  if (o.rc === 0) return part('pass', `${label(n)}: ${o.target} answers`, [ev(n, o.source, excerpt)])
  return part('fail', `${label(n)}: pingable IP ${o.target} does not answer (exit ${o.rc})`, [ev(n, o.source, excerpt || `exit ${o.rc}`)])
}

export const cfgRsyncUser: CheckFn = (pair) => {
  const parts: Part[] = []
  const users: string[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) {
      parts.push(m)
      continue
    }
    const r = lookup(n, HA, KEYS.rsyncUser)
    if (r.unreadable) {
      parts.push(part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence]))
      continue
    }
    if (!r.entry?.value) {
      parts.push(part('fail', `${label(n)}: highAvail.rsyncUser not set`, [r.evidence]))
      continue
    }
    users.push(r.entry.value)
    const pw = n.detail.passwd
    if (pw?.entry) parts.push(part('pass', `${label(n)}: ${r.entry.value} exists`, [r.evidence, ev(n, pw.source, pw.entry)]))
    // no entry: "does not exist" only on a lookup's own answer (exit 2: getent's "not found", or /etc/passwd read whole
    // without getent); a lookup that timed out or could not be made decides nothing
    else if (pw && !pw.skipped && pw.rc !== 2)
      parts.push(
        part('unknown', `${label(n)}: rsync user ${r.entry.value} could not be looked up (exit ${pw.rc ?? 'none'})`, [
          r.evidence,
          ev(n, pw.source, pw.output || `no output (exit ${pw.rc ?? 'none'})`)
        ])
      )
    else
      parts.push(
        part('fail', `${label(n)}: rsync user ${r.entry.value} does not exist${pw?.skipped ? ` (${pw.skipped})` : ''}`, [
          r.evidence,
          ev(n, pw?.source ?? 'getent passwd', pw?.output || `no passwd entry (exit ${pw?.rc})`)
        ])
      )
  }
  if (users.length === 2 && users[0] !== users[1])
    parts.push(part('fail', `rsync users differ: primary ${users[0]}, secondary ${users[1]}`))
  return combine(parts)
}

export const cfgWriteToLog: NodeFn = (n) => {
  const r = lookup(n, HA, KEYS.writeToLog)
  if (r.unreadable) return part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence])
  if (isYes(r.entry?.value)) return part('pass', `${label(n)}: writetoLog y`, [r.evidence])
  return part('warn', `${label(n)}: highAvail.writetoLog is ${r.entry ? `"${r.entry.value}"` : 'not set'} (recommended: y)`, [r.evidence])
}

/** The node acting as active: haStatus says so; else the primary. */
export function activeNode(pair: Pair): NodeCollection {
  const running = (n: NodeCollection) => /running|active|master/.test(n.facts.haStatus?.local?.state ?? '')
  if (!running(pair.primary) && running(pair.secondary)) return pair.secondary
  return pair.primary
}

export const cfgSharedDisk: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary].map((n) => ({ n, r: n.facts.reachable ? lookup(n, HA, KEYS.sharedDisk) : undefined }))
  // a node whose haSvr.cfg could not be read says nothing about the setting (never "not configured")
  const unread = nodes.filter(({ r }) => !r || r.unreadable)
  const unreadText = unread.map(({ n, r }) => `${label(n)} ${r ? `haSvr.cfg ${r.unreadable}` : 'not reachable'}`).join('; ')
  const configured = nodes.filter(({ r }) => r?.entry && r.entry.value && !/^(n|no|none|false|0)$/i.test(r.entry.value))
  // the shared disk key is assumed (A-27): a recognised haSvr.cfg without it may name it otherwise
  const unnamed = nodes.filter(({ r }) => r && !r.unreadable && !r.entry && r.file)
  if (configured.length === 0 && unnamed.length) {
    const c = combine(unnamed.map(({ n, r }) => assumedKeyNotFound(n, r!.file!, KEYS.sharedDisk)))
    return unread.length ? { ...c, summary: `${c.summary}; shared disk setting not readable: ${unreadText}` } : c
  }
  if (configured.length === 0) {
    // no verdict without evidence: the setting (or its absence) on each node that could be read
    const evidence = nodes.filter(({ r }) => r).map(({ r }) => r!.evidence)
    return unread.length
      ? part('unknown', `shared disk setting not readable: ${unreadText}`, evidence)
      : part('skipped', 'no shared disk configured (highAvail.sharedDisk n)', evidence)
  }
  const active = activeNode(pair)
  const m = pair.missing(active)
  if (m) return m
  const sd = active.detail.sharedDisk
  const evidence = [...configured.map(({ r }) => r!.evidence), ...unread.filter(({ r }) => r).map(({ r }) => r!.evidence)]
  if (sd?.mounted) {
    const text = `shared disk mounted on ${active.facts.role} at ${sd.mountPoint}`
    // the active node is decided from both nodes' haStatus and the setting read on one side only: at best warn
    if (unread.length) return part('warn', `${text}; ${unreadText}`, [...evidence, ev(active, sd.source, sd.output)])
    return part('pass', text, [...evidence, ev(active, sd.source, sd.output)])
  }
  return part('fail', `shared disk not mounted on the active node (${active.facts.role}) at ${sd?.mountPoint ?? '?'}`, [
    ...evidence,
    ev(active, sd?.source ?? '/proc/mounts', sd?.skipped ?? (sd?.output || 'no matching mount'))
  ])
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const CONFIG_CHECKS = {
  'cfg.ha-enabled': { needs: ['cfg.haSvr'], node: cfgHaEnabled },
  'cfg.addresses': { needs: ['cfg.haSvr', 'addresses'], run: cfgAddresses },
  'cfg.hmac-key': { needs: ['cfg.haSvr'], run: cfgHmacKey },
  'cfg.heartbeat-port': { needs: ['cfg.haSvr'], requireAll: true, run: cfgHeartbeatPort },
  'tools.ssh-rsync': { needs: ['ssh-version', 'rsync-version'], node: toolsSshRsync },
  'net.pingable-ip': { needs: ['ping', 'cfg.haSvr'], node: netPingableIp },
  'cfg.rsync-user': { needs: ['cfg.haSvr', 'passwd'], run: cfgRsyncUser },
  'cfg.write-to-log': { needs: ['cfg.haSvr'], node: cfgWriteToLog },
  'cfg.shared-disk': { needs: ['shared-disk'], run: cfgSharedDisk }
} satisfies CheckDefs
