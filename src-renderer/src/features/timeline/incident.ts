/**
 * The timeline's incident view (pure): the HA events of both nodes with a timestamp — starts, stops, the
 * role events and what went wrong — each labelled in words, a failover (a node becoming master after the
 * other one was) named as such, newest first; and the label rows of each lane, so no two labels overlap.
 */
import type { LogEvent, LogEventKind } from '@shared/domain/run'

export const INCIDENT_KINDS: ReadonlySet<LogEventKind> = new Set<LogEventKind>([
  'START',
  'STOP',
  'MASTER',
  'CLIENT',
  'NEWMASTER',
  'STARTUPDONE',
  'DB_PANIC',
  'RSYNC_ERROR',
  'RSYNC_OK',
  'SHADOW_MISSING',
  'RSA_KEY_MISSING',
  'HA_LINK',
  'MY_ADDR',
  'PEER_ADDR'
])

const LABEL: Partial<Record<LogEventKind, string>> = {
  START: 'start',
  STOP: 'stop',
  MASTER: 'master (active)',
  CLIENT: 'client (standby)',
  NEWMASTER: 'new master seen',
  STARTUPDONE: 'replica ready',
  DB_PANIC: 'DB_PANIC',
  RSYNC_ERROR: 'rsync error',
  RSYNC_OK: 'rsync ok',
  SHADOW_MISSING: 'shadow record missing',
  RSA_KEY_MISSING: 'RSA key missing',
  HA_LINK: 'connected to ha-link',
  MY_ADDR: 'own address',
  PEER_ADDR: 'peer address'
}

export interface IncidentEvent extends LogEvent {
  t: number
  label: string
  /** a node became master after the other node had been: the role moved */
  failover: boolean
}

/** the incident's events, oldest first (the table shows them newest first) */
export function incidentEvents(events: readonly LogEvent[]): IncidentEvent[] {
  const sorted = events
    .filter((e) => e.at && INCIDENT_KINDS.has(e.kind) && !Number.isNaN(Date.parse(e.at)))
    .map((e) => ({ ...e, t: Date.parse(e.at as string) }))
    .sort((a, b) => a.t - b.t)
  let master: string | null = null
  return sorted.map((e) => {
    const failover = e.kind === 'MASTER' && master !== null && master !== e.node
    // the last master stays the reference through its stop: a MASTER on the other node after it is a failover
    if (e.kind === 'MASTER') master = e.node
    return { ...e, label: failover ? `failover → ${e.node} master` : (LABEL[e.kind] ?? e.kind), failover }
  })
}

/**
 * Label rows for one lane: each label (its left edge at `x` px, `width` px wide, centred on x) goes to the
 * first row whose last label ends before it starts (with a gap). Returns the row of each, in input order.
 */
export function labelRows(items: readonly { x: number; width: number }[], gap = 4): number[] {
  const order = items.map((it, i) => ({ ...it, i })).sort((a, b) => a.x - b.x)
  const ends: number[] = []
  const rows = new Array<number>(items.length).fill(0)
  for (const it of order) {
    const left = it.x - it.width / 2
    let row = ends.findIndex((end) => end + gap <= left)
    if (row === -1) {
      row = ends.length
      ends.push(0)
    }
    ends[row] = left + it.width
    rows[it.i] = row
  }
  return rows
}

/** the label width in px at the timeline's 10 px font (about 6.2 px a character plus padding) */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * 6.2) + 12
}

/** "Europe/Berlin (UTC+01:00)" for the zone the times are shown in */
export function zoneName(at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'
  const off = -at.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '−'
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')
  const mm = String(Math.abs(off) % 60).padStart(2, '0')
  return `${zone} (UTC${sign}${hh}:${mm})`
}
