/** KB11264 steps 9-11: DB_PANIC, diverged databases, one-time password vs the active database. */
import { KEYS } from '../parsers/cfg'
import { eventOrder, eventsSinceStart, lastStart, lineRef } from '../parsers/guilog'
import { viewerField } from '../parsers/system'
import type { NodeCollection } from '../types'
import { combine, ev, label, lookup, part, type CheckDefs, type CheckFn, type NodeFn, type Part } from './common'
import { activeNode } from './step2-config'
import { filesSearched, guiLogUnrecognised, lastRoleEvent, latestRole, logEv, noLastStart, searched } from './step6-7-gui'

export const dbPanic: NodeFn = (n) => {
  const g = n.detail.guiLog
  if (!g?.present)
    return part('unknown', `${label(n)}: guiDaemon.0 ${g?.error ?? 'absent'}`, [ev(n, g?.source ?? 'guiDaemon.0', g?.error ?? 'absent')])
  const unrec = guiLogUnrecognised(n) ?? noLastStart(n, 'whether DB_PANIC was logged in the current run')
  if (unrec) return unrec
  const panics = eventsSinceStart(n.facts.events).filter((e) => e.kind === 'DB_PANIC')
  if (panics.length)
    return part(
      'fail',
      `${label(n)}: DB_PANIC since the last start (${lineRef(panics[panics.length - 1])}): the database must be re-synchronised`,
      panics.slice(-3).map((e) => logEv(n, e))
    )
  return part('pass', `${label(n)}: no DB_PANIC since the last start`, [searched(n, 'DB_PANIC')])
}

/** DB_PANIC on a node that is client now but was master earlier (a role change without a clean re-sync). */
function panicAfterRoleChange(n: NodeCollection): Part | undefined {
  const ev0 = n.facts.events
  const role = lastRoleEvent(n)
  if (role?.kind !== 'CLIENT') return undefined
  const master = ev0.filter((e) => e.kind === 'MASTER' && eventOrder(e) < eventOrder(role)).pop()
  if (!master) return undefined
  // only panics of the current start count: a re-sync (KB step 9) restarts the node and clears it
  const start = lastStart(ev0)
  const panic = ev0
    .filter((e) => e.kind === 'DB_PANIC' && eventOrder(e) > eventOrder(master) && (!start || eventOrder(e) >= eventOrder(start)))
    .pop()
  if (!panic) return undefined
  return part(
    'fail',
    `${label(n)} was master (${lineRef(master)}), is client now and logs DB_PANIC (${lineRef(panic)}): diverged log history`,
    [logEv(n, master), logEv(n, role), logEv(n, panic)]
  )
}

export const dbDiverged: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary]
  const parts: Part[] = []
  for (const n of nodes) {
    const m = pair.missing(n)
    if (m) parts.push(m)
  }
  const roles = nodes.map((n) => (n.facts.reachable ? latestRole(n) : undefined))
  if (roles[0]?.kind === 'MASTER' && roles[1]?.kind === 'MASTER') {
    parts.push(
      part('fail', 'both nodes are master at the same time: their databases diverge', [
        logEv(nodes[0], roles[0]),
        logEv(nodes[1], roles[1])
      ])
    )
  }
  for (const n of nodes) {
    if (!n.facts.reachable) continue
    const p = panicAfterRoleChange(n)
    if (p) parts.push(p)
  }
  if (!parts.some((p) => p.status === 'fail') && nodes.every((n) => n.facts.reachable && !n.detail.unreadable.includes('guilog')))
    parts.push(
      part(
        'pass',
        'no sign of a node made primary without a failover',
        nodes.map((n) => {
          const r = latestRole(n)
          return r ? logEv(n, r) : searched(n, 'DB_EVENT_REP_MASTER/CLIENT')
        })
      )
    )
  return combine(parts)
}

export const guiOneTimePassword: CheckFn = (pair) => {
  const parts: Part[] = []
  const cfg: { n: NodeCollection; fp: string; evidence: ReturnType<typeof lookup>['evidence'] }[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) {
      parts.push(m)
      continue
    }
    const r = lookup(n, 'guiSvr.cfg', KEYS.otp)
    if (r.unreadable) parts.push(part('unknown', `${label(n)}: ${r.unreadable}`, [r.evidence]))
    else if (!r.entry?.value) parts.push(part('fail', `${label(n)}: guiSvr.clientOneTimePassword not set`, [r.evidence]))
    else cfg.push({ n, fp: r.entry.value, evidence: r.evidence })
  }
  const evidence = cfg.map((c) => c.evidence)
  if (cfg.length === 2 && cfg[0].fp !== cfg[1].fp)
    parts.push(part('fail', `clientOneTimePassword differs between the nodes: primary ${cfg[0].fp}, secondary ${cfg[1].fp}`))

  // repeated "ourRsaPrivateKey is missing" on the standby
  const active = activeNode(pair)
  const standby = active === pair.primary ? pair.secondary : pair.primary
  if (standby.facts.reachable) {
    const rsa = eventsSinceStart(standby.facts.events).filter((e) => e.kind === 'RSA_KEY_MISSING')
    // without the last start the lines may be of an earlier run: never a fail "since the last start" (A-21)
    const started = !!lastStart(standby.facts.events)
    if (rsa.length >= 2)
      parts.push(
        started
          ? part(
              'fail',
              `${label(standby)}: "ourRsaPrivateKey is missing" repeated ${rsa.length} times since the last start`,
              rsa.slice(-2).map((e) => logEv(standby, e))
            )
          : part(
              'unknown',
              `${label(standby)}: "ourRsaPrivateKey is missing" ${rsa.length} times in ${filesSearched(standby.detail.guiLog)}, but the last start was not found in guiDaemon.0 … guiDaemon.9(.gz): cannot tell whether they are of the current start`,
              rsa.slice(-2).map((e) => logEv(standby, e))
            )
      )
  }

  const holder = [active, standby].find((n) => n.detail.viewer?.record)
  if (!holder) {
    const v = active.detail.viewer
    const why = !active.facts.reachable
      ? `${label(active)} not reachable`
      : v?.notFound
        ? 'record 0.shadow_server.2 not found in the active database'
        : v?.unrecognised
          ? `database viewer output not recognised:\n${v.unrecognised}`
          : v?.skipped
            ? `viewer not run (${v.skipped})`
            : `database viewer unavailable${v ? ` (exit ${v.rc}: ${v.output})` : ''}`
    // without the record only a difference between the two guiSvr.cfg values decides (the repeated
    // ourRsaPrivateKey lines may come from the missing record itself: see gui.shadow-server-record)
    const differ = parts.filter((p) => p.status === 'fail' && p.summary.startsWith('clientOneTimePassword differs'))
    if (differ.length) return combine([...differ, part('unknown', why)])
    const others = parts.filter((p) => p.status !== 'fail')
    const c = combine([...others, part('unknown', `cannot compare with the database: ${why}`)])
    return { ...c, evidence: [...evidence, ...parts.flatMap((p) => p.evidence), ev(active, v?.source ?? 'viewer', why)] }
  }
  const field = viewerField(holder.detail.viewer!.record, 'clientOneTimePassword')
  const src = holder.detail.viewer!.source
  if (!field)
    return combine([
      ...parts,
      part('unknown', 'record 0.shadow_server.2 has no clientOneTimePassword field', [
        ...evidence,
        ev(holder, src, 'no :clientOneTimePassword field')
      ])
    ])
  const dbEv = ev(holder, src, `:clientOneTimePassword (${field.value})`, field.line)
  const bad = cfg.filter((c) => c.fp !== field.value)
  if (bad.length)
    parts.push(
      part(
        'fail',
        `guiSvr.cfg clientOneTimePassword ≠ record 0.shadow_server.2 (${field.value}) on ${bad.map((c) => `${label(c.n)} (${c.fp})`).join(', ')}`,
        [...evidence, dbEv]
      )
    )
  else if (cfg.length)
    parts.push(
      part('pass', `clientOneTimePassword ${field.value} on ${cfg.map((c) => label(c.n)).join(' and ')} equals the active database`, [
        ...evidence,
        dbEv
      ])
    )
  return combine(parts)
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const DB_CHECKS = {
  'db.panic': { needs: ['guilog'], node: dbPanic },
  'db.diverged': { needs: ['guilog'], run: dbDiverged },
  'gui.one-time-password': { needs: ['cfg.guiSvr'], run: guiOneTimePassword }
} satisfies CheckDefs
