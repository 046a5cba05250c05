/**
 * Scheduled checks: a default schedule (app settings) and per-pair overrides (pairs table, migration 0005).
 * Pure data — used by main's scheduler, the IPC contract and the renderer's settings.
 */

/**
 * A quiet window, local time: `start`–`end` as HH:MM (end before start crosses midnight; equal = all day),
 * on `days` (0 = Sunday … 6; omitted = every day; a window crossing midnight belongs to the day it starts).
 * `skip`: the pair is not checked; `silent`: checked and recorded, but no notification.
 */
export interface QuietWindow {
  start: string
  end: string
  days?: number[]
  mode: 'skip' | 'silent'
}

/** The default for every pair without its own setting. */
export interface DefaultSchedule {
  /** check every N minutes; 0 = no scheduled checks */
  intervalMinutes: number
  quietHours: QuietWindow[]
  /** each due time moves by a random amount of up to this share of the interval (0–0.5) */
  jitter: number
  /** at most this many runs of the scheduler at once */
  concurrency: number
  /** at most this many notifications per minute (the rest are folded into one) */
  notificationsPerMinute: number
}

/** Per pair, as stored: undefined/null = use the default. */
export interface PairScheduleFields {
  /** null or omitted = the default interval; 0 = never scheduled; N = every N minutes */
  scheduleMinutes?: number | null
  /** null or omitted = the default's windows */
  quietHours?: QuietWindow[] | null
  /** no desktop notification for this pair */
  notifyMuted?: boolean
}

export const DEFAULT_SCHEDULE: DefaultSchedule = {
  intervalMinutes: 0,
  quietHours: [],
  jitter: 0.1,
  concurrency: 4,
  notificationsPerMinute: 3
}

export const MAX_SCHEDULE_MINUTES = 10080

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

/** Every problem of a quiet window list (empty when valid). */
export function quietWindowProblems(windows: unknown): string[] {
  if (!Array.isArray(windows)) return ['quiet hours must be a list']
  const problems: string[] = []
  windows.forEach((w: Partial<QuietWindow>, i) => {
    const at = `quiet window ${i + 1}`
    if (typeof w?.start !== 'string' || !HHMM.test(w.start)) problems.push(`${at}: start must be HH:MM`)
    if (typeof w?.end !== 'string' || !HHMM.test(w.end)) problems.push(`${at}: end must be HH:MM`)
    if (w?.mode !== 'skip' && w?.mode !== 'silent') problems.push(`${at}: mode must be skip or silent`)
    if (w?.days !== undefined && (!Array.isArray(w.days) || w.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)))
      problems.push(`${at}: days must be 0–6`)
  })
  return problems
}
