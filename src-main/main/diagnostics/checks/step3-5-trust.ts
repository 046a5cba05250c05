/** KB11264 steps 3-5: process user (setuid), SSH trust of the rsync user, initial rsync and ha.log. */
import type { Evidence } from '../../../shared/domain/check'
import type { ConfigName } from '../../../shared/domain/run'
import { cutText } from '../cut'
import { writeToLogEnabledAt } from '../../../shared/domain/fix'
import { isYes, KEYS } from '../parsers/cfg'
import { eventSource, lastStart, lineRef } from '../parsers/guilog'
import type { NodeCollection } from '../types'
import { haAddresses, peerKeyEvidence } from './step2-config'
import { bothSides, combine, ev, label, lookup, part, plural, type CheckDefs, type CheckFn, type NodeFn, type Part } from './common'

const SETUID: [string, ConfigName, readonly string[]][] = [
  ['GuiSvr', 'guiSvr.cfg', KEYS.guiSetuid],
  ['DevSvr', 'devSvr.cfg', KEYS.devSetuid],
  ['HaSvr', 'haSvr.cfg', KEYS.haSetuid]
]

export const userSetuid: CheckFn = (pair) => {
  const parts: Part[] = []
  const evidence: Evidence[] = []
  const values = new Map<string, string[]>()
  const readable: NodeCollection[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) {
      parts.push(m)
      continue
    }
    readable.push(n)
    for (const [server, file, keys] of SETUID) {
      const r = lookup(n, file, keys)
      evidence.push(r.evidence)
      const v = r.unreadable ? undefined : (r.entry?.value ?? '(not set)')
      if (r.unreadable) parts.push(part('unknown', `${label(n)}: ${r.unreadable}`))
      values.set(`${server}:${n.facts.role}`, v === undefined ? [] : [v])
    }
  }
  if (readable.length === 2) {
    const diffs: string[] = []
    for (const [server] of SETUID) {
      const a = values.get(`${server}:primary`)?.[0]
      const b = values.get(`${server}:secondary`)?.[0]
      if (a !== undefined && b !== undefined && a !== b) diffs.push(`${server} ${a} vs ${b}`)
    }
    parts.push(
      diffs.length
        ? part('fail', `process user differs between primary and secondary: ${diffs.join(', ')}`)
        : part('pass', `same process user on both nodes (${values.get('GuiSvr:primary')?.[0] ?? '?'})`)
    )
  }
  const r = combine(parts)
  return { ...r, evidence: [...evidence, ...r.evidence] }
}

/**
 * Both directions, every time (KB11264 step 4): each node's trust test to its configured peer. A
 * direction that could not be tested (node not reachable, output not received, the test went to an
 * address that is not the other node's) is reported with its reason and keeps the check at best `warn`.
 */
export const sshTrust: CheckFn = (pair) => {
  const dirs = [pair.primary, pair.secondary].map((n): Part => {
    const peer = n === pair.primary ? 'secondary' : 'primary'
    const dir = `${label(n)} → ${peer}`
    const m = pair.missing(n)
    if (m) return { ...m, summary: `${dir}: not tested (${m.summary})` }
    const t = n.detail.trust
    if (!t) return part('unknown', `${dir}: trust test not run`, [ev(n, 'ssh -o BatchMode=yes', 'not run')])
    if (t.skipped) {
      // a value not set is a configuration fault; a haSvr.cfg that could not be read says nothing
      const status = /not read/.test(t.skipped) ? 'unknown' : 'fail'
      return part(status, `${dir}: ${status === 'fail' ? 'cannot test' : 'not tested'} (${t.skipped})`, [ev(n, t.source, t.skipped)])
    }
    // the test goes to this node's configured peer address; when that is not the other node's own
    // address, it tests nothing about the pair (cfg.addresses reports the misconfiguration)
    const other = n === pair.primary ? pair.secondary : pair.primary
    const otherLocal = other.facts.reachable ? haAddresses(other).a?.local?.value : undefined
    if (t.rc !== 0 && otherLocal && t.peer && otherLocal !== t.peer)
      return part(
        'skipped',
        `${dir}: not tested — it went to ${t.peer}, which is not the ${peer}'s address ${otherLocal} (see cfg.addresses)`,
        [ev(n, t.source, t.output || `exit ${t.rc}`)]
      )
    if (t.rc === 0) return part('pass', `${dir} as ${t.user}: no password needed`, [ev(n, t.source, t.output || 'exit 0')])
    const err = t.output
      .split('\n')
      .filter((l) => l.trim())
      .slice(-3)
      .join('\n')
    if (t.rc === 124)
      return part('unknown', `${dir} as ${t.user}: not tested (the test did not finish within its time limit)`, [
        ev(n, t.source, err || 'exit 124')
      ])
    return part('fail', `${dir} as ${t.user} fails: ${err.split('\n').pop() || `exit ${t.rc}`}`, [ev(n, t.source, err || `exit ${t.rc}`)])
  })
  const c = combine(dirs)
  // the summary names both directions, in order, whatever each says; the evidence names the key each peer was read from
  return {
    ...c,
    summary: dirs.map((d) => d.summary).join('; '),
    evidence: [...c.evidence, ...[pair.primary, pair.secondary].flatMap(peerKeyEvidence)]
  }
}

export const rsyncDoDirectResult: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary]
  const parts = nodes.map((n) => {
    const m = pair.missing(n)
    if (m) return m
    const d = n.detail.dodirect
    if (!d || !d.present) {
      const why = d?.error ?? 'absent'
      // only a file that is not there is "absent" (A-16); one that could not be read says nothing
      const status = /^missing/.test(why) ? 'skipped' : 'unknown'
      return part(status, `${label(n)}: .haDoDirect.result ${why}`, [ev(n, d?.source ?? '.haDoDirect.result', why)])
    }
    if (d.status === 'SUCCESS') return part('pass', `${label(n)}: .haDoDirect.result SUCCESS`, [ev(n, d.source, d.line ?? 'SUCCESS', 1)])
    if (d.status === 'FAIL')
      return part('fail', `${label(n)}: .haDoDirect.result FAIL (ssh trust or rsync failed)`, [ev(n, d.source, d.line ?? 'FAIL', 1)])
    return part('unknown', `${label(n)}: .haDoDirect.result not recognised (neither SUCCESS nor FAIL)`, [
      ev(n, d.source, d.line ?? '(empty)', 1)
    ])
  })
  // the initial sync runs on one node (A-16): SUCCESS there and the file absent on the other passes
  const [a, b] = parts
  if ((a.status === 'pass' && b.status === 'skipped') || (a.status === 'skipped' && b.status === 'pass'))
    return { ...(a.status === 'pass' ? a : b), evidence: parts.flatMap((p) => p.evidence) }
  if (parts.every((p) => p.status === 'skipped'))
    return part(
      'unknown',
      `.haDoDirect.result absent on both nodes`,
      parts.flatMap((p) => p.evidence)
    )
  return bothSides(parts, nodes)
}

/**
 * A missing ha.log that cannot exist yet: logging was switched on (fix.enable-write-to-log's line in
 * haSvr.cfg, node clock) after HA's last start (the last `guiSvrManager starting` of guiDaemon.0), and HA
 * reads highAvail.writetoLog only when it starts.
 */
function haLogNotYet(n: NodeCollection, evd: Evidence[]): Part | undefined {
  const cfg = n.facts.configs['haSvr.cfg']
  const mark = cfg ? writeToLogEnabledAt(cfg.redactedText) : undefined
  const start = lastStart(n.facts.events)
  if (!cfg || !mark || !start?.at) return undefined
  const enabledAt = mark.atMs - (n.facts.clockOffsetMs ?? 0)
  if (enabledAt <= Date.parse(start.at)) return undefined
  return part(
    'skipped',
    `${label(n)}: no ha.log yet: logging was enabled after HA's last start (${start.at}); HA writes ha.log from its next start (fix.restart-ha)`,
    [...evd, ev(n, cfg.path, mark.text, mark.line), ev(n, eventSource(start), start.text, start.line)]
  )
}

export const rsyncHaLogErrors: NodeFn = (n) => {
  const h = n.detail.haLog
  if (!h || !h.present) {
    const why = h?.error ?? 'absent'
    const evd = [ev(n, h?.source ?? 'ha.log', why)]
    if (/not readable|timed out/.test(why)) return part('unknown', `${label(n)}: ha.log ${why}`, evd)
    const wl = lookup(n, 'haSvr.cfg', KEYS.writeToLog)
    if (wl.unreadable) return part('unknown', `${label(n)}: ha.log ${why} and haSvr.cfg ${wl.unreadable}`, evd)
    if (isYes(wl.entry?.value))
      return haLogNotYet(n, evd) ?? part('unknown', `${label(n)}: ha.log ${why} although highAvail.writetoLog is y`, evd)
    return part('skipped', `${label(n)}: no ha.log (highAvail.writetoLog is not y)`, evd)
  }
  if (h.unrecognised && h.lines.length === 0)
    return part('unknown', `${label(n)}: ha.log not recognised (none of its expected lines, no log shape)`, [
      ev(n, h.source, `not recognised:\n${h.unrecognised.join('\n') || '(no lines)'}`)
    ])
  // a large ha.log read from its end: its lines counted from that byte, and named so (A-24)
  const src = eventSource({ source: h.source, fromByte: h.fromByte })
  const ref = (line: number) => lineRef({ line, fromByte: h.fromByte })
  if (h.recentErrors.length === 0) {
    const since = h.lastSuccess ? ` since the last SUCCESS (${ref(h.lastSuccess.line)})` : ''
    return part('pass', `${label(n)}: no ssh/rsync errors${since}`, [
      h.lastSuccess ? ev(n, src, h.lastSuccess.text, h.lastSuccess.line) : ev(n, h.source, `no error lines in ${h.sizeBytes ?? '?'} bytes`)
    ])
  }
  const evidence = [
    ...(h.failingCmd ? [ev(n, src, h.failingCmd.text, h.failingCmd.line)] : []),
    ...h.recentErrors.slice(-5).map((e) => ev(n, src, e.text, e.line))
  ]
  const cmd = h.failingCmd ? `; failing command: ${h.failingCmd.command}` : ''
  const last = h.recentErrors[h.recentErrors.length - 1]
  return part(
    'fail',
    `${label(n)}: ${plural(h.recentErrors.length, 'ssh/rsync error')} after the last SUCCESS (${ref(last.line)}: ${cutText(last.text, 120)})${cmd}`,
    evidence
  )
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const TRUST_CHECKS = {
  'user.setuid': { needs: ['cfg.haSvr', 'cfg.guiSvr', 'cfg.devSvr'], run: userSetuid },
  'ssh.trust': { needs: ['trust'], run: sshTrust },
  'rsync.dodirect-result': { needs: ['dodirect'], run: rsyncDoDirectResult },
  'rsync.ha-log-errors': { needs: ['halog'], node: rsyncHaLogErrors }
} satisfies CheckDefs
