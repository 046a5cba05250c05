/**
 * The tray icon behind a small interface: Electron's Tray in the app (tray-electron.ts), a recorder in
 * the e2e bridge. Its state is the worst verdict of the fleet. Nothing here imports Electron.
 */
import type { CheckStatus } from '../../shared/domain/check'

export type TrayVerdict = 'pass' | 'warn' | 'fail' | 'unknown'

export interface TrayState {
  /** the worst newest verdict over all pairs (unknown: nothing checked yet) */
  verdict: TrayVerdict
  counts: Record<TrayVerdict, number>
  /** pairs with a run in progress */
  running: number
  /** one line per verdict with pairs, e.g. "NSM HA Doctor — 2 fail, 10 pass" */
  tooltip: string
}

export interface TrayHost {
  update(state: TrayState): void
  dispose(): void
}

const ORDER: readonly TrayVerdict[] = ['fail', 'unknown', 'warn', 'pass']

/** The tray state of a fleet: each pair's newest verdict (null = never checked), runs in progress. */
export function trayStateOf(verdicts: readonly (CheckStatus | null)[], running: number): TrayState {
  const counts: Record<TrayVerdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
  for (const v of verdicts) {
    if (v === 'pass' || v === 'skipped') counts.pass++
    else if (v === 'warn' || v === 'fail' || v === 'unknown') counts[v]++
  }
  const verdict = ORDER.find((v) => counts[v] > 0) ?? 'unknown'
  const parts = ORDER.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`)
  const tooltip = `NSM HA Doctor — ${parts.length ? parts.join(', ') : 'no pair checked yet'}${running ? ` · ${running} running` : ''}`
  return { verdict, counts, running, tooltip }
}

/** A tray that keeps every state it was given (tests and hosts without a tray). */
export class RecordingTray implements TrayHost {
  readonly states: TrayState[] = []
  disposed = false

  update(state: TrayState): void {
    this.states.push(state)
  }

  dispose(): void {
    this.disposed = true
  }
}
