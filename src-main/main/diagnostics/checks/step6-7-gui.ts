/** KB11264 steps 6-7: guiDaemon.0 start-up (ha-link, shadow_server record, addresses) and roles. */
import type { LogEvent } from '../../../shared/domain/run'
import { cutText } from '../cut'
import { addressKeyNames, showAddress } from '../parsers/ha-addresses'
import { addrOf, eventOrder, eventSource, eventsSinceStart, lastStart, lineRef } from '../parsers/guilog'
import type { NodeCollection } from '../types'
import { haAddresses } from './step2-config'
import { combine, ev, label, part, type CheckDefs, type CheckFn, type NodeFn, type Part } from './common'

export function logEv(n: NodeCollection, e: LogEvent) {
  return ev(n, eventSource(e), e.text, e.line)
}

/** Evidence for "nothing found": where the search started and how big the log is. */
export function searched(n: NodeCollection, what: string) {
  const g = n.detail.guiLog
  const start = g?.events.filter((e) => e.kind === 'START').pop()
  const from = start
    ? `since ${lineRef(start)}${start.rotated ? ` of ${start.source}` : ''} (${cutText(start.text, 80)})`
    : 'in the whole file'
  // a file read from byte B to its end: what was searched is the part from there
  const bytes =
    g?.fromByte !== undefined && g.sizeBytes !== undefined
      ? `${g.sizeBytes - g.fromByte} bytes searched (from byte ${g.fromByte} of ${g.sizeBytes})`
      : `${g?.sizeBytes ?? '?'} bytes searched`
  return ev(n, g?.source ?? 'guiDaemon.0', `no ${what} ${from}; ${bytes}${rotatedSearched(g)}`)
}

/** What was searched for the last start: `guiDaemon.0 (330 bytes), guiDaemon.1.gz (2048 bytes)`. */
export function filesSearched(g: NodeCollection['detail']['guiLog']): string {
  const first = `${(g?.source ?? 'guiDaemon.0').split('/').pop()} (${g?.sizeBytes ?? '?'} bytes)`
  const rotated = (g?.rotated ?? []).map(
    (r) => `${r.source.split('/').pop()} (${r.sizeBytes !== undefined ? `${r.sizeBytes} bytes` : (r.error ?? 'not read')})`
  )
  return [first, ...rotated].join(', ')
}

/**
 * `unknown` when the node's guiDaemon.0 was read (and recognised) but its last `guiSvrManager starting` was
 * found in no file read (guiDaemon.0, then guiDaemon.1 … guiDaemon.9, plain or .gz, A-21): whatever is
 * decided "since the last start" cannot be decided, and nothing read may be taken for the current run.
 */
export function noLastStart(n: NodeCollection, what: string): Part | undefined {
  const g = n.detail.guiLog
  if (!g?.present || g.unrecognised || lastStart(n.facts.events)) return undefined
  const notReceived = n.detail.unreadable.includes('guilog-rotated') ? '; the rotated files were not received' : ''
  const searchedText = `searched ${filesSearched(g)}${notReceived}`
  return part('unknown', `${label(n)}: cannot tell ${what}: last start not found in guiDaemon.0 … guiDaemon.9(.gz) (${searchedText})`, [
    ev(n, g.source, `no "guiSvrManager starting" line; ${searchedText}`)
  ])
}

/** `, and guiDaemon.1 (N bytes) …` for the rotated files read back (A-21), else nothing. */
function rotatedSearched(g: NodeCollection['detail']['guiLog']): string {
  const files = (g?.rotated ?? []).filter((r) => r.sizeBytes !== undefined)
  return files.length ? `, and ${files.map((r) => `${r.source.split('/').pop()} (${r.sizeBytes} bytes)`).join(', ')}` : ''
}

/** guiDaemon.0 absent → a part saying so (status given by the caller); not recognised → unknown; else undefined. */
function noGuiLog(n: NodeCollection, status: 'unknown' | 'skipped'): Part | undefined {
  const g = n.detail.guiLog
  if (g?.present) return guiLogUnrecognised(n)
  if (g?.error && /not readable|timed out/.test(g.error)) status = 'unknown'
  return part(status, `${label(n)}: no guiDaemon.0`, [ev(n, g?.source ?? 'guiDaemon.0', g?.error ?? 'absent')])
}

export const guiHaLink: NodeFn = (n) => {
  const absent = noGuiLog(n, 'skipped') ?? noLastStart(n, 'whether the current start connected to the ha-link')
  if (absent) return absent
  const link = eventsSinceStart(n.facts.events)
    .filter((e) => e.kind === 'HA_LINK')
    .pop()
  if (link) return part('pass', `${label(n)}: connectionMgr connected to ha-link`, [logEv(n, link)])
  return {
    ...part('skipped', `${label(n)}: no "connected to ha-link" line (logged in debug mode only)`, [searched(n, '"connected to ha-link"')]),
    optional: true
  }
}

export const guiShadowServerRecord: NodeFn = (n) => {
  const absent = noGuiLog(n, 'skipped') ?? noLastStart(n, 'whether getXdbObjById(shadow_server, 2) failed in the current run')
  if (absent) return absent
  const miss = eventsSinceStart(n.facts.events).filter((e) => e.kind === 'SHADOW_MISSING')
  if (miss.length > 0)
    return part(
      'fail',
      `${label(n)}: record shadow_server id 2 (peerGuiSvr) missing: getXdbObjById failed`,
      miss.slice(-3).map((e) => logEv(n, e))
    )
  return part('pass', `${label(n)}: no getXdbObjById(shadow_server, 2) failure since the last start`, [
    searched(n, 'getXdbObjById(shadow_server, 2) failure')
  ])
}

export const guiAddresses: NodeFn = (n) => {
  const absent = noGuiLog(n, 'skipped') ?? noLastStart(n, 'the addresses of the current start')
  if (absent) return absent
  const since = eventsSinceStart(n.facts.events)
  const my = since.filter((e) => e.kind === 'MY_ADDR').pop()
  const peer = since.filter((e) => e.kind === 'PEER_ADDR').pop()
  if (!my && !peer) return part('skipped', `${label(n)}: guiDaemon.0 shows no myAddr/peerAddr lines since the last start`)
  const cfg = haAddresses(n)
  if (cfg.unreadable) return part('unknown', `${label(n)}: ${cfg.unreadable}`, cfg.evidence)
  const local = cfg.a?.local
  const peerCfg = cfg.a?.peer
  const bad: string[] = []
  const evidence = [...cfg.evidence]
  if (my) {
    evidence.push(logEv(n, my))
    if (addrOf(my) !== local?.value)
      bad.push(
        `myAddr ${addrOf(my)} but haSvr.cfg local ${local ? showAddress(local) : `not set (${addressKeyNames('local', cfg.a, n.facts.role)})`}`
      )
  }
  if (peer) {
    evidence.push(logEv(n, peer))
    if (addrOf(peer) !== peerCfg?.value)
      bad.push(
        `peerAddr ${addrOf(peer)} but haSvr.cfg peer ${peerCfg ? showAddress(peerCfg) : `not set (${addressKeyNames('peer', cfg.a, n.facts.role)})`}`
      )
  }
  if (bad.length) return part('fail', `${label(n)}: ${bad.join('; ')}`, evidence)
  return part('pass', `${label(n)}: myAddr ${my ? addrOf(my) : '-'}, peerAddr ${peer ? addrOf(peer) : '-'} match haSvr.cfg`, evidence)
}

/** The last MASTER or CLIENT event of a node, whether or not a stop followed it. */
export function lastRoleEvent(n: NodeCollection): LogEvent | undefined {
  let last: LogEvent | undefined
  for (const e of n.facts.events) if ((e.kind === 'MASTER' || e.kind === 'CLIENT') && (!last || eventOrder(e) >= eventOrder(last))) last = e
  return last
}

/** The first stop (`guiSvrManager stopping` or another wording) after the node's last role event. */
export function stopAfterRole(n: NodeCollection): LogEvent | undefined {
  const role = lastRoleEvent(n)
  if (!role) return undefined
  return n.facts.events
    .filter((e) => e.kind === 'STOP' && eventOrder(e) > eventOrder(role))
    .sort((a, b) => eventOrder(a) - eventOrder(b))[0]
}

/** A node's current role: its last MASTER/CLIENT event, unless a stop follows it (a stopped node has no role). */
export function latestRole(n: NodeCollection): LogEvent | undefined {
  return stopAfterRole(n) ? undefined : lastRoleEvent(n)
}

/** `unknown` when guiDaemon.0 was read but holds none of the expected lines (not recognised), else undefined. */
export function guiLogUnrecognised(n: NodeCollection): Part | undefined {
  const g = n.detail.guiLog
  if (!g?.present || !g.unrecognised) return undefined
  return part('unknown', `${label(n)}: guiDaemon.0 not recognised (none of the expected lines, no log shape)`, [
    ev(n, g.source, `not recognised:\n${g.unrecognised.join('\n') || '(no lines)'}`)
  ])
}

export const roleAssignment: CheckFn = (pair) => {
  const roles = [pair.primary, pair.secondary].map((n) => {
    const m = pair.missing(n) ?? (n.detail.guiLog?.present ? guiLogUnrecognised(n) : noGuiLog(n, 'unknown'))
    return { n, m, e: m ? undefined : latestRole(n), stop: m ? undefined : stopAfterRole(n) }
  })
  const [p, s] = roles
  const evidence = roles.flatMap((r) => [
    ...(r.e ? [logEv(r.n, r.e)] : []),
    ...(r.stop ? [logEv(r.n, lastRoleEvent(r.n)!), logEv(r.n, r.stop)] : [])
  ])
  if (p.e?.kind === 'MASTER' && s.e?.kind === 'MASTER')
    return part('fail', 'split brain: both nodes are master (DB_EVENT_REP_MASTER on both)', evidence)
  if (p.e?.kind === 'CLIENT' && s.e?.kind === 'CLIENT') return part('fail', 'no master: both nodes are client', evidence)
  const stopped = roles.filter((r) => r.stop)
  const stoppedText = stopped.map(
    (r) => `${label(r.n)} has no current role: stopped (${lineRef(r.stop!)}) after its last role event (see ha.services)`
  )
  const unknowns: Part[] = roles
    .filter((r) => r.m || (!r.e && !r.stop))
    .map((r) => r.m ?? part('unknown', `${label(r.n)}: no DB_EVENT_REP_MASTER/CLIENT in guiDaemon.0`))
  if (unknowns.length) {
    const c = combine([...unknowns, ...stoppedText.map((t) => part('skipped', t))])
    return { ...c, evidence: [...evidence, ...c.evidence] }
  }
  if (stopped.length === 2) return part('skipped', `no current role on either node: ${stoppedText.join('; ')}`, evidence)
  // a stopped node has no role to check: the check points at ha.services (knock-on), naming what the other node is
  if (stopped.length === 1) {
    const other = roles.find((r) => !r.stop)!
    return part('skipped', `${label(other.n)} is ${other.e!.kind === 'MASTER' ? 'master' : 'client'}; ${stoppedText[0]}`, evidence)
  }
  if (p.e?.kind === 'MASTER') return part('pass', 'primary is master, secondary is client', evidence)
  return part('warn', 'roles swapped: the secondary is master, the primary client (after a failover?)', evidence)
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const GUI_CHECKS = {
  'gui.ha-link': { needs: ['guilog'], node: guiHaLink },
  'gui.shadow-server-record': { needs: ['guilog'], node: guiShadowServerRecord },
  'gui.addresses': { needs: ['guilog', 'cfg.haSvr'], node: guiAddresses },
  'role.assignment': { needs: ['guilog'], run: roleAssignment }
} satisfies CheckDefs
