/** Checks the guide does not number: clock skew, disk space, NSM version. */
import { combine, ev, fmtBytes, label, part, type CheckDefs, type CheckFn, type NodeFn, type Part } from './common'

export const CLOCK_WARN_MS = 5_000
export const CLOCK_FAIL_MS = 60_000
export const DISK_WARN_PCT = 10
export const DISK_FAIL_PCT = 2

export const sysClockSkew: CheckFn = (pair) => {
  const parts: Part[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) parts.push(m)
    else if (n.facts.clockOffsetMs === undefined) parts.push(part('unknown', `${label(n)}: clock not read`))
  }
  if (parts.length) return combine(parts)
  const p = pair.primary.facts
  const s = pair.secondary.facts
  const skew = Math.abs(p.clockOffsetMs! - s.clockOffsetMs!)
  const evidence = [pair.primary, pair.secondary].map((n) =>
    ev(n, 'date +%s', `${n.facts.clockMs! / 1000} (offset to this computer ${(n.facts.clockOffsetMs! / 1000).toFixed(1)} s)`)
  )
  const text = `clocks ${(skew / 1000).toFixed(1)} s apart`
  if (skew > CLOCK_FAIL_MS) return part('fail', `${text} (limit ${CLOCK_FAIL_MS / 1000} s)`, evidence)
  if (skew > CLOCK_WARN_MS) return part('warn', `${text} (more than ${CLOCK_WARN_MS / 1000} s)`, evidence)
  return part('pass', text, evidence)
}

export const sysDiskSpace: NodeFn = (n) => {
  const d = n.facts.disk
  const sec = n.detail.sections.df
  if (!d || d.sizeBytes <= 0) {
    const why =
      sec?.text.split('\n').find((l) => l.startsWith('timed out reading')) ??
      (sec?.text.trim() ? 'df output not recognised' : 'df output not readable')
    return part('unknown', `${label(n)}: ${why}`, [
      ev(n, sec?.source ?? 'df -Pk', sec?.text.trim() ? sec.text.trim().split('\n').slice(0, 8).join('\n') : why)
    ])
  }
  const free = Math.round((d.availBytes / d.sizeBytes) * 1000) / 10
  const evd = [
    ev(
      n,
      n.detail.sections.df?.source ?? 'df -Pk',
      `${d.mount}: ${d.usedPct}% used, ${fmtBytes(d.availBytes)} free of ${fmtBytes(d.sizeBytes)}`
    )
  ]
  const text = `${label(n)}: ${free} % free on ${d.mount} (${fmtBytes(d.availBytes)})`
  if (free < DISK_FAIL_PCT) return part('fail', text, evd)
  if (free < DISK_WARN_PCT) return part('warn', text, evd)
  return part('pass', text, evd)
}

export const sysNsmVersion: CheckFn = (pair) => {
  const parts: Part[] = []
  for (const n of [pair.primary, pair.secondary]) {
    const m = pair.missing(n)
    if (m) parts.push(m)
    else if (!n.facts.nsmVersion)
      parts.push(
        part('unknown', `${label(n)}: NSM version not found`, [
          ev(n, n.detail.sections.version?.source ?? 'version', n.detail.sections.version?.text.trim() || 'absent')
        ])
      )
  }
  if (parts.length) return combine(parts)
  const p = pair.primary
  const s = pair.secondary
  const evidence = [p, s].map((n) => ev(n, n.detail.sections.version?.source ?? 'version', n.facts.nsmVersion!))
  // the same release is written `2010.3R1` and `2010.3r1`: compared without case, shown as each node has it
  if (p.facts.nsmVersion!.toLowerCase() !== s.facts.nsmVersion!.toLowerCase())
    return part('fail', `different NSM releases: primary ${p.facts.nsmVersion}, secondary ${s.facts.nsmVersion}`, evidence)
  const same = p.facts.nsmVersion === s.facts.nsmVersion ? p.facts.nsmVersion : `${p.facts.nsmVersion} (secondary: ${s.facts.nsmVersion})`
  return part('pass', `both nodes run NSM ${same}`, evidence)
}

/** The checks of this file: what each reads (`needs`) and how it decides. */
export const SYSTEM_CHECKS = {
  'sys.clock-skew': { needs: ['identity'], run: sysClockSkew },
  'sys.disk-space': { needs: ['df'], node: sysDiskSpace },
  'sys.nsm-version': { needs: ['version'], run: sysNsmVersion }
} satisfies CheckDefs
