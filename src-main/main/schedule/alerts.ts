/**
 * Verdict-change alerts: when a pair's verdict changes from its previous completed run (pass → fail,
 * fail → pass, …) a desktop notification names the checks that changed. Muted pairs and quiet windows
 * (either mode) stay silent; at most `perMinute` notifications a minute, the rest folded into one.
 */
import type { CheckId, CheckStatus } from '../../shared/domain/check'
import { notCheckedReason, type RunReport } from '../../shared/domain/run'
import type { DefaultSchedule, QuietWindow } from '../../shared/domain/schedule'
import type { DesktopNotification, NotificationHost } from '../platform/notify'
import { hostLocalTime, quietModeAt, type LocalTime } from './quiet-hours'
import type { Timers } from './scheduler'

export interface AlertPair {
  name: string
  notifyMuted?: boolean
  quietHours?: QuietWindow[] | null
}

export interface AlertDeps {
  host: () => NotificationHost | undefined
  pair(pairId: number): AlertPair | undefined
  defaults(): DefaultSchedule
  /** a click: open the pair (undefined: the fleet overview) */
  open(pairId: number | undefined): void
  now?: () => number
  timers?: Timers
  localTime?: (ms: number) => LocalTime
}

export interface CheckChange {
  id: CheckId
  from: CheckStatus | null
  to: CheckStatus
}

/** The checks whose status differs between two runs (new checks count as changed from null). */
export function changedChecks(previous: RunReport, report: RunReport): CheckChange[] {
  const before = new Map(previous.checks.map((c) => [c.id, c.status]))
  return report.checks.filter((c) => before.get(c.id) !== c.status).map((c) => ({ id: c.id, from: before.get(c.id) ?? null, to: c.status }))
}

/** why a run reached neither node (not an HA verdict), else undefined */
function notChecked(report: RunReport): string | undefined {
  return report.notChecked ?? notCheckedReason(report.nodes, report.state)
}

/** what a run says for alerts: its verdict, or "not checked" when it reached neither node */
export function alertVerdict(report: RunReport): string {
  return notChecked(report) ? 'not checked' : report.verdict
}

/** The notification text of a verdict change. */
export function verdictChangeNotification(pairId: number, name: string, previous: RunReport, report: RunReport): DesktopNotification {
  const title = `${name}: ${alertVerdict(previous)} → ${alertVerdict(report)}`
  // a run that reached neither node: its one reason, not every check it could not decide
  const why = notChecked(report)
  if (why) return { title, body: why, pairId }
  if (notChecked(previous) && report.verdict !== 'pass') {
    const bad = report.checks
      .filter((c) => c.status === 'fail' || c.status === 'warn' || c.status === 'unknown')
      .map((c) => `${c.id} (${c.status})`)
    return {
      title,
      body: bad.length ? `now: ${bad.slice(0, 6).join(', ')}${bad.length > 6 ? ` and ${bad.length - 6} more` : ''}` : 'checked again',
      pairId
    }
  }
  const changes = changedChecks(previous, report)
  const worse = changes.filter((c) => c.to === 'fail' || c.to === 'warn' || c.to === 'unknown')
  const better = changes.filter((c) => c.to === 'pass')
  const list = (cs: CheckChange[]): string =>
    cs
      .slice(0, 6)
      .map((c) => `${c.id} (${c.to})`)
      .join(', ') + (cs.length > 6 ? ` and ${cs.length - 6} more` : '')
  const lines = [
    worse.length ? `now: ${list(worse)}` : '',
    better.length
      ? `passing again: ${better
          .slice(0, 6)
          .map((c) => c.id)
          .join(', ')}${better.length > 6 ? ` and ${better.length - 6} more` : ''}`
      : ''
  ]
  return {
    title,
    body: lines.filter(Boolean).join('\n') || 'no single check changed',
    pairId
  }
}

const WINDOW_MS = 60_000

export class VerdictAlerts {
  readonly #deps: AlertDeps
  #sent: number[] = []
  #held: DesktopNotification[] = []
  #flush: unknown = undefined

  constructor(deps: AlertDeps) {
    this.#deps = deps
  }

  /** A finished run: notify when its verdict differs from the previous completed run's. */
  runFinished(pairId: number, report: RunReport, previous: RunReport | undefined): DesktopNotification | undefined {
    if (!previous || report.state !== 'completed' || alertVerdict(previous) === alertVerdict(report)) return undefined
    const pair = this.#deps.pair(pairId)
    if (!pair || pair.notifyMuted) return undefined
    const now = (this.#deps.now ?? Date.now)()
    const quiet = quietModeAt(pair.quietHours ?? this.#deps.defaults().quietHours, (this.#deps.localTime ?? hostLocalTime)(now))
    if (quiet) return undefined
    const n = verdictChangeNotification(pairId, pair.name, previous, report)
    this.#send(n, now)
    return n
  }

  dispose(): void {
    if (this.#flush !== undefined) {
      if (this.#deps.timers) this.#deps.timers.clearTimeout(this.#flush)
      else clearTimeout(this.#flush as ReturnType<typeof setTimeout>)
    }
    this.#flush = undefined
    this.#held = []
  }

  #send(n: DesktopNotification, now: number): void {
    this.#sent = this.#sent.filter((t) => t > now - WINDOW_MS)
    const limit = Math.max(1, this.#deps.defaults().notificationsPerMinute)
    if (this.#sent.length < limit) {
      this.#show(n, now)
      return
    }
    // over the limit: one summary when the window has room again
    this.#held.push(n)
    if (this.#flush === undefined) {
      const wait = Math.max(1, this.#sent[0] + WINDOW_MS - now)
      const fire = (): void => {
        this.#flush = undefined
        const held = this.#held
        this.#held = []
        if (held.length === 1) this.#show(held[0], (this.#deps.now ?? Date.now)())
        else if (held.length > 1) {
          const names = held.map((h) => h.title)
          this.#show(
            {
              title: `${held.length} pairs changed verdict`,
              body: names.slice(0, 8).join('\n') + (names.length > 8 ? `\n… and ${names.length - 8} more` : '')
            },
            (this.#deps.now ?? Date.now)()
          )
        }
      }
      this.#flush = this.#deps.timers ? this.#deps.timers.setTimeout(fire, wait) : setTimeout(fire, wait)
    }
  }

  #show(n: DesktopNotification, now: number): void {
    this.#sent.push(now)
    this.#deps.host()?.show(n, () => this.#deps.open(n.pairId))
  }
}
