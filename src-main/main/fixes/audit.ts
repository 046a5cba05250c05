/**
 * What the fix executor writes to the audit (the fix_audit table: one row per execution, refusals
 * included) and asks it (the same fix on the same pair recently). Secrets never reach an entry: the plan
 * holds none and outputs are masked.
 */
import type { FixId, FixOutcomeStatus, FixPlan } from '../../shared/domain/fix'

export interface FixAuditEntry {
  pairId?: number
  pairName: string
  fixId: FixId
  startedAt: string
  finishedAt: string
  /** OS user@host of the app/CLI */
  by: string
  plan: FixPlan
  /** what the admin confirmed: typed pair name, acknowledgements (never a secret) */
  confirmation: string
  /** all step output, masked, with step headers */
  output: string
  result: FixOutcomeStatus
  stateLeft: string
}

export interface FixAuditSink {
  record(entry: FixAuditEntry): number | string | void | Promise<number | string | void>
  /** replace a row recorded earlier: a row is written when the steps start and completed at the end, so a
   * crash mid-fix still leaves "in progress" in the audit */
  update?(id: number, entry: FixAuditEntry): void | Promise<void>
  /** executions of `fixId` on the pair (id when saved, else name) started at or after `sinceMs` */
  recent(pair: number | string, fixId: FixId, sinceMs: number): readonly unknown[] | Promise<readonly unknown[]>
}

/** In-memory audit (tests, or when no database is open). */
export class MemoryFixAudit implements FixAuditSink {
  readonly entries: FixAuditEntry[] = []
  record(entry: FixAuditEntry): number {
    this.entries.push(structuredClone(entry))
    return this.entries.length
  }
  update(id: number, entry: FixAuditEntry): void {
    this.entries[id - 1] = structuredClone(entry)
  }
  recent(pair: number | string, fixId: FixId, sinceMs: number): FixAuditEntry[] {
    return this.entries.filter((e) => (e.pairId === pair || e.pairName === pair) && e.fixId === fixId && Date.parse(e.startedAt) >= sinceMs)
  }
}

export const REPEAT_WINDOW_MS = 10 * 60_000
