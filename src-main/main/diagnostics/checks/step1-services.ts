/** KB11264 step 1 (haStatus: services, heartbeat, replication state) and node reachability. */
import type { Evidence } from '../../../shared/domain/check'
import type { HaStatusFacts } from '../../../shared/domain/run'
import { firstLines, isTimedOut, localServerState, processState } from '../parsers/hastatus'
import type { NodeCollection } from '../types'
import { bothSides, combine, ev, label, part, type CheckDefs, type CheckFn, type NodeFn, type Part } from './common'

export const sysReachable: CheckFn = (pair) =>
  combine(
    [pair.primary, pair.secondary].map((n) => {
      const where = `ssh ${n.facts.host}:${n.facts.port}`
      if (!n.facts.reachable)
        return part('fail', `${label(n)}: ${n.facts.error ?? 'not reachable'}`, [ev(n, where, n.facts.error ?? 'not reachable')])
      const who = `${n.facts.loginUser ?? '?'}@${n.facts.hostname ?? n.facts.host}`
      const key = n.facts.hostKeySha256 ? `, host key ${n.facts.hostKeySha256}` : ''
      if (n.detail.unreadable.length > 0) {
        return part('warn', `${label(n)} reached as ${who} but ${n.facts.error ?? 'the probe output is incomplete'}`, [
          ev(n, where, `${who}${key}: ${n.facts.error ?? 'incomplete'}`)
        ])
      }
      return part('pass', `${label(n)} reached as ${who}`, [ev(n, where, `logged in as ${who}${key}`)])
    })
  )

function statusEvidence(n: NodeCollection, hs: HaStatusFacts) {
  const src = n.detail.sections.hastatus?.source ?? 'haStatus'
  const lines = [
    hs.local?.raw,
    hs.peer?.raw,
    ...Object.entries(hs.processes).map(([p, s]) => hs.processLines?.[p] ?? `Process ${p} : ${s}`)
  ]
  const raw = n.detail.sections.hastatus?.text ?? ''
  return ev(
    n,
    src,
    lines.filter(Boolean).join('\n') || hs.error || (raw.trim() ? `not recognised:\n${firstLines(raw)}` : `exit ${hs.exitCode}`)
  )
}

/** One source's word on whether a HA process runs. */
interface Say {
  state: 'started' | 'stopped'
  /** what said it, for the summary: `haStatus process line`, `haStatus Local Server`, … */
  what: string
  evidence: Evidence
}

const HA_PROCESSES = ['highAvail', 'highAvailSvr'] as const
type HaProcess = (typeof HA_PROCESSES)[number]

/**
 * Every source a node has on its HA processes, strongest first: haStatus' process lines (any wording),
 * its Local Server state, `<haInit> status`, the process table, haStatus' exit code 0. A line that is not
 * there says nothing: only a source that names a state counts, and the process table only says "running".
 */
export function haSources(n: NodeCollection): Record<HaProcess, Say[]> {
  const hs = n.facts.haStatus
  const hsSrc = n.detail.sections.hastatus?.source ?? 'haStatus'
  const whole: Say[] = []
  const local = localServerState(hs?.local)
  if (local && hs?.local)
    whole.push({ state: local, what: `haStatus Local Server: ${hs.local.state}`, evidence: ev(n, hsSrc, hs.local.raw) })
  const init = n.detail.initStatus
  if (init && init.rc !== null && init.rc <= 4 && !/^(missing|not executable|not readable)/.test(init.output)) {
    const state = processState(init.output) ?? (init.rc === 0 ? 'started' : init.rc === 3 ? 'stopped' : undefined)
    if (state)
      whole.push({
        state,
        what: `${init.source} (exit ${init.rc})`,
        evidence: ev(n, init.source, `${init.output || '(no output)'}\nexit ${init.rc}`)
      })
  }
  const out = {} as Record<HaProcess, Say[]>
  for (const p of HA_PROCESSES) {
    const says: Say[] = []
    const st = hs?.processes[p]
    if (st === 'started' || st === 'stopped')
      says.push({ state: st, what: 'haStatus process line', evidence: ev(n, hsSrc, hs?.processLines?.[p] ?? `${p} : ${st}`) })
    says.push(...whole)
    // a process named p: its name or a word of its command line whose last path part is exactly p
    const line = n.detail.ps?.lines.find((l) =>
      l
        .trim()
        .split(/\s+/)
        .slice(1)
        .some((w) => w.split('/').pop() === p)
    )
    if (line) says.push({ state: 'started', what: 'process table', evidence: ev(n, n.detail.ps!.source, line) })
    if (hs && hs.exitCode === 0 && hs.recognised) says.push({ state: 'started', what: 'haStatus exit 0', evidence: ev(n, hsSrc, 'exit 0') })
    out[p] = says
  }
  return out
}

/** What a node's sources decide about its HA services: `started`, `stopped`, or undefined (no source says). */
export function haState(n: NodeCollection): 'started' | 'stopped' | undefined {
  const s = haSources(n)
  const first = HA_PROCESSES.map((p) => s[p][0]?.state)
  if (first.includes('stopped')) return 'stopped'
  return first.every((x) => x === 'started') ? 'started' : undefined
}

export const haServices: NodeFn = (n) => {
  const hs = n.facts.haStatus
  if (hs && (hs.exitCode === 126 || hs.exitCode === 127))
    return part('fail', `${label(n)}: haStatus cannot run: ${hs.error ?? `exit ${hs.exitCode}`}`, [statusEvidence(n, hs)])
  const sources = haSources(n)
  const decided = HA_PROCESSES.map((p) => ({
    p,
    say: sources[p][0],
    against: sources[p].slice(1).filter((x) => x.state !== sources[p][0]?.state)
  }))
  const evidence = [
    ...new Map(
      decided.flatMap((d) => (d.say ? [d.say, ...d.against] : [])).map((x) => [`${x.evidence.source}\n${x.evidence.excerpt}`, x.evidence])
    ).values()
  ]
  const undecided = decided.filter((d) => !d.say)
  if (undecided.length === HA_PROCESSES.length) {
    const raw = [
      hs
        ? statusEvidence(n, hs)
        : ev(n, n.detail.sections.hastatus?.source ?? 'haStatus', n.detail.sections.hastatus ? 'no output' : 'not received'),
      ...(n.detail.initStatus
        ? [ev(n, n.detail.initStatus.source, `${n.detail.initStatus.output || '(no output)'}\nexit ${n.detail.initStatus.rc}`)]
        : []),
      ...(n.detail.ps ? [ev(n, n.detail.ps.source, n.detail.ps.output || '(no highAvail process listed)')] : [])
    ]
    const why = hs?.error ?? (hs && !hs.recognised ? 'haStatus output not recognised' : 'haStatus gave no state')
    return part('unknown', `${label(n)}: ${why}; no other source (init script status, process table) says whether highAvail runs`, raw)
  }
  const by = (d: (typeof decided)[number]) => `${d.p} ${d.say!.state} (${d.say!.what})`
  const stopped = decided.filter((d) => d.say?.state === 'stopped')
  if (stopped.length > 0) return part('fail', `${label(n)}: ${stopped.map(by).join(', ')}`, evidence)
  const against = decided.flatMap((d) => d.against.map((x) => `${d.p} ${x.state} per ${x.what}`))
  const text = decided
    .filter((d) => d.say)
    .map(by)
    .join(', ')
  if (undecided.length > 0) return part('warn', `${label(n)}: ${text}; ${undecided.map((d) => d.p).join(', ')}: no source says`, evidence)
  if (against.length > 0) return part('warn', `${label(n)}: ${text}, but ${[...new Set(against)].join(', ')}`, evidence)
  const one = new Set(decided.map((d) => d.say!.what))
  const summary = one.size === 1 ? `${label(n)}: highAvail and highAvailSvr started (${[...one][0]})` : `${label(n)}: ${text}`
  return part('pass', summary, evidence)
}

/** `unknown` when a node's haStatus cannot tell about the pair (not reachable, not run, not recognised), else undefined. */
function haStatusUnreadable(n: NodeCollection): Part | undefined {
  if (!n.facts.reachable) return part('unknown', `${label(n)} not reachable: ${n.facts.error ?? ''}`)
  const hs = n.facts.haStatus
  const sec = n.detail.sections.hastatus
  if (!hs)
    return part('unknown', `${label(n)}: haStatus output not received`, [ev(n, sec?.source ?? 'haStatus', n.facts.error ?? 'not received')])
  if (hs.error) return part('unknown', `${label(n)}: haStatus unavailable (${hs.error})`, [statusEvidence(n, hs)])
  if (!hs.recognised) return part('unknown', `${label(n)}: haStatus output not recognised`, [statusEvidence(n, hs)])
  return undefined
}

export const haHeartbeat: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary]
  const parts: Part[] = nodes.map((n) => {
    const bad = haStatusUnreadable(n)
    if (bad) return bad
    const hs = n.facts.haStatus!
    const src = n.detail.sections.hastatus?.source ?? 'haStatus'
    if (isTimedOut(hs.peer)) return part('fail', `${label(n)} sees the peer ${hs.peer!.state}`, [ev(n, src, hs.peer!.raw)])
    if (isTimedOut(hs.local)) return part('fail', `${label(n)} reports itself ${hs.local!.state}`, [ev(n, src, hs.local!.raw)])
    if (!hs.peer) return part('unknown', `${label(n)}: haStatus shows no peer line`, [statusEvidence(n, hs)])
    if (localServerState(hs.local) === 'stopped')
      return part('unknown', `${label(n)}: local HA server ${hs.local?.state}; peer state not known here`, [
        ev(n, src, hs.local?.raw ?? '')
      ])
    return part('pass', `${label(n)} sees the peer ${hs.peer.state}`, [ev(n, src, hs.peer.raw)])
  })
  // one side that sees its peer healthy while the other cannot tell: at best warn, naming the unread side
  return bothSides(parts, nodes)
}

export const haDbReplication: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary]
  const parts: Part[] = nodes.map((n) => {
    const bad = haStatusUnreadable(n)
    if (bad) return bad
    const hs = n.facts.haStatus!
    const src = n.detail.sections.hastatus?.source ?? 'haStatus'
    const lines = [hs.local, hs.peer].filter((l) => l?.repl && l.repl !== 'unknown')
    if (lines.length === 0) return part('unknown', `${label(n)}: no db-repl state in haStatus`, [statusEvidence(n, hs)])
    const evidence = lines.map((l) => ev(n, src, l!.raw))
    const bad2 = [...new Set(lines.map((l) => l!.repl!).filter((r) => r !== 'in-sync'))]
    if (bad2.length)
      return part('warn', `database replication ${bad2.join(', ')} (${label(n)}): the standby is behind (see step 8 progress)`, evidence)
    return part('pass', `${label(n)}: database replication in-sync`, evidence)
  })
  const c = bothSides(parts, nodes)
  if (c.status === 'pass') return { ...c, summary: 'database replication in-sync (both nodes)' }
  return c
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const SERVICE_CHECKS = {
  'sys.reachable': { needs: [], run: sysReachable },
  'ha.services': { needs: [], node: haServices },
  'ha.heartbeat': { needs: ['hastatus'], run: haHeartbeat },
  'ha.db-replication': { needs: ['hastatus'], run: haDbReplication }
} satisfies CheckDefs
