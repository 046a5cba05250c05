/**
 * KB11264 step 5, beyond the result file: rsync.drift — what the next rsync of non-database files from the
 * active node would change on the standby, from an rsync dry run the probe runs on the active node as the
 * rsync user (probe-drift.ts, docs/nsm-formats.md A-22). Read-only by construction: `rsync -n`.
 *
 * pass: nothing to change. warn: the first paths and the totals. unknown: the dry run could not run or
 * failed (ssh trust, rsync missing, exclude.rsync unreadable, timeout), with rsync's own words.
 * skipped: no node is active (the sync only runs from the active node), or HA is disabled there.
 */
import type { Evidence } from '../../../shared/domain/check'
import { isYes, KEYS } from '../parsers/cfg'
import type { DriftFacts } from '../parsers/drift'
import { eventSource } from '../parsers/guilog'
import type { NodeCollection } from '../types'
import { combine, ev, label, lookup, part, plural, type CheckDefs, type CheckFn, type Part } from './common'
import { activeNode, peerKeyEvidence } from './step2-config'

/** paths named in the summary / quoted one per evidence line */
const SUMMARY_PATHS = 5
const EVIDENCE_PATHS = 10

/** rsync exit codes that still mean the comparison ran (23 partial, 24 vanished source files) */
const PARTIAL = new Set([23, 24])

function source(n: NodeCollection, d: DriftFacts): string {
  if (!d.command) return n.detail.sections.drift?.source ?? 'rsync -n --itemize-changes'
  return d.user ? `${d.command} (as ${d.user})` : d.command
}

/** The sync NSM itself ran last (ha.log `cmd:`), shown beside the dry run so both can be compared. */
function loggedSync(n: NodeCollection): { evidence?: Evidence; note?: string } {
  const h = n.detail.haLog
  const cmd = h?.lines.filter((l) => /\bcmd:/.test(l.text)).pop()
  if (!h || !cmd) return {}
  const operands = cmd.text
    .replace(/^.*?\bcmd:\s*/, '')
    .split(/\s+/)
    .filter((t) => t && !t.startsWith('-') && !t.startsWith('"'))
  const [from, to] = operands.slice(-2)
  const same = !!from && !!to && /GuiSvr\/var\/?$/.test(from) && /:.*GuiSvr\/var\/?$/.test(to)
  return {
    evidence: ev(n, eventSource({ source: h.source, fromByte: h.fromByte }), cmd.text, cmd.line),
    ...(same ? {} : { note: ` (ha.log's last sync names ${from ?? '?'} → ${to ?? '?'}; the dry run compares GuiSvr/var/ only)` })
  }
}

/** Why a failed dry run failed, in the guide's terms. */
function failureReason(d: DriftFacts): string {
  const text = d.errors.join('\n')
  const last = d.errors.filter((l) => l.trim()).pop() ?? `exit ${d.rc}`
  if (d.rc === 124) return 'the dry run did not finish within its time limit'
  if (d.rc === 127 || /rsync: (command )?not found|rsync: not found/.test(text)) return `rsync is not runnable (${last})`
  if (
    d.rc === 255 ||
    /Permission denied|Host key verification failed|publickey|Connection (refused|timed out|closed)|Could not resolve|No route to host/i.test(
      text
    )
  )
    return `ssh as ${d.user ?? 'the rsync user'} to ${d.peer ?? 'the peer'} failed: check ssh.trust (${last})`
  return `rsync exit ${d.rc}: ${last}`
}

function judge(n: NodeCollection, peer: string): Part {
  const d = n.detail.drift!
  const src = source(n, d)
  const logged = loggedSync(n)
  const extra = logged.evidence ? [logged.evidence] : []
  if (d.error) return part('unknown', `${label(n)}: cannot run the rsync dry run: ${d.error}`, [ev(n, src, d.error), ...extra])
  if (d.rc === undefined)
    return part('unknown', `${label(n)}: the rsync dry run gave no exit code (output cut off)`, [
      ev(n, src, d.errors.join('\n') || 'no exit code'),
      ...extra
    ])
  const errorEv = d.errors.length ? [ev(n, src, d.errors.join('\n'))] : []
  const t = d.totals
  if (d.rc !== 0 && !(PARTIAL.has(d.rc) && t.total > 0))
    return part('unknown', `${label(n)} → ${peer}: ${failureReason(d)}`, [ev(n, src, `exit ${d.rc}`), ...errorEv, ...extra])
  if (t.total === 0)
    return part('pass', `${label(n)} → ${peer}: the next sync would change nothing${logged.note ?? ''}`, [
      ev(n, src, `exit ${d.rc}: no itemized changes`),
      ...extra
    ])
  const kinds = [
    t.new && `${t.new} new`,
    t.changed && `${t.changed} changed`,
    t.deleted && `${t.deleted} deleted`,
    t.attributes && `${t.attributes} with other times/permissions`
  ].filter(Boolean)
  const names = d.items.slice(0, SUMMARY_PATHS).map((i) => i.path)
  const more = t.total > names.length ? `, … (${t.total - names.length} more)` : ''
  const partial = d.rc !== 0 ? `; some files could not be compared (rsync exit ${d.rc})` : ''
  return part(
    'warn',
    `${label(n)} → ${peer}: the next sync would change ${plural(t.total, 'path')} on the ${peer} (${kinds.join(', ')}): ${names.join(', ')}${more}${partial}${logged.note ?? ''}`,
    [
      ev(n, src, `exit ${d.rc}: ${t.total} itemized (${kinds.join(', ')})`),
      ...d.items.slice(0, EVIDENCE_PATHS).map((i) => ev(n, src, i.line)),
      ...errorEv,
      ...extra
    ]
  )
}

export const rsyncDrift: CheckFn = (pair) => {
  const nodes = [pair.primary, pair.secondary]
  const ran = nodes.filter((n) => n.facts.reachable && !n.detail.unreadable.includes('drift') && n.detail.drift && !n.detail.drift.skipped)
  if (ran.length === 0) {
    // the node that should have run it: unreachable or cut off → unknown; a setting missing → unknown
    const active = activeNode(pair)
    const m = pair.missing(active)
    if (m) return m
    const skips = nodes.filter((n) => n.detail.drift?.skipped).map((n) => ({ n, why: n.detail.drift!.skipped! }))
    const evidence = skips.map(({ n, why }) => ev(n, n.detail.sections.drift?.source ?? 'rsync dry run', why))
    const notSet = skips.find(({ why }) => !/not the active node/.test(why))
    if (notSet) return part('unknown', `${label(notSet.n)}: cannot run the rsync dry run: ${notSet.why}`, evidence)
    return part('skipped', 'no node is active: the sync of non-database files runs only from the active node', evidence)
  }
  return combine(
    ran.map((n) => {
      const peer = n === pair.primary ? 'secondary' : 'primary'
      // HA disabled on the node: NSM runs no sync from it, whatever the files say
      const enabled = lookup(n, 'haSvr.cfg', KEYS.enabled)
      if (!enabled.unreadable && !isYes(enabled.entry?.value))
        return part(
          'skipped',
          `${label(n)}: HA is disabled (highAvail.isHaEnabled ${enabled.entry?.value ?? 'not set'}): no sync runs from it`,
          [enabled.evidence]
        )
      const j = judge(n, peer)
      return { ...j, evidence: [...j.evidence, ...peerKeyEvidence(n)] }
    })
  )
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const DRIFT_CHECKS = {
  'rsync.drift': { needs: ['drift'], run: rsyncDrift }
} satisfies CheckDefs
