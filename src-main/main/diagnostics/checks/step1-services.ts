/** KB11264 step 1 (haStatus: services, heartbeat, replication state) and node reachability. */
import type { HaStatusFacts } from '../../../shared/domain/run'
import { isTimedOut } from '../parsers/hastatus'
import type { NodeCollection } from '../types'
import { combine, ev, label, part, perNode, type CheckFn, type Part } from './common'

export const sysReachable: CheckFn = (pair) =>
  combine(
    [pair.primary, pair.secondary].map((n) => {
      const where = `ssh ${n.facts.host}:${n.facts.port}`
      if (!n.facts.reachable) return part('fail', `${label(n)}: ${n.facts.error ?? 'not reachable'}`, [ev(n, where, n.facts.error ?? 'not reachable')])
      const who = `${n.facts.loginUser ?? '?'}@${n.facts.hostname ?? n.facts.host}`
      const key = n.facts.hostKeySha256 ? `, host key ${n.facts.hostKeySha256}` : ''
      if (n.detail.unreadable.length > 0) {
        return part('warn', `${label(n)} reached as ${who} but ${n.facts.error ?? 'the probe output is incomplete'}`, [ev(n, where, `${who}${key}: ${n.facts.error ?? 'incomplete'}`)])
      }
      return part('pass', `${label(n)} reached as ${who}`, [ev(n, where, `logged in as ${who}${key}`)])
    })
  )

function statusEvidence(n: NodeCollection, hs: HaStatusFacts) {
  const src = n.detail.sections.hastatus?.source ?? 'haStatus'
  const lines = [hs.local?.raw, hs.peer?.raw, ...Object.entries(hs.processes).map(([p, s]) => `Process ${p} : ${s}`)]
  return ev(n, src, lines.filter(Boolean).join('\n') || hs.error || `exit ${hs.exitCode}`)
}

export const haServices: CheckFn = (pair) =>
  perNode(pair, ['hastatus'], (n) => {
    const hs = n.facts.haStatus
    if (!hs) return part('unknown', `${label(n)}: haStatus not run`)
    if (hs.error) return part('fail', `${label(n)}: haStatus cannot run: ${hs.error}`, [statusEvidence(n, hs)])
    const missing = ['highAvail', 'highAvailSvr'].filter((p) => hs.processes[p] !== 'started' && hs.processes[p] !== 'running')
    if (missing.length > 0) {
      const what = missing.map((p) => `${p} ${hs.processes[p] ?? 'not listed'}`).join(', ')
      return part('fail', `${label(n)}: ${what}`, [statusEvidence(n, hs)])
    }
    return part('pass', `${label(n)}: highAvail and highAvailSvr started`, [statusEvidence(n, hs)])
  })

export const haHeartbeat: CheckFn = (pair) => {
  const parts: Part[] = [pair.primary, pair.secondary].map((n) => {
    if (!n.facts.reachable) return part('unknown', `${label(n)} not reachable: ${n.facts.error ?? ''}`)
    const hs = n.facts.haStatus
    if (!hs || hs.error) return part('unknown', `${label(n)}: haStatus unavailable`)
    const src = n.detail.sections.hastatus?.source ?? 'haStatus'
    if (isTimedOut(hs.peer)) return part('fail', `${label(n)} sees the peer ${hs.peer!.state}`, [ev(n, src, hs.peer!.raw)])
    if (isTimedOut(hs.local)) return part('fail', `${label(n)} reports itself ${hs.local!.state}`, [ev(n, src, hs.local!.raw)])
    if (!hs.peer) return part('unknown', `${label(n)}: haStatus shows no peer line`, [statusEvidence(n, hs)])
    const localStopped = /stopped|down/.test(hs.local?.state ?? '')
    if (localStopped) return part('unknown', `${label(n)}: local HA server ${hs.local?.state}; peer state not known here`, [ev(n, src, hs.local?.raw ?? '')])
    return part('pass', `${label(n)} sees the peer ${hs.peer.state}`, [ev(n, src, hs.peer.raw)])
  })
  // one side that sees its peer healthy is enough to pass when the other side cannot tell
  const decided = parts.filter((p) => p.status !== 'unknown')
  if (decided.length > 0 && decided.every((p) => p.status === 'pass')) {
    return { ...combine(decided), evidence: parts.flatMap((p) => p.evidence) }
  }
  return combine(parts)
}

export const haDbReplication: CheckFn = (pair) => {
  const evidence = []
  const states: string[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const hs = n.facts.haStatus
    if (!n.facts.reachable || !hs) continue
    const src = n.detail.sections.hastatus?.source ?? 'haStatus'
    for (const l of [hs.local, hs.peer]) {
      if (l?.repl && l.repl !== 'unknown') {
        states.push(l.repl)
        evidence.push(ev(n, src, l.raw))
      }
    }
  }
  if (states.some((s) => s !== 'in-sync')) {
    const bad = [...new Set(states.filter((s) => s !== 'in-sync'))].join(', ')
    return part('warn', `database replication ${bad}: the standby is behind (see step 8 progress)`, evidence)
  }
  if (states.length > 0) return part('pass', 'database replication in-sync', evidence)
  const why = [pair.primary, pair.secondary].filter((n) => !n.facts.reachable).map((n) => `${label(n)} not reachable`)
  return part('unknown', `no db-repl state in haStatus${why.length ? ` (${why.join(', ')})` : ''}`, evidence)
}
