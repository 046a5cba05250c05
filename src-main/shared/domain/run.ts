/**
 * What a run collects and reports. `RunReport` is the `--format json` object of the CLI
 * (schema 1 in docs/contract.md) and what history stores and the UI draws.
 */
import { STATUS_SEVERITY, type CheckResult, type CheckStatus, type NodeRole, type StatusCounts } from './check'
import type { NsmPaths, PairConfig } from './pair'

/** One `key value` entry of an NSM .cfg file; secret values are replaced by a fingerprint. */
export interface ConfigEntry {
  key: string
  value: string
  line: number
  secret: boolean
}

export interface ConfigFile {
  path: string
  entries: ConfigEntry[]
  /** keys that appear more than once (last one wins) */
  duplicates: string[]
  /** file text with secret values masked, for the raw diff */
  redactedText: string
  /** why it could not be read, one line */
  error?: string
  /** read, but none of the file's own keys was found: a format not recognised (`error` says so) */
  unrecognised?: boolean
}

export type ConfigName = 'haSvr.cfg' | 'guiSvr.cfg' | 'devSvr.cfg'

export type LogEventKind =
  | 'START'
  | 'HA_LINK'
  | 'MY_ADDR'
  | 'PEER_ADDR'
  | 'MASTER'
  | 'CLIENT'
  | 'NEWMASTER'
  | 'STARTUPDONE'
  | 'DB_PANIC'
  | 'SHADOW_MISSING'
  | 'RSA_KEY_MISSING'
  | 'RSYNC_ERROR'
  | 'RSYNC_OK'
  | 'HA_EVENT'
  /** guiSvrManager stopping / shutdown: the node has no current role after it */
  | 'STOP'

export interface LogEvent {
  node: NodeRole
  kind: LogEventKind
  /** ISO time when the line carries a readable timestamp */
  at?: string
  source: string
  line: number
  text: string
  /** k when read from the rotated guiDaemon.k (`source`, `line` are in that file); absent for the current file */
  rotated?: number
  /** the file was read from this byte to its end (a large log read from the end): `line` counts from there; absent: from the file's first line */
  fromByte?: number
}

export interface HaStatusLine {
  addr?: string
  state: string
  network?: string
  repl?: string
  raw: string
}

export interface HaStatusFacts {
  local?: HaStatusLine
  peer?: HaStatusLine
  /** process name → started/stopped/... (running-like words read as started, stopped-like as stopped) */
  processes: Record<string, string>
  /** process name → the haStatus line its state came from, in whatever wording it had */
  processLines?: Record<string, string>
  exitCode: number
  error?: string
  /** false when the output holds none of haStatus' tokens (no Local/Peer Server line, no process line) */
  recognised?: boolean
}

export interface XdbFacts {
  dataFiles: number
  dataBytes: number
  logFiles: { name: string; size: number }[]
  initFiles: number
  error?: string
}

export interface NodeFacts {
  role: NodeRole
  host: string
  port: number
  reachable: boolean
  /** one-line reason when the node could not be read (whole or in part) */
  error?: string
  /** the connection was refused for a host key (of the node or its jump host): not pinned yet, or CHANGED */
  hostKeyProblem?: 'unknown' | 'changed'
  hostKeySha256?: string
  hostname?: string
  /** node clock at collection, epoch ms, and the measured offset to the local clock */
  clockMs?: number
  clockOffsetMs?: number
  nsmVersion?: string
  loginUser?: string
  haStatus?: HaStatusFacts
  configs: Partial<Record<ConfigName, ConfigFile>>
  tools: { ssh?: string; rsync?: string }
  disk?: { mount: string; usedPct: number; availBytes: number; sizeBytes: number }
  xdb?: XdbFacts
  events: LogEvent[]
  /** bytes received from this node for the run */
  wireBytes?: number
  /** the facts were read from a file collected by hand (probe-script), not over SSH: its name and SHA-256 */
  collected?: { offline: true; file: string; sha256: string; bytes: number; probe: string }
  /** output the parsers did not recognise (section, source, first lines; secrets masked), for the support bundle */
  unrecognised?: { section: string; source: string; excerpt: string }[]
  /** set when the stored facts were cut to the history's bound (what was cut, in words) */
  storedCut?: string
}

export type RunState = 'running' | 'completed' | 'interrupted' | 'cancelled'

export interface PairSummary {
  id?: number
  name: string
  primary: { host: string; port: number; user: string }
  secondary: { host: string; port: number; user: string }
  paths: NsmPaths
}

/** The worst of some statuses (a run's verdict is the worst of its checks'); `skipped` when there are none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'skipped'
  for (const s of statuses) if (STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s
  return worst
}

/** The pair as a run report carries it: name, endpoints and paths (no salt, no auth, no jump host). */
export function pairSummary(pair: PairConfig): PairSummary {
  return {
    ...(pair.id !== undefined ? { id: pair.id } : {}),
    name: pair.name,
    primary: { host: pair.primary.host, port: pair.primary.port, user: pair.primary.user },
    secondary: { host: pair.secondary.host, port: pair.secondary.port, user: pair.secondary.user },
    paths: pair.paths
  }
}

export interface RunReport {
  schema: 1
  runId?: number
  startedAt: string
  finishedAt: string
  state: RunState
  /** who ran it (OS user@host of the app/CLI) */
  by?: string
  pair: PairSummary
  nodes: Record<NodeRole, NodeFacts>
  checks: CheckResult[]
  summary: StatusCounts
  verdict: CheckStatus
  /**
   * Set when the run reached neither node (host key refused, node unreachable, login refused): the pair was
   * not checked at all, `reason` says why once. The checks, summary and verdict stay as the engine made them
   * (exit code 3); fleet, history trends, the tray and the run view treat such a run as "not checked", not as
   * an HA failure. Derivable from `nodes` (see notCheckedReason), so runs read back from history carry it too.
   */
  notChecked?: string
}

/** Why a run reached neither node (one line, the reason once when both nodes share it), else undefined. */
export function notCheckedReason(nodes: Record<NodeRole, Pick<NodeFacts, 'reachable' | 'error'>>, state?: RunState): string | undefined {
  if (state === 'cancelled' || state === 'running') return undefined
  const { primary, secondary } = nodes
  if (!primary || !secondary || primary.reachable || secondary.reachable) return undefined
  const p = primary.error ?? 'not reachable'
  const s = secondary.error ?? 'not reachable'
  return p === s ? `neither node reached: ${p}` : `neither node reached: primary ${p}; secondary ${s}`
}

export type RunProgress =
  | { type: 'node'; role: NodeRole; phase: 'connecting' | 'connected' | 'collected' | 'failed'; message: string }
  | { type: 'check'; result: CheckResult; done: number; total: number }
  | { type: 'done'; report: RunReport }
