/**
 * Quiet hours: is a pair in a quiet window at a given local time, and in which mode. Pure functions; the
 * scheduler and the notifier ask them (clock and time zone injected through `LocalTime`).
 */
import type { QuietWindow } from '../../shared/domain/schedule'

/** A clock value as local weekday (0 = Sunday) and minute of the day. */
export interface LocalTime {
  day: number
  minutes: number
}

/** The host's local time of `ms` (tests inject their own). */
export function hostLocalTime(ms: number): LocalTime {
  const d = new Date(ms)
  return { day: d.getDay(), minutes: d.getHours() * 60 + d.getMinutes() }
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/** True when `t` falls in the window (end exclusive; a window crossing midnight belongs to its start day). */
export function inWindow(w: QuietWindow, t: LocalTime): boolean {
  const start = minutesOf(w.start)
  const end = minutesOf(w.end)
  const onDay = (day: number): boolean => !w.days || w.days.length === 0 || w.days.includes(day)
  if (start === end) return onDay(t.day)
  if (start < end) return onDay(t.day) && t.minutes >= start && t.minutes < end
  // crosses midnight: the evening part on its day, the morning part on the day after
  if (t.minutes >= start) return onDay(t.day)
  if (t.minutes < end) return onDay((t.day + 6) % 7)
  return false
}

/** The quiet mode at `t`: 'skip' (not checked) wins over 'silent' (checked, not alerted); null = none. */
export function quietModeAt(windows: readonly QuietWindow[] | null | undefined, t: LocalTime): 'skip' | 'silent' | null {
  let mode: 'skip' | 'silent' | null = null
  for (const w of windows ?? []) {
    if (!inWindow(w, t)) continue
    if (w.mode === 'skip') return 'skip'
    mode = 'silent'
  }
  return mode
}
