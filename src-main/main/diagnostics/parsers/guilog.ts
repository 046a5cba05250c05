/**
 * guiDaemon.0 events (docs/nsm-formats.md A-6). The probe greps the log on the server and sends, per event
 * kind, only the last few matching lines as `<lineNo>:<text>` plus `0:#count <KIND> <n>` totals, so the
 * size of the log never changes what crosses the wire by more than a few KB.
 */
import type { NodeRole } from '../../../shared/domain/check'
import type { LogEvent, LogEventKind } from '../../../shared/domain/run'
import { cutText, EVIDENCE_CAP } from '../cut'
import { parseLogTime, toIso, type TimeContext } from './time'

export interface GuiLogFacts {
  source: string
  present: boolean
  sizeBytes?: number
  /** events in line order */
  events: LogEvent[]
  /** matches per kind in the whole file (not only those sent) */
  counts: Partial<Record<LogEventKind, number>>
  error?: string
  /** the log holds none of the expected lines and does not look like a log: its first lines (`#raw`) */
  unrecognised?: string[]
  /** rotated files read back (guiDaemon.1, .2 …, newest first) because guiDaemon.0 holds no start */
  rotated?: RotatedLogFacts[]
  /** a large guiDaemon.0 was read from this byte to its end (events' `line` counts from there; `counts` are of that part) */
  fromByte?: number
  /** a large guiDaemon.0 read whole, and why (the node lacks the tool to read it from the end) */
  readWhole?: string
}

/** One rotated guiDaemon file the probe searched. */
export interface RotatedLogFacts {
  source: string
  /** k of guiDaemon.k */
  index: number
  sizeBytes?: number
  error?: string
  counts: Partial<Record<LogEventKind, number>>
}

/**
 * a stop of the servers: the server's name right before the stop word (the simulator writes `guiSvrManager
 * stopping`; `GuiSvr shutdown complete`, `haSvr stopped`, `[guiSvrManager] shutting down` accepted), so a line
 * that only mentions something else stopping (`[guiSvrManager] … replication stopped`) is not a stop
 */
const STOP_RE =
  /\b(?:guiSvrManager|guiSvr|haSvr|highAvail)[\] :,)-]*(?:is )?(?:stopping|stopped|shutting down|shut ?down|exiting|terminat(?:ing|ed))\b/i

const RULES: [LogEventKind, RegExp][] = [
  ['START', /guiSvrManager starting/i],
  ['STOP', STOP_RE],
  ['HA_LINK', /connectionMgr connected to ha-link/i],
  ['MY_ADDR', /myAddr\s*=/],
  ['PEER_ADDR', /peerAddr\s*=/],
  ['NEWMASTER', /\bevent\s+DB_EVENT_REP_NEWMASTER\b/],
  ['STARTUPDONE', /\bevent\s+DB_EVENT_(?:REP_)?STARTUPDONE\b/],
  ['MASTER', /\bevent\s+DB_EVENT_REP_MASTER\b/],
  ['CLIENT', /\bevent\s+DB_EVENT_REP_CLIENT\b/],
  ['DB_PANIC', /DB_PANIC/],
  ['SHADOW_MISSING', /getXdbObjById\s*\(.*shadow_server.*id\s*\(\s*2\s*\).*failed/i],
  ['RSA_KEY_MISSING', /ourRsaPrivateKey is missing/i]
]

export function classifyGuiLine(text: string): LogEventKind | undefined {
  for (const [kind, re] of RULES) if (re.test(text)) return kind
  return undefined
}

/** The ERE the probe greps with (a superset of RULES). */
export const GUI_GREP_ERE =
  'guiSvrManager starting|connected to ha-link|myAddr *=|peerAddr *=|DB_EVENT_|DB_PANIC|shadow_server|ourRsaPrivateKey is missing|[Ss]topping|[Ss]topped|[Ss]hut ?down|[Ss]hutting down|[Ee]xiting|[Tt]erminat'

/** awk program: keep the last `k` lines per kind, count all; the kinds mirror RULES. */
export const GUI_AWK_KINDS: [string, string][] = [
  ['START', 'guiSvrManager starting'],
  [
    'STOP',
    '(guiSvrManager|[Gg]ui[Ss]vr|haSvr|highAvail)[] :,)-]*(is )?([Ss]topping|[Ss]topped|[Ss]hutting down|[Ss]hut ?down|[Ee]xiting|[Tt]erminat)'
  ],
  ['HA_LINK', 'connected to ha-link'],
  ['MY_ADDR', 'myAddr *='],
  ['PEER_ADDR', 'peerAddr *='],
  ['NEWMASTER', 'event +DB_EVENT_REP_NEWMASTER'],
  ['STARTUPDONE', 'event +DB_EVENT_(REP_)?STARTUPDONE'],
  ['MASTER', 'event +DB_EVENT_REP_MASTER'],
  ['CLIENT', 'event +DB_EVENT_REP_CLIENT'],
  ['DB_PANIC', 'DB_PANIC'],
  ['SHADOW_MISSING', 'shadow_server'],
  ['RSA_KEY_MISSING', 'ourRsaPrivateKey is missing']
]

export function parseGuiLog(text: string, opts: { node: NodeRole; source: string; time?: TimeContext }): GuiLogFacts {
  const facts: GuiLogFacts = { source: opts.source, present: false, events: [], counts: {} }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '')
    if (line.startsWith('path=')) {
      facts.source = line.slice(5)
      continue
    }
    if (line.startsWith('size=')) {
      facts.present = true
      const n = Number(line.slice(5).trim())
      if (Number.isFinite(n)) facts.sizeBytes = n
      continue
    }
    if (line.startsWith('window=')) {
      const w = /^window=(\d{1,20})$/.exec(line)
      if (w) facts.fromByte = Number(w[1])
      else if (line.startsWith('window=whole (')) facts.readWhole = line.slice('window=whole ('.length).replace(/\)$/, '')
      continue
    }
    if (line.startsWith('missing') || line.startsWith('not readable') || line.startsWith('timed out reading')) {
      facts.error = line
      continue
    }
    const m = /^(\d+):(.*)$/.exec(line)
    if (!m) continue
    const lineNo = Number(m[1])
    const body = m[2]
    if (lineNo === 0) {
      const c = /^#count\s+(\S+)\s+(\d+)/.exec(body)
      if (c) facts.counts[c[1] as LogEventKind] = Number(c[2])
      else if (body === '#unrecognised') facts.unrecognised ??= []
      else if (body.startsWith('#raw ')) (facts.unrecognised ??= []).push(body.slice(5))
      continue
    }
    const kind = classifyGuiLine(body)
    if (!kind) continue
    facts.events.push({
      node: opts.node,
      kind,
      at: toIso(parseLogTime(body, opts.time)),
      source: facts.source,
      line: lineNo,
      text: cutText(body, EVIDENCE_CAP)
    })
  }
  facts.events.sort((a, b) => a.line - b.line)
  for (const e of facts.events) {
    e.source = facts.source
    if (facts.fromByte !== undefined) e.fromByte = facts.fromByte
  }
  // blank lines only (a log just rotated): an empty log, not one in a format we do not read
  if (facts.unrecognised?.every((l) => !l.trim())) delete facts.unrecognised
  return facts
}

/**
 * Where an event sits in the node's log history: its line in guiDaemon.0, or before all of guiDaemon.0
 * when it was read from a rotated guiDaemon.k (older the higher k). Compare events with this, not `line`.
 */
export function eventOrder(e: LogEvent): number {
  return e.line - (e.rotated ?? 0) * 1e9
}

/**
 * Where an event's line is, as a summary names it: `line N`, or `line N from byte B` when its file was read from byte B
 * to its end (N counted from there, line 1 being the rest of the line byte B falls in): never a line number the probe did not count.
 */
export function lineRef(e: Pick<LogEvent, 'line' | 'fromByte'>): string {
  return e.fromByte !== undefined ? `line ${e.line} from byte ${e.fromByte}` : `line ${e.line}`
}

/** The file an event's `line` counts in, as evidence names it: the path, and `from byte B` for a file read from its end. */
export function eventSource(e: Pick<LogEvent, 'source' | 'fromByte'>): string {
  return e.fromByte !== undefined ? `${e.source} from byte ${e.fromByte}` : e.source
}

/** The last `guiSvrManager starting` event, wherever it was read (undefined when none was seen). */
export function lastStart(events: readonly LogEvent[]): LogEvent | undefined {
  let last: LogEvent | undefined
  for (const e of events) if (e.kind === 'START' && (!last || eventOrder(e) > eventOrder(last))) last = e
  return last
}

/** Line of the last `guiSvrManager starting` in its own file (0 when none was seen). */
export function lastStartLine(events: readonly LogEvent[]): number {
  return lastStart(events)?.line ?? 0
}

export function eventsSinceStart(events: readonly LogEvent[]): LogEvent[] {
  const start = lastStart(events)
  if (!start) return [...events]
  const from = eventOrder(start)
  return events.filter((e) => eventOrder(e) >= from)
}

/** The value after `myAddr =` / `peerAddr =`. */
export function addrOf(event: LogEvent): string | undefined {
  return /(?:myAddr|peerAddr)\s*=\s*([^\s,;]+)/.exec(event.text)?.[1]
}
