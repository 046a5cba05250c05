/** The guided-fix contract of ../shared/spec/checks.md: ids, what each remedies, how dangerous it is. */
import type { CheckId } from './check'

export const FIX_IDS = [
  'fix.enable-write-to-log',
  'fix.align-hmac-key',
  'fix.repair-ssh-trust',
  'fix.rerun-dodirect',
  'fix.resync-standby',
  'fix.align-one-time-password',
  'fix.failover',
  'fix.restart-ha'
] as const
export type FixId = (typeof FIX_IDS)[number]

export interface FixDefinition {
  id: FixId
  title: string
  /** checks this fix is meant to turn green (re-run after it) */
  remedies: CheckId[]
  /** destructive fixes need the pair name typed as confirmation */
  destructive: boolean
  /** the KB11264 step it implements */
  step: number | null
}

export const FIXES: readonly FixDefinition[] = [
  {
    id: 'fix.enable-write-to-log',
    title: 'Enable HA logging (highAvail.writetoLog y)',
    remedies: ['cfg.write-to-log'],
    destructive: false,
    step: 2
  },
  {
    id: 'fix.align-hmac-key',
    title: 'Copy the HMAC key to the other node and restart HA',
    remedies: ['cfg.hmac-key', 'ha.heartbeat'],
    destructive: false,
    step: 2
  },
  {
    id: 'fix.repair-ssh-trust',
    title: 'Repair the SSH trust of the rsync user',
    remedies: ['ssh.trust'],
    destructive: false,
    step: 4
  },
  {
    id: 'fix.rerun-dodirect',
    title: 'Re-run the initial rsync (.haDoDirect)',
    remedies: ['rsync.dodirect-result', 'rsync.ha-log-errors'],
    destructive: false,
    step: 5
  },
  {
    id: 'fix.resync-standby',
    title: 'Re-synchronise the standby database from the primary',
    remedies: ['db.panic', 'db.diverged', 'repl.secondary-startup', 'repl.logs-match'],
    destructive: true,
    step: 9
  },
  {
    id: 'fix.align-one-time-password',
    title: 'Align the one-time password with the active database',
    remedies: ['gui.one-time-password'],
    destructive: true,
    step: 11
  },
  {
    id: 'fix.failover',
    title: 'Normal failover to the standby',
    remedies: ['role.assignment'],
    destructive: true,
    step: 10
  },
  {
    id: 'fix.restart-ha',
    title: 'Restart HA in order (active, then standby)',
    remedies: ['ha.services', 'ha.heartbeat'],
    destructive: false,
    step: 1
  }
]

const byId = new Map(FIXES.map((f) => [f.id, f]))

export function fixDefinition(id: FixId): FixDefinition {
  const def = byId.get(id)
  if (!def) throw new Error(`unknown fix id ${id}`)
  return def
}

export function isFixId(value: string): value is FixId {
  return byId.has(value as FixId)
}
