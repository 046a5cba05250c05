/** KB11264 step 8: secondary start-up events, replicated data progress, transaction logs. */
import type { Pair } from './common'
import { eventOrder, eventsSinceStart, lastStart } from '../parsers/guilog'
import type { NodeCollection } from '../types'
import { ev, fmtBytes, part, type CheckDefs, type CheckFn } from './common'
import { haState } from './step1-services'
import { guiLogUnrecognised, latestRole, logEv, noLastStart, searched } from './step6-7-gui'

/** NEWMASTER (and STARTUPDONE after it) since the secondary's last start. */
export function startupState(s: NodeCollection) {
  const since = eventsSinceStart(s.facts.events)
  const newmaster = since.filter((e) => e.kind === 'NEWMASTER').pop()
  const done = since.filter((e) => e.kind === 'STARTUPDONE' && (!newmaster || eventOrder(e) > eventOrder(newmaster))).pop()
  return { newmaster, done }
}

/** Replication still running: haStatus dirty on a node, or NEWMASTER without STARTUPDONE on the secondary. */
export function replicationInProgress(pair: Pair): boolean {
  const dirty = [pair.primary, pair.secondary].some((n) => [n.facts.haStatus?.local?.repl, n.facts.haStatus?.peer?.repl].includes('dirty'))
  if (dirty) return true
  if (!pair.secondary.facts.reachable) return false
  const st = startupState(pair.secondary)
  return !!st.newmaster && !st.done
}

/** The node's HA services are stopped, as ha.services decides it (a line that is not there says nothing). */
function haStopped(n: NodeCollection): boolean {
  return haState(n) === 'stopped'
}

/** `unknown` with the node's own words when a listing section failed (missing, permission denied). */
function sectionError(n: NodeCollection, name: 'xdb-data' | 'xdb-log'): ReturnType<typeof part> | undefined {
  const sec = n.detail.sections[name]
  const notRecognised = !!sec && sec.text.startsWith('not recognised')
  if (!sec || ((sec.rc === 0 || sec.rc === 141) && !notRecognised)) return undefined
  const why = sec.text.split('\n').find((l) => l.trim()) ?? `exit ${sec.rc}`
  return part('unknown', `${n.facts.role}: ${why}`, [ev(n, sec.source, notRecognised ? sec.text.trim() : why)])
}

/** Why comparing the databases makes no sense now (two masters, secondary stopped/not connected/panicked). */
function whyNotReplicating(pair: Pair): string | undefined {
  const s = pair.secondary
  if (latestRole(pair.primary)?.kind === 'MASTER' && latestRole(s)?.kind === 'MASTER') return 'both nodes are master (see role.assignment)'
  if (haStopped(s)) return 'HA services stopped on the secondary (see ha.services)'
  // what happened since the secondary's last start says nothing when that start was found in no file (A-21)
  if (!lastStart(s.facts.events)) return undefined
  const since = eventsSinceStart(s.facts.events)
  const { newmaster, done } = startupState(s)
  if (since.some((e) => e.kind === 'DB_PANIC') && !done) return 'DB_PANIC on the secondary (see db.panic)'
  if (s.detail.guiLog?.present && !newmaster && latestRole(s)?.kind === 'CLIENT')
    return 'the secondary never reached the primary (see repl.secondary-startup)'
  return undefined
}

export const replSecondaryStartup: CheckFn = (pair) => {
  const s = pair.secondary
  const m = pair.missing(s)
  if (m) return m
  if (haStopped(s)) {
    const procs = Object.entries(s.facts.haStatus?.processes ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')
    return part('skipped', 'HA services are stopped on the secondary (see ha.services)', [
      ev(s, s.detail.sections.hastatus?.source ?? 'haStatus', procs || 'HA services stopped')
    ])
  }
  const role = latestRole(s)
  if (role?.kind === 'MASTER')
    return part('skipped', 'the secondary is master: no client start-up to follow (see role.assignment)', [logEv(s, role)])
  if (!s.detail.guiLog?.present)
    return part('unknown', 'secondary: no guiDaemon.0', [ev(s, s.detail.guiLog?.source ?? 'guiDaemon.0', 'absent')])
  // a log with none of the expected lines says nothing about NEWMASTER
  const unrec = guiLogUnrecognised(s) ?? noLastStart(s, 'whether the secondary reached the primary in its current run')
  if (unrec) return unrec
  const { newmaster, done } = startupState(s)
  const panic = eventsSinceStart(s.facts.events)
    .filter((e) => e.kind === 'DB_PANIC')
    .pop()
  if (panic && !done) return part('skipped', 'replication on the secondary stopped with DB_PANIC (see db.panic, step 9)', [logEv(s, panic)])
  if (newmaster && done)
    return part('pass', 'secondary connected to the primary (NEWMASTER) and finished replication (STARTUPDONE)', [
      logEv(s, newmaster),
      logEv(s, done)
    ])
  if (newmaster)
    return part('warn', 'secondary connected to the primary (NEWMASTER); replication in progress, no STARTUPDONE yet', [
      logEv(s, newmaster)
    ])
  return part('fail', 'secondary never reached the primary: no DB_EVENT_REP_NEWMASTER since its last start', [
    ...(role ? [logEv(s, role)] : []),
    searched(s, 'DB_EVENT_REP_NEWMASTER')
  ])
}

export const replDataProgress: CheckFn = (pair) => {
  const p = pair.primary
  const s = pair.secondary
  const bad = sectionError(p, 'xdb-data') ?? sectionError(s, 'xdb-data')
  if (bad) return bad
  const px = p.facts.xdb
  const sx = s.facts.xdb
  if (!px || !sx) return part('unknown', 'xdb/data listing not received')
  const share = px.dataBytes > 0 ? Math.round((sx.dataBytes / px.dataBytes) * 1000) / 10 : 100
  const prev = pair.ctx.previous?.nodes?.secondary?.xdb
  const growth = prev ? sx.dataBytes - prev.dataBytes : undefined
  const growthText = growth === undefined ? '' : `, ${growth >= 0 ? '+' : '−'}${fmtBytes(Math.abs(growth))} since the last run`
  const text = `primary ${px.dataFiles} files ${fmtBytes(px.dataBytes)}, secondary ${sx.dataFiles} files ${fmtBytes(sx.dataBytes)} (${share} %${growthText})`
  const evidence = [
    ev(p, p.detail.sections['xdb-data']?.source ?? 'xdb/data', `${px.dataFiles} files, ${px.dataBytes} bytes`),
    ev(s, s.detail.sections['xdb-data']?.source ?? 'xdb/data', `${sx.dataFiles} files, ${sx.dataBytes} bytes`)
  ]
  const behind = sx.dataBytes < px.dataBytes || sx.dataFiles < px.dataFiles
  if (behind && replicationInProgress(pair)) {
    const stalled = growth !== undefined && growth <= 0 ? ' — no growth since the last run' : ''
    return part('warn', `replication in progress: ${text}${stalled}`, evidence)
  }
  return part('pass', text, evidence)
}

export const replLogsMatch: CheckFn = (pair) => {
  const p = pair.primary
  const s = pair.secondary
  const bad = sectionError(p, 'xdb-log') ?? sectionError(s, 'xdb-log')
  if (bad) return bad
  const pl = p.facts.xdb?.logFiles ?? []
  const sl = s.facts.xdb?.logFiles ?? []
  const fmt = (l: { name: string; size: number }[]) => l.map((f) => `${f.name} ${f.size}`).join('\n') || '(empty)'
  const evidence = [
    ev(p, p.detail.sections['xdb-log']?.source ?? 'xdb/log', fmt(pl)),
    ev(s, s.detail.sections['xdb-log']?.source ?? 'xdb/log', fmt(sl))
  ]
  const notReplicating = whyNotReplicating(pair)
  if (notReplicating) return part('skipped', `no replication to compare: ${notReplicating}`, evidence)
  const sMap = new Map(sl.map((f) => [f.name, f.size]))
  const pMap = new Map(pl.map((f) => [f.name, f.size]))
  const diffs: string[] = []
  for (const f of pl) {
    const o = sMap.get(f.name)
    if (o === undefined) diffs.push(`${f.name} only on primary`)
    else if (o !== f.size) diffs.push(`${f.name} ${f.size} vs ${o} bytes`)
  }
  for (const f of sl) if (!pMap.has(f.name)) diffs.push(`${f.name} only on secondary`)
  if (diffs.length === 0) return part('pass', `transaction logs identical (${pl.length} files)`, evidence)
  const what = `${diffs.slice(0, 3).join(', ')}${diffs.length > 3 ? `, +${diffs.length - 3} more` : ''}`
  if (replicationInProgress(pair)) return part('warn', `transaction logs differ while replication is in progress: ${what}`, evidence)
  return part('fail', `transaction logs differ: ${what}`, evidence)
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const REPLICATION_CHECKS = {
  'repl.secondary-startup': { needs: ['guilog', 'hastatus'], run: replSecondaryStartup },
  'repl.data-progress': { needs: ['xdb-data'], run: replDataProgress, requireAll: true },
  'repl.logs-match': { needs: ['xdb-log'], run: replLogsMatch, requireAll: true }
} satisfies CheckDefs
