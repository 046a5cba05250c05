/**
 * The Nodes view's rows (pure): each fact of both nodes side by side, compared the way an admin reads
 * them — numbers as numbers with a tolerance (clock offsets 0.5 s and −0.4 s are no difference; xdb
 * sizes within 1 %), versions by their numbers, names that must differ (hostname, addresses) never
 * flagged — and the HA facts that matter marked per node: HA state running vs stopped, the node's role
 * from its log, the replication state.
 */
import type { NodeFacts, RunReport } from '@shared/domain/run'
import { humanBytes } from '@shared/bytes'

/** how a cell reads: good (green), warn, bad (red), or plain */
export type Tone = 'good' | 'warn' | 'bad' | ''

export interface NodeRow {
  label: string
  p: string
  s: string
  pTone: Tone
  sTone: Tone
  /** the nodes should agree and do not (beyond the tolerance) */
  differ: boolean
  /** what "agree" means for this row, shown as its tooltip */
  rule: string
}

/** clock offsets closer than this are the same clock (the clock-skew check warns from 5 s) */
export const CLOCK_TOLERANCE_MS = 5_000
/** xdb sizes within this share are the same size */
export const SIZE_TOLERANCE = 0.01

const dash = '—'

function roleOf(n: NodeFacts): 'master' | 'client' | 'none' | undefined {
  if (!n.reachable) return undefined
  let role: 'master' | 'client' | 'none' | undefined
  for (const e of n.events ?? []) {
    if (e.kind === 'MASTER') role = 'master'
    else if (e.kind === 'CLIENT') role = 'client'
    else if (e.kind === 'STOP' && role) role = 'none'
  }
  return role
}

function haState(n: NodeFacts): { text: string; tone: Tone } | undefined {
  const hs = n.haStatus
  if (!hs) return undefined
  const procs = Object.entries(hs.processes)
  const stopped = procs.filter(([, v]) => v === 'stopped').map(([k]) => k)
  const local = hs.local?.state
  const text = [local, procs.length ? procs.map(([k, v]) => `${k} ${v}`).join(', ') : undefined].filter(Boolean).join(' · ') || dash
  if (stopped.length || /\b(stopped|down|dead)\b/i.test(local ?? '')) return { text, tone: 'bad' }
  if (/\b(running|active|standby|started|up)\b/i.test(local ?? '') || (procs.length && procs.every(([, v]) => v === 'started')))
    return { text, tone: 'good' }
  return { text, tone: '' }
}

/** "5.2.0 (rev 12)" → [5, 2, 0, 12]: versions compared by their numbers, not their spelling */
export function versionNumbers(v: string | undefined): number[] | undefined {
  const nums = v?.match(/\d+/g)?.map(Number)
  return nums && nums.length ? nums : undefined
}

function sameNumbers(a: number[] | undefined, b: number[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i])
}

function within(a: number, b: number, share: number): boolean {
  return Math.abs(a - b) <= share * Math.max(Math.abs(a), Math.abs(b))
}

function secs(ms: number): string {
  const s = ms / 1000
  return `${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(1)} s`
}

export function compareNodes(report: RunReport): NodeRow[] {
  const P = report.nodes.primary
  const S = report.nodes.secondary
  const rows: NodeRow[] = []
  const both = P.reachable && S.reachable
  const add = (r: Partial<NodeRow> & Pick<NodeRow, 'label' | 'p' | 's'>): void =>
    void rows.push({ pTone: '', sTone: '', differ: false, rule: '', ...r })
  const text = (label: string, get: (n: NodeFacts) => string | undefined, rule: string, mustDiffer = false): void => {
    const p = get(P)
    const s = get(S)
    add({
      label,
      p: p ?? dash,
      s: s ?? dash,
      differ: !mustDiffer && both && p !== undefined && s !== undefined && p.trim() !== s.trim(),
      rule
    })
  }

  add({
    label: 'Reachable',
    p: P.reachable ? 'yes' : `no — ${P.error ?? ''}`,
    s: S.reachable ? 'yes' : `no — ${S.error ?? ''}`,
    pTone: P.reachable ? 'good' : 'bad',
    sTone: S.reachable ? 'good' : 'bad',
    rule: 'each node answers over SSH'
  })
  text('Hostname', (n) => n.hostname, 'differs by design', true)
  text('Address', (n) => `${n.host}:${n.port}`, 'differs by design', true)

  const hp = haState(P)
  const hs = haState(S)
  add({
    label: 'HA state',
    p: hp?.text ?? dash,
    s: hs?.text ?? dash,
    pTone: hp?.tone ?? '',
    sTone: hs?.tone ?? '',
    differ: false,
    rule: 'HaSvr running on both nodes (the local server line and highAvail / highAvailSvr)'
  })
  const rp = roleOf(P)
  const rs = roleOf(S)
  const roleTone = (r: string | undefined, want: string): Tone =>
    r === undefined ? '' : rp === 'master' && rs === 'master' ? 'bad' : r === want ? 'good' : 'warn'
  add({
    label: 'Role (guiDaemon log)',
    p: rp === undefined ? dash : rp === 'none' ? 'none (stopped since)' : rp,
    s: rs === undefined ? dash : rs === 'none' ? 'none (stopped since)' : rs,
    pTone: roleTone(rp, 'master'),
    sTone: roleTone(rs, 'client'),
    differ: rp === 'master' && rs === 'master',
    rule: 'one master (the active node), one client; two masters = split brain'
  })
  // haStatus prints `unknown` when it cannot tell: shown, but compared as "not read"
  const repl = (n: NodeFacts): string | undefined => (n.haStatus?.local?.repl === 'unknown' ? undefined : n.haStatus?.local?.repl)
  const replTone = (r: string | undefined): Tone => (r === undefined || r === 'unknown' ? '' : r === 'in-sync' ? 'good' : 'warn')
  add({
    label: 'Replication',
    p: P.haStatus?.local?.repl ?? dash,
    s: S.haStatus?.local?.repl ?? dash,
    pTone: replTone(repl(P)),
    sTone: replTone(repl(S)),
    differ: both && repl(P) !== undefined && repl(S) !== undefined && repl(P) !== repl(S),
    rule: 'db-repl in-sync on both nodes'
  })
  text('HA local address', (n) => n.haStatus?.local?.addr, 'differs by design (each node its own)', true)
  text('HA peer address', (n) => n.haStatus?.peer?.addr, 'differs by design (each node names the other)', true)

  const vp = versionNumbers(P.nsmVersion)
  const vs = versionNumbers(S.nsmVersion)
  add({
    label: 'NSM version',
    p: P.nsmVersion ?? dash,
    s: S.nsmVersion ?? dash,
    differ: both && !!vp && !!vs && !sameNumbers(vp, vs),
    rule: 'the same release on both nodes (compared by its numbers)'
  })
  text('ssh / rsync', (n) => (n.reachable ? `${n.tools.ssh ?? dash} / ${n.tools.rsync ?? dash}` : undefined), 'present on both nodes')

  const cp = P.clockOffsetMs
  const cs = S.clockOffsetMs
  const clockTone = (o: number | undefined): Tone =>
    o === undefined ? '' : Math.abs(o) >= 60_000 ? 'bad' : Math.abs(o) >= CLOCK_TOLERANCE_MS ? 'warn' : ''
  add({
    label: 'Clock offset (to this computer)',
    p: cp === undefined ? dash : secs(cp),
    s: cs === undefined ? dash : secs(cs),
    pTone: clockTone(cp),
    sTone: clockTone(cs),
    differ: cp !== undefined && cs !== undefined && Math.abs(cp - cs) >= CLOCK_TOLERANCE_MS,
    rule: `the nodes' clocks within ${CLOCK_TOLERANCE_MS / 1000} s of each other`
  })
  const diskTone = (n: NodeFacts): Tone => (!n.disk ? '' : n.disk.usedPct >= 98 ? 'bad' : n.disk.usedPct >= 90 ? 'warn' : '')
  const disk = (n: NodeFacts): string => (n.disk ? `${n.disk.mount} ${n.disk.usedPct}% used, ${humanBytes(n.disk.availBytes)} free` : dash)
  add({ label: 'Disk', p: disk(P), s: disk(S), pTone: diskTone(P), sTone: diskTone(S), rule: 'each node: at least 10 % free' })

  const xp = P.xdb
  const xs = S.xdb
  add({
    label: 'xdb data',
    p: xp ? `${xp.dataFiles} files, ${humanBytes(xp.dataBytes)}` : dash,
    s: xs ? `${xs.dataFiles} files, ${humanBytes(xs.dataBytes)}` : dash,
    differ: !!xp && !!xs && (xp.dataFiles !== xs.dataFiles || !within(xp.dataBytes, xs.dataBytes, SIZE_TOLERANCE)),
    rule: `the standby's copy: same file count, size within ${SIZE_TOLERANCE * 100} %`
  })
  const logBytes = (x: NonNullable<NodeFacts['xdb']>): number => x.logFiles.reduce((a, l) => a + l.size, 0)
  add({
    label: 'xdb logs',
    p: xp ? `${xp.logFiles.length} files, ${humanBytes(logBytes(xp))}` : dash,
    s: xs ? `${xs.logFiles.length} files, ${humanBytes(logBytes(xs))}` : dash,
    differ: !!xp && !!xs && (xp.logFiles.length !== xs.logFiles.length || !within(logBytes(xp), logBytes(xs), SIZE_TOLERANCE)),
    rule: `the same transaction logs: same count, size within ${SIZE_TOLERANCE * 100} %`
  })
  return rows
}
