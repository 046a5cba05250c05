/**
 * Preconditions: built with the value measured in the latest run, and re-checked live just before a fix
 * runs by executing `command` on the node and judging its output with the evaluator of its kind.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { FixPrecondition } from '../../shared/domain/fix'
import type { HaStatusFacts, RunReport } from '../../shared/domain/run'
import { readinessLine, readinessOf } from '../../shared/domain/readiness'
import { isTimedOut, parseHaStatus } from '../diagnostics/parsers/hastatus'
import { parseDf } from '../diagnostics/parsers/system'
import { shQuote as q } from '../shell/quote'
import { haStatusCmd, type Files } from './sh'

export interface Judgement {
  ok: boolean
  measured: string
}

function hsFromOutput(stdout: string): HaStatusFacts {
  const m = /haStatus rc=(\d+)\s*$/.exec(stdout.trim())
  return parseHaStatus(stdout.replace(/haStatus rc=\d+\s*$/, ''), m ? Number(m[1]) : null)
}

export function judgeHaState(hs: HaStatusFacts | undefined, states: string, negate: boolean): Judgement {
  const state = hs?.local?.state ?? (hs?.processes?.highAvail ? `highAvail ${hs.processes.highAvail}` : 'unknown')
  const matches = new RegExp(states, 'i').test(hs?.local?.state ?? '')
  return { ok: negate ? !matches && !!hs : matches, measured: `haStatus: ${state}` }
}

export function judgeProcesses(hs: HaStatusFacts | undefined): Judgement {
  const a = hs?.processes?.highAvail ?? 'unknown'
  const b = hs?.processes?.highAvailSvr ?? 'unknown'
  return { ok: a === 'started' && b === 'started', measured: `highAvail ${a}, highAvailSvr ${b}` }
}

export function judgeInSync(hs: HaStatusFacts | undefined): Judgement {
  const l = hs?.local?.repl ?? 'unknown'
  const p = hs?.peer?.repl ?? 'unknown'
  return { ok: l === 'in-sync' && p === 'in-sync', measured: `db-repl: local ${l}, peer ${p}` }
}

export function judgePeer(hs: HaStatusFacts | undefined): Judgement {
  const peer = hs?.peer
  return {
    ok: !!peer && !isTimedOut(peer) && !/unknown|stopped|down/i.test(peer.state),
    measured: `peer: ${peer?.state ?? 'no Peer Server line'}`
  }
}

export function judgeDisk(availKiB: number | undefined, needKiB: number): Judgement {
  if (availKiB === undefined) return { ok: false, measured: 'free space unknown' }
  return { ok: availKiB >= needKiB, measured: `${availKiB} KiB free, ${needKiB} KiB needed` }
}

/** Judge the live output of a precondition's command. */
export function judgeLive(p: FixPrecondition, code: number | null, stdout: string): Judgement {
  const params = p.params ?? {}
  switch (p.kind) {
    case 'ha-state':
      return judgeHaState(hsFromOutput(stdout), String(params.states), params.negate === true)
    case 'ha-processes':
      return judgeProcesses(hsFromOutput(stdout))
    case 'repl-in-sync':
      return judgeInSync(hsFromOutput(stdout))
    case 'peer-ok':
      return judgePeer(hsFromOutput(stdout))
    case 'disk-room': {
      const df = parseDf(stdout)
      return judgeDisk(df ? Math.floor(df.availBytes / 1024) : undefined, Number(params.needKiB))
    }
    case 'cfg-value':
    case 'writable': {
      const got = stdout.trim().split(/\r?\n/).pop() ?? ''
      const expected = String(params.expected)
      const label = typeof params.label === 'string' ? params.label : ''
      return { ok: got === expected, measured: `${label}${got === '' ? '(empty)' : got}` }
    }
    case 'exit-zero':
      return { ok: code === 0, measured: code === 0 ? 'ok' : `exit ${code}: ${(stdout.trim().split(/\r?\n/).pop() ?? '').slice(0, 200)}` }
    case 'static':
      return { ok: p.ok, measured: p.measured }
  }
}

// --- builders -----------------------------------------------------------------------------------------

export function haStatePre(
  f: Files,
  node: NodeRole,
  hs: HaStatusFacts | undefined,
  o: { id: string; description: string; refusal: string; states: string; negate?: boolean }
): FixPrecondition {
  const j = judgeHaState(hs, o.states, o.negate ?? false)
  return {
    id: o.id,
    description: o.description,
    refusal: o.refusal,
    node,
    kind: 'ha-state',
    command: haStatusCmd(f),
    params: { states: o.states, negate: o.negate ?? false },
    measured: j.measured,
    ok: j.ok
  }
}

export function processesPre(f: Files, node: NodeRole, hs: HaStatusFacts | undefined): FixPrecondition {
  const j = judgeProcesses(hs)
  return {
    id: `ha-processes-${node}`,
    description: `highAvail and highAvailSvr run on the ${node}`,
    refusal: `HA processes are not both running on the ${node}`,
    node,
    kind: 'ha-processes',
    command: haStatusCmd(f),
    measured: j.measured,
    ok: j.ok
  }
}

export function inSyncPre(f: Files, node: NodeRole, hs: HaStatusFacts | undefined): FixPrecondition {
  const j = judgeInSync(hs)
  return {
    id: 'repl-in-sync',
    description: 'database replication is in-sync',
    refusal: 'database replication is not in-sync',
    node,
    kind: 'repl-in-sync',
    command: haStatusCmd(f),
    measured: j.measured,
    ok: j.ok
  }
}

export function peerPre(f: Files, node: NodeRole, hs: HaStatusFacts | undefined): FixPrecondition {
  const j = judgePeer(hs)
  return {
    id: `peer-up-from-${node}`,
    description: `the ${node} sees its peer up`,
    refusal: `the ${node} does not see its peer up`,
    node,
    kind: 'peer-ok',
    command: haStatusCmd(f),
    measured: j.measured,
    ok: j.ok
  }
}

export function diskPre(node: NodeRole, dir: string, availKiB: number | undefined, needKiB: number): FixPrecondition {
  const j = judgeDisk(availKiB, needKiB)
  return {
    id: `disk-room-${node}`,
    description: `room on the ${node} to keep the moved database beside the re-synchronised one`,
    refusal: `not enough free space on the ${node} to keep a backup`,
    node,
    kind: 'disk-room',
    command: `d=${q(dir)}; while [ ! -e "$d" ] && [ "$d" != / ]; do d=$(dirname "$d"); done; df -Pk "$d"`,
    params: { needKiB },
    measured: j.measured,
    ok: j.ok
  }
}

export function writablePre(node: NodeRole, file: string, planOk: boolean, planMeasured: string): FixPrecondition {
  return {
    id: `writable-${node}-${file.split('/').pop()}`,
    description: `${file} on the ${node} exists and is writable`,
    refusal: `${file} on the ${node} is not writable`,
    node,
    kind: 'writable',
    command: `if [ -f ${q(file)} ] && [ -w ${q(file)} ]; then echo writable; else echo 'not writable'; fi`,
    params: { expected: 'writable' },
    measured: planMeasured,
    ok: planOk
  }
}

export function staticPre(
  id: string,
  description: string,
  refusal: string,
  ok: boolean,
  measured: string,
  node?: NodeRole
): FixPrecondition {
  return { id, description, refusal, node, kind: 'static', measured, ok }
}

/**
 * fix.failover's preconditions ARE the failover readiness of the run the plan was built from
 * (shared/domain/readiness.ts, the same function as the run header, the JSON report and the metric): first
 * the verdict, then every precondition of it with the check that decided it. Those read from haStatus (HA
 * services, heartbeat, replication in-sync) are re-read live just before anything runs, in case the pair
 * changed since that run; the others are as the run measured them.
 */
export function failoverReadinessPres(
  f: Files,
  report: Pick<RunReport, 'checks'>,
  active: NodeRole,
  haStatus: (role: NodeRole) => HaStatusFacts | undefined
): FixPrecondition[] {
  const r = readinessOf(report.checks)
  const out: FixPrecondition[] = [
    staticPre(
      'failover-ready',
      'the standby can take over now (failover readiness of the latest run: ready)',
      r.verdict === 'unknown' ? 'failover readiness is unknown' : 'the pair is not ready for a failover',
      r.verdict === 'ready',
      readinessLine(r)
    )
  ]
  const standby: NodeRole = active === 'primary' ? 'secondary' : 'primary'
  const live: Record<string, () => FixPrecondition[]> = {
    'ha-services': () => [processesPre(f, 'primary', haStatus('primary')), processesPre(f, 'secondary', haStatus('secondary'))],
    heartbeat: () => [peerPre(f, active, haStatus(active)), peerPre(f, standby, haStatus(standby))],
    'db-repl-in-sync': () => [inSyncPre(f, active, haStatus(active))]
  }
  for (const p of r.preconditions) {
    const measured = `${p.check} ${p.checkStatus}: ${p.summary}`
    const again = live[p.id]?.()
    if (again)
      out.push(
        ...again.map((l) => ({
          ...l,
          id: `${p.id}-${l.node}`,
          description: `${p.label} — ${l.description} (re-checked live)`,
          ok: p.status === 'met',
          measured
        }))
      )
    else out.push(staticPre(p.id, `${p.label} (${p.check})`, `${p.label}: not met`, p.status === 'met', measured))
  }
  return out
}
