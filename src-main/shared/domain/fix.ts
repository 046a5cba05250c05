/** The guided-fix contract of docs/contract.md: ids, what each remedies, how dangerous it is. */
import type { CheckResult } from './check'
import { FIX_IDS, type CheckId, type CheckStatus, type FixId, type NodeRole } from './ids'

export { FIX_IDS } from './ids'
export type { FixId } from './ids'

/** A node's part in a fix, shown by the wizard: `Source`/`Target`, `From`/`To`. */
export interface FixRole {
  label: string
  node: NodeRole
  what: string
}

export interface FixDefinition {
  id: FixId
  title: string
  /** the fix in a few words, for its log and messages ("re-sync", "failover") */
  shortName: string
  /** the options its recipe reads; the wizard shows a control for each */
  options: readonly (keyof FixOptions)[]
  /** which node plays which part, read from a plan built for this fix ([] when the nodes play the same part) */
  roles: (plan: FixPlan) => FixRole[]
  /** checks this fix is meant to turn green (re-run after it) */
  remedies: CheckId[]
  /** destructive fixes need the pair name typed as confirmation */
  destructive: boolean
  /** the KB11264 step it implements */
  step: number | null
}

const otherNode = (n: NodeRole): NodeRole => (n === 'primary' ? 'secondary' : 'primary')
const noRoles = (): FixRole[] => []

/** Every fix's definition, keyed by fix ID: the compiler rejects a fix without one. Order = FIX_IDS. */
export const FIX_DEFINITIONS = {
  'fix.enable-write-to-log': {
    title: 'Enable HA logging (highAvail.writetoLog y)',
    shortName: 'ha.log enabling',
    options: [],
    roles: noRoles,
    remedies: ['cfg.write-to-log'],
    destructive: false,
    step: 2
  },
  'fix.align-hmac-key': {
    title: 'Copy the HMAC key to the other node and restart HA',
    shortName: 'HMAC key alignment',
    options: ['sourceNode', 'waitSeconds'],
    roles: (plan) => {
      const s = plan.options.sourceNode
      if (!s) return []
      return [
        { label: 'Source', node: s, what: 'its HMAC key is kept and copied' },
        { label: 'Target', node: otherNode(s), what: 'its HMAC key is overwritten (haSvr.cfg backed up first)' }
      ]
    },
    remedies: ['cfg.hmac-key', 'ha.heartbeat'],
    destructive: false,
    step: 2
  },
  'fix.repair-ssh-trust': {
    title: 'Repair the SSH trust of the rsync user',
    shortName: 'ssh trust repair',
    options: [],
    roles: noRoles,
    remedies: ['ssh.trust'],
    destructive: false,
    step: 4
  },
  'fix.rerun-dodirect': {
    title: 'Re-run the initial rsync (.haDoDirect)',
    shortName: '.haDoDirect re-run',
    options: ['waitSeconds'],
    roles: noRoles,
    remedies: ['rsync.dodirect-result', 'rsync.ha-log-errors', 'rsync.drift'],
    destructive: false,
    step: 5
  },
  'fix.resync-standby': {
    title: 'Re-synchronise the standby database from the primary',
    shortName: 're-sync',
    options: ['targetNode', 'waitSeconds'],
    roles: (plan) => {
      const t = plan.options.targetNode ?? plan.backups[0]?.node ?? plan.steps.find((st) => st.kind === 'stop')?.node
      if (!t) return []
      return [
        { label: 'Source', node: otherNode(t), what: 'the active database, replicated from' },
        { label: 'Target', node: t, what: 'its xdb is moved aside and replicated again' }
      ]
    },
    remedies: ['db.panic', 'db.diverged', 'repl.secondary-startup', 'repl.logs-match'],
    destructive: true,
    step: 9
  },
  'fix.align-one-time-password': {
    title: 'Align the one-time password with the active database',
    shortName: 'one-time password alignment',
    options: ['waitSeconds'],
    roles: noRoles,
    remedies: ['gui.one-time-password'],
    destructive: true,
    step: 11
  },
  'fix.failover': {
    title: 'Normal failover to the standby',
    shortName: 'failover',
    options: ['waitSeconds'],
    roles: (plan) => {
      const a = plan.steps.find((st) => st.kind === 'stop')?.node
      if (!a) return []
      return [
        { label: 'From', node: a, what: 'active now: stopped, then rejoins as standby' },
        { label: 'To', node: otherNode(a), what: 'takes over as the active node' }
      ]
    },
    remedies: ['role.assignment'],
    destructive: true,
    step: 10
  },
  'fix.restart-ha': {
    title: 'Restart HA in order (active, then standby)',
    shortName: 'restart',
    options: ['waitSeconds'],
    roles: noRoles,
    remedies: ['ha.services', 'ha.heartbeat'],
    destructive: false,
    step: 1
  }
} satisfies Record<FixId, Omit<FixDefinition, 'id'>>

export const FIXES: readonly FixDefinition[] = FIX_IDS.map((id) => ({ id, ...FIX_DEFINITIONS[id] }))

const byId = new Map(FIXES.map((f) => [f.id, f]))

export function fixDefinition(id: FixId): FixDefinition {
  const def = byId.get(id)
  if (!def) throw new Error(`unknown fix id ${id}`)
  return def
}

export function isFixId(value: string): value is FixId {
  return byId.has(value as FixId)
}

// ---------------------------------------------------------------------------------------------------
// Fix plans and outcomes (additive). A plan is pure data: the UI previews it, the audit
// stores it, the executor runs it. Secrets never appear in a plan, an outcome or the audit.
// ---------------------------------------------------------------------------------------------------

/** How a precondition's live output is judged (the evaluator lives in main/fixes/preconditions.ts). */
export type PreconditionKind =
  | 'ha-state' // haStatus Local Server state is / is not one of params.states
  | 'ha-processes' // highAvail and highAvailSvr started
  | 'repl-in-sync' // db-repl:in-sync on the Local and Peer lines
  | 'peer-ok' // Peer Server line not timed-out / error
  | 'disk-room' // df: available KiB >= params.needKiB
  | 'cfg-value' // a config value equals params.expected (non-secret) — or is set (params.set)
  | 'writable' // prints "writable"
  | 'exit-zero' // the command exits 0
  | 'static' // decided at plan time, no command (e.g. a value read from the server is unsafe)

export interface FixPrecondition {
  id: string
  /** what must hold, e.g. "target node is the standby" */
  description: string
  /** the refusal in words when it does not hold, e.g. "target node is the active node" */
  refusal: string
  node?: NodeRole
  kind: PreconditionKind
  /** the exact command run live on `node` just before execution (absent for `static`) */
  command?: string
  params?: Record<string, string | number | boolean | string[]>
  /** the value measured when the plan was built, e.g. "haStatus: standby" */
  measured: string
  ok: boolean
}

export type FixStepKind = 'backup' | 'stop' | 'start' | 'change' | 'verify' | 'wait' | 'read'

export interface FixStep {
  id: string
  node: NodeRole
  kind: FixStepKind
  title: string
  /** the EXACT command sent to the node's shell (what the preview shows) */
  command: string
  timeoutMs: number
  /** stdout of this step is captured for a later step: `public` (e.g. a public key: shown) or `secret`
   * (never shown, stored, streamed or audited: only a fingerprint) */
  capture?: { name: string; kind: 'public' | 'secret'; pattern: string }
  /** stdin of this step is a value captured by an earlier step */
  stdinFrom?: string
  /** runs even after an earlier step failed (puts services back) */
  always?: boolean
  /** the state of the pair once this step has succeeded (for "state left") */
  leaves: string
}

export interface FixBackup {
  node: NodeRole
  what: string
  from: string
  to: string
  method: 'copy' | 'move' | 'delete'
}

export interface FixPlan {
  schema: 1
  fixId: FixId
  title: string
  step: number | null
  createdAt: string
  pair: { id?: number; name: string; primary: string; secondary: string }
  /** the run the plan was built from */
  runStartedAt?: string
  options: FixOptions
  /** false when the plan cannot run as built (a static precondition failed); see `blockers` */
  ready: boolean
  blockers: string[]
  preconditions: FixPrecondition[]
  backups: FixBackup[]
  steps: FixStep[]
  /** what is destroyed, in words ([] when nothing is) */
  destroys: string[]
  destructive: boolean
  /** text the admin must type for a destructive fix (the pair name), else null */
  confirmationRequired: string | null
  /** backups cannot be kept (no disk room): deleting needs the explicit acknowledgement */
  deleteAcknowledgementRequired: boolean
  /** checks re-run afterwards and expected to pass */
  recheck: CheckId[]
  notes: string[]
  /** fixes offered as the next step once this one has succeeded */
  next?: FixNext[]
  /** timestamp used in backup names: YYYYMMDD-HHMMSS */
  stamp: string
}

export interface FixOptions {
  /** align-hmac-key: the node whose key is copied */
  sourceNode?: NodeRole
  /** resync-standby: the node to re-sync (default: the standby of the latest run) */
  targetNode?: NodeRole
  /** seconds to follow replication / wait for a take-over (default 120) */
  waitSeconds?: number
}

export type FixOutcomeStatus = 'succeeded' | 'failed' | 'refused' | 'cancelled'

export interface FixStepOutcome {
  stepId: string
  node: NodeRole
  title: string
  command: string
  status: 'ok' | 'failed' | 'skipped'
  exitCode: number | null
  /** output with secrets masked */
  output: string
  startedAt: string
  durationMs: number
}

/** A fix offered as the next step after another one (e.g. restart HA so a changed setting takes effect). */
export interface FixNext {
  fixId: FixId
  reason: string
}

/**
 * The line fix.enable-write-to-log appends to haSvr.cfg after setting `highAvail.writetoLog y`, with the
 * node's clock (`date +%s`): HA reads the setting when it starts, so until its next start there is no
 * ha.log to read. The check rsync.ha-log-errors reads it back (writeToLogEnabledAt).
 */
export const WRITE_TO_LOG_MARK = '# nsm-ha-doctor: highAvail.writetoLog y set at'

/** The node-clock time (ms) and 1-based line of the last WRITE_TO_LOG_MARK line in a haSvr.cfg text. */
export function writeToLogEnabledAt(cfgText: string): { atMs: number; line: number; text: string } | undefined {
  let found: { atMs: number; line: number; text: string } | undefined
  cfgText.split(/\r?\n/).forEach((l, i) => {
    if (!l.startsWith(WRITE_TO_LOG_MARK)) return
    const sec = /^ (\d{9,11})\b/.exec(l.slice(WRITE_TO_LOG_MARK.length))?.[1]
    if (sec) found = { atMs: Number(sec) * 1000, line: i + 1, text: l }
  })
  return found
}

export interface FixRecheck {
  checks: CheckResult[]
  /** the plan's recheck ids that are not pass/skipped (warn counts as not passed) */
  stillFailing: CheckId[]
  /** checks that were pass/skipped before the fix and are not now */
  regressions: CheckId[]
  verdict: CheckStatus
}

export interface FixOutcome {
  fixId: FixId
  status: FixOutcomeStatus
  /** one line: why it was refused / where it failed / "done" */
  message: string
  refusal?: { precondition: string; measured: string }
  steps: FixStepOutcome[]
  /** exactly what state the pair was left in */
  stateLeft: string
  recheck?: FixRecheck
  /** the next step(s) to offer: the plan's `next` when the fix succeeded */
  next?: FixNext[]
  startedAt: string
  finishedAt: string
  auditId?: number | string
}
