/**
 * Verdict-change notifications: sent on pass → fail and fail → pass with the changed checks, not for an
 * unchanged verdict, a muted pair or inside quiet hours; over the per-minute limit folded into one.
 */
import { describe, expect, it } from 'vitest'
import { VerdictAlerts } from '../../src-main/main/schedule/alerts'
import { RecordingNotifications } from '../../src-main/main/platform/notify'
import { DEFAULT_SCHEDULE, type QuietWindow } from '../../src-main/shared/domain/schedule'
import { reportWithSecrets } from '../history/fixture-report'
import type { Timers } from '../../src-main/main/schedule/scheduler'

const healthy = reportWithSecrets()
const broken = reportWithSecrets({ otpMismatch: true })

function setup(pair: { notifyMuted?: boolean; quietHours?: QuietWindow[] } = {}) {
  const host = new RecordingNotifications()
  const opened: (number | undefined)[] = []
  let now = Date.UTC(2026, 0, 5, 12, 0)
  const pending: (() => void)[] = []
  const timers: Timers = { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined }
  const alerts = new VerdictAlerts({
    host: () => host,
    pair: (id) => ({ name: `pair ${id}`, ...pair }),
    defaults: () => ({ ...DEFAULT_SCHEDULE, notificationsPerMinute: 2 }),
    open: (id) => opened.push(id),
    now: () => now,
    timers,
    localTime: (ms) => ({ day: new Date(ms).getUTCDay(), minutes: new Date(ms).getUTCHours() * 60 + new Date(ms).getUTCMinutes() })
  })
  return { host, opened, alerts, pending, later: (ms: number) => (now += ms) }
}

describe('verdict-change notifications', () => {
  it('pass → fail and fail → pass name the checks that changed; a click opens the pair', () => {
    const { host, opened, alerts } = setup()
    expect(alerts.runFinished(1, broken, healthy)).toBeDefined()
    expect(host.shown[0].title).toBe(`pair 1: ${healthy.verdict} → fail`)
    expect(host.shown[0].body).toContain('gui.one-time-password (fail)')
    alerts.runFinished(1, healthy, broken)
    expect(host.shown[1].body).toContain('passing again: gui.one-time-password')
    host.shown[1].click()
    expect(opened).toEqual([1])
  })

  it('a run that reached neither node says "not checked" with its one reason; a failing run after it is a change', () => {
    const down = (why: string) => ({ reachable: false, error: why, configs: {}, tools: {}, events: [] })
    const unreachable = {
      ...broken,
      verdict: 'fail' as const,
      nodes: {
        primary: { ...broken.nodes.primary, ...down('connect ECONNREFUSED') },
        secondary: { ...broken.nodes.secondary, ...down('connect ECONNREFUSED') }
      }
    }
    const { host, alerts } = setup()
    alerts.runFinished(1, unreachable, healthy)
    expect(host.shown[0].title).toBe(`pair 1: ${healthy.verdict} → not checked`)
    expect(host.shown[0].body).toBe('neither node reached: connect ECONNREFUSED')
    // same stored verdict (fail), but now an HA failure: notified
    expect(alerts.runFinished(1, broken, unreachable)).toBeDefined()
    expect(host.shown[1].title).toBe('pair 1: not checked → fail')
    expect(host.shown[1].body).toContain('gui.one-time-password (fail)')
    expect(alerts.runFinished(1, unreachable, unreachable)).toBeUndefined()
  })

  it('nothing for the same verdict, a first run, a muted pair or a quiet window', () => {
    expect(setup().alerts.runFinished(1, broken, broken)).toBeUndefined()
    expect(setup().alerts.runFinished(1, broken, undefined)).toBeUndefined()
    expect(setup({ notifyMuted: true }).alerts.runFinished(1, broken, healthy)).toBeUndefined()
    const quiet = setup({ quietHours: [{ start: '11:00', end: '13:00', mode: 'silent' }] })
    expect(quiet.alerts.runFinished(1, broken, healthy)).toBeUndefined()
    expect(quiet.host.shown).toEqual([])
  })

  it('over the per-minute limit the rest are folded into one summary', () => {
    const { host, alerts, pending } = setup()
    for (let id = 1; id <= 5; id++) alerts.runFinished(id, broken, healthy)
    expect(host.shown).toHaveLength(2)
    expect(pending).toHaveLength(1)
    pending[0]()
    expect(host.shown).toHaveLength(3)
    expect(host.shown[2].title).toBe('3 pairs changed verdict')
    expect(host.shown[2].pairId).toBeUndefined()
  })
})
