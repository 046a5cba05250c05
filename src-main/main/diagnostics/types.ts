/**
 * What the probe collects from one node: the NodeFacts of the run report plus the line-level detail the
 * checks quote as evidence. Secrets never appear here: config values are fingerprinted by the parser and
 * the viewer record is reduced to fingerprints too.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { NodeFacts } from '../../shared/domain/run'
import type { NsmPaths } from '../../shared/domain/pair'
import type { HaLogFacts } from './parsers/halog'
import type { GuiLogFacts } from './parsers/guilog'
import type { DriftFacts } from './parsers/drift'
import type { AddressFacts } from './parsers/system'
import type { ViewerRecord } from './parsers/system'

export interface CollectContext {
  role: NodeRole
  host: string
  port: number
  paths: NsmPaths
  /** salt of the secret fingerprints (one per run or per pair; both nodes must use the same) */
  salt: string
  /** random marker of the section frames; default: a fresh random one per probe */
  nonce?: string
  /** channel timeout for the probe exec (default 120 s) */
  timeoutMs?: number
  signal?: AbortSignal
  /** local clock, for the clock offset (default Date.now) */
  now?: () => number
}

/** The names of the probe's framed sections, in emission order. */
export const SECTION_NAMES = [
  'identity',
  'cfg.haSvr',
  'cfg.guiSvr',
  'cfg.devSvr',
  'hastatus',
  'init-status',
  'ps',
  'version',
  'ssh-version',
  'rsync-version',
  'addresses',
  'passwd',
  'ping',
  'trust',
  'dodirect',
  'halog',
  'guilog',
  'guilog-rotated',
  'xdb-data',
  'xdb-log',
  'xdb-init',
  'df',
  'shared-disk',
  'drift',
  'viewer'
] as const
export type SectionName = (typeof SECTION_NAMES)[number]

export interface Section {
  name: SectionName
  /** the source shown as evidence: a file path or the command that ran */
  source: string
  /** exit code of the section's command; null when the section was cut off */
  rc: number | null
  text: string
  /** the end frame never arrived (probe died or output was cut) */
  truncated: boolean
}

/** Result of a command-like section (ping, trust test, tools). */
export interface CommandOutcome {
  source: string
  rc: number | null
  output: string
  /** the section was not run (e.g. nothing to ping) and why */
  skipped?: string
}

export interface NodeDetail {
  /** sections received (name → section); absent ones were never received */
  sections: Partial<Record<SectionName, Section>>
  /** sections that were expected but not received (probe died mid-output) */
  unreadable: SectionName[]
  uid?: number
  addresses?: AddressFacts
  passwd?: CommandOutcome & { entry?: string }
  ping?: CommandOutcome & { target?: string }
  trust?: CommandOutcome & { user?: string; peer?: string }
  sshVersion?: CommandOutcome
  rsyncVersion?: CommandOutcome
  dodirect?: { source: string; present: boolean; status?: 'SUCCESS' | 'FAIL'; line?: string; error?: string }
  haLog?: HaLogFacts
  guiLog?: GuiLogFacts
  sharedDisk?: CommandOutcome & { mountPoint?: string; mounted?: boolean }
  /** the DB viewer's record 0.shadow_server.2 (only on the node that ran it: the active one) */
  viewer?: CommandOutcome & { record?: ViewerRecord; notFound?: boolean; unrecognised?: string }
  /** the rsync dry run of the active node (rsync.drift); absent when the section was not received */
  drift?: DriftFacts
  /** the state haStatus gives the local server (running / standby / stopped ...) */
  localState?: string
  /** `<haInit> status` (LSB: `haSvr is running` exit 0 / `haSvr is stopped` exit 3) */
  initStatus?: CommandOutcome
  /** the process-table lines that name highAvail / highAvailSvr (the probe's own processes left out) */
  ps?: CommandOutcome & { lines: string[] }
}

export interface NodeCollection {
  facts: NodeFacts
  detail: NodeDetail
}
