/**
 * Acknowledgements: a known problem of a pair (a failing, warning or unknown check) acknowledged with a
 * reason and an expiry of at most 30 days. An acknowledged result is shown as such (run view, fleet,
 * reports), does not notify and does not colour the tray; exit codes and metrics leave it out only with
 * `--honour-acks`. It ends by itself when it expires, when the check passes, or when the check's summary
 * changes (a different failure re-arms the alert). Pure types and functions, shared by main, CLI and UI.
 */
import { worstStatus } from './run'
import { countStatuses, type CheckId, type CheckResult, type CheckStatus, type StatusCounts } from './check'

export const ACK_STATUSES = ['fail', 'warn', 'unknown'] as const
export type AckStatus = (typeof ACK_STATUSES)[number]

export const ACK_END_REASONS = ['expired', 'passed', 'summary-changed', 'removed', 'replaced'] as const
export type AckEndReason = (typeof ACK_END_REASONS)[number]

/** The longest acknowledgement: 30 days. */
export const MAX_ACK_MS = 30 * 24 * 3600 * 1000
export const MAX_ACK_REASON = 500

export interface Ack {
  id: number
  pairName: string
  checkId: CheckId
  /** the status acknowledged */
  status: AckStatus
  /** the summary acknowledged: a different summary ends the acknowledgement */
  summary: string
  reason: string
  runId?: number
  by: string
  at: string
  expiresAt: string
  ended?: { at: string; by: string; reason: AckEndReason; note?: string }
}

/** What an acknowledged result carries (the `acknowledged` field of a check in a report). */
export interface AckMark {
  id: number
  reason: string
  by: string
  at: string
  expiresAt: string
}

/** `7d`, `12h`, `90m` (also `2d12h`) → milliseconds; a one-line reason when it is not one or over 30 days. */
export function parseAckDuration(text: string): number {
  const t = text.trim()
  const m = /^(?:(\d{1,3})d)?(?:(\d{1,4})h)?(?:(\d{1,6})m)?$/.exec(t)
  if (!t || !m || (m[1] === undefined && m[2] === undefined && m[3] === undefined))
    throw new Error(`duration "${text.slice(0, 40)}" not understood: use days or hours, e.g. 7d or 12h`)
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000
  if (ms <= 0) throw new Error('the duration must be more than zero')
  if (ms > MAX_ACK_MS) throw new Error(`an acknowledgement lasts at most 30 days (got ${t})`)
  return ms
}

/** The acknowledgement's words for a check row: "acknowledged by X until D: reason". */
export function ackText(a: Pick<AckMark, 'by' | 'expiresAt' | 'reason'>): string {
  return `acknowledged by ${a.by} until ${a.expiresAt}: ${a.reason}`
}

/** Does this open acknowledgement still cover this result (same check, still not passing, same summary)? */
export function ackCovers(a: Pick<Ack, 'checkId' | 'summary'>, r: Pick<CheckResult, 'id' | 'status' | 'summary'>): boolean {
  return a.checkId === r.id && (ACK_STATUSES as readonly CheckStatus[]).includes(r.status) && a.summary === r.summary
}

/** The checks with `acknowledged` set where an open acknowledgement covers them (a new array; input untouched). */
export function markAcknowledged<C extends Pick<CheckResult, 'id' | 'status' | 'summary'> & { acknowledged?: AckMark }>(
  checks: readonly C[],
  acks: readonly Ack[]
): C[] {
  return checks.map((c) => {
    const a = acks.find((x) => !x.ended && ackCovers(x, c))
    const { acknowledged: _old, ...rest } = c
    return a ? ({ ...rest, acknowledged: { id: a.id, reason: a.reason, by: a.by, at: a.at, expiresAt: a.expiresAt } } as C) : (rest as C)
  })
}

/** Counts that leave acknowledged results out (`--honour-acks`): they count as neither problem nor pass. */
export function countHonouringAcks(checks: readonly (Pick<CheckResult, 'status'> & { acknowledged?: AckMark })[]): StatusCounts {
  return countStatuses(checks.filter((c) => !c.acknowledged))
}

/** "fail (1 acknowledged)" for the fleet: the verdict and how many of its problems are acknowledged. */
export function verdictWithAcks(verdict: CheckStatus | null, acknowledged: number): string {
  if (!verdict) return 'never checked'
  return acknowledged > 0 ? `${verdict} (${acknowledged} acknowledged)` : verdict
}

/** The verdict of a run leaving acknowledged results out (the worst of the rest, as a run's verdict is). */
export function verdictLeavingAcknowledged(checks: readonly (Pick<CheckResult, 'status'> & { acknowledged?: AckMark })[]): CheckStatus {
  return worstStatus(checks.filter((c) => !c.acknowledged).map((c) => c.status))
}
