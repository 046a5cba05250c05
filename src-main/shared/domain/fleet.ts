/** The fleet overview's data: one line per saved pair, live run events, the "Check all" batch. */
import type { CheckId, CheckStatus } from './check'
import type { DefaultSchedule, QuietWindow } from './schedule'
import type { ReadinessVerdict } from './readiness'

/** One saved pair with its newest completed run (FleetRepo.list, one statement for the whole fleet). */
export interface FleetRow {
  id: number
  name: string
  primary: string
  secondary: string
  tags: string[]
  /** newest completed run (null: never checked) */
  lastRunId: number | null
  lastVerdict: CheckStatus | null
  lastRunAt: string | null
  lastFinishedAt: string | null
  /** the newest completed run reached neither node: why (not an HA verdict; `lastVerdict` stays as stored) */
  notChecked: string | null
  /** from the newest run's facts (shared/domain/ha-state.ts): the node holding the master role, null = cannot tell */
  active: 'primary' | 'secondary' | 'both' | null
  /** haStatus db-repl of the newest run (e.g. in-sync, dirty), null = not read */
  replication: string | null
  /** verdicts of the newest completed runs that reached a node, oldest first */
  recent: CheckStatus[]
  /** check ids of the newest completed run, by status */
  failing: CheckId[]
  warning: CheckId[]
  unknown: CheckId[]
  /** failover readiness of the newest completed run (null: never checked, or a run stored without every status) */
  readiness: ReadinessVerdict | null
  /** the checks deciding the preconditions not met or not known */
  readinessReasons: CheckId[]
  scheduleMinutes: number | null
  quietHours: QuietWindow[] | null
  notifyMuted: boolean
}

/** A fleet line as the renderer gets it: plus whether it runs now and when it is next due. */
export interface FleetItem extends FleetRow {
  /** problems of the newest run an open acknowledgement covers ("fail (1 acknowledged)") */
  acknowledged: CheckId[]
  running: boolean
  demo: boolean
  /** next scheduled check (ISO), null when not scheduled */
  nextDueAt: string | null
}

export type FleetRunPhase = 'queued' | 'started' | 'progress' | 'finished' | 'failed' | 'skipped'

/** fleet:run — what happens to one pair's run, whoever started it (button, Check all, schedule). */
export interface FleetRunEvent {
  pairId: number
  phase: FleetRunPhase
  trigger?: 'manual' | 'check-all' | 'schedule' | 'cli'
  /** checks decided so far (progress) */
  done?: number
  total?: number
  /** finished: the run's verdict and state */
  verdict?: CheckStatus
  state?: string
  /** failed: why; skipped: already-running | cancelled | quiet-hours | still-running */
  reason?: string
}

/** fleet:batch — the "Check all" batch. */
export interface FleetBatchState {
  running: boolean
  total: number
  done: number
  cancelled: boolean
}

export type FleetSchedule = DefaultSchedule
