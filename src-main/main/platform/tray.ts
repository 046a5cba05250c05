/**
 * The tray icon behind a small interface: Electron's Tray in the app (electron/platform/tray-electron.ts), a recorder in
 * the e2e bridge. Its state is the worst verdict of the fleet. Nothing here imports Electron.
 */
import type { CheckId, CheckStatus } from '../../shared/domain/check'
import type { Ack } from '../../shared/domain/ack'
import type { FleetItem, FleetRow } from '../../shared/domain/fleet'
import type { ReadinessVerdict } from '../../shared/domain/readiness'

export type TrayVerdict = 'pass' | 'warn' | 'fail' | 'unknown'

export interface TrayState {
  /** the worst newest verdict over all pairs (unknown: nothing checked yet) */
  verdict: TrayVerdict
  counts: Record<TrayVerdict, number>
  /** pairs whose newest run reached neither node: not an HA verdict, shown with the unknown icon, never as fail */
  notChecked: number
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

/** Open acknowledgements by pair name. */
export function ackedByPair(acks: readonly Ack[]): Map<string, Set<CheckId>> {
  const out = new Map<string, Set<CheckId>>()
  for (const a of acks) {
    const set = out.get(a.pairName) ?? new Set<CheckId>()
    set.add(a.checkId)
    out.set(a.pairName, set)
  }
  return out
}

/** The problems of a fleet row's newest run that an open acknowledgement covers (acknowledgements end when the summary changes). */
export function acknowledgedOf(
  row: Pick<FleetRow, 'name' | 'failing' | 'warning' | 'unknown'>,
  acked: Map<string, Set<CheckId>>
): CheckId[] {
  const set = acked.get(row.name)
  if (!set) return []
  return [...row.failing, ...row.unknown, ...row.warning].filter((id) => set.has(id))
}

/** A pair's verdict for the tray: acknowledged problems do not colour it (the worst of the rest). */
export function verdictLeavingAcks(
  item: Pick<FleetItem, 'lastVerdict' | 'failing' | 'warning' | 'unknown' | 'acknowledged'>
): CheckStatus | null {
  if (!item.lastVerdict || item.acknowledged.length === 0) return item.lastVerdict
  const open = (ids: readonly CheckId[]) => ids.some((id) => !item.acknowledged.includes(id))
  if (open(item.failing)) return 'fail'
  if (open(item.unknown)) return 'unknown'
  if (open(item.warning)) return 'warn'
  return 'pass'
}

/** A pair's newest verdict for the tray: null = never checked, 'not-checked' = the newest run reached neither node. */
export type TrayInput = CheckStatus | 'not-checked' | null

/**
 * The tray state of a fleet: each pair's newest verdict (null = never checked; acknowledged problems left
 * out by the caller; 'not-checked' counted apart, never as fail), runs in progress, and each pair's failover
 * readiness for the tooltip.
 */
export function trayStateOf(
  verdicts: readonly TrayInput[],
  running: number,
  readiness: readonly (ReadinessVerdict | null)[] = []
): TrayState {
  const counts: Record<TrayVerdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
  let notChecked = 0
  for (const v of verdicts) {
    if (v === 'pass' || v === 'skipped') counts.pass++
    else if (v === 'warn' || v === 'fail' || v === 'unknown') counts[v]++
    else if (v === 'not-checked') notChecked++
  }
  const verdict = ORDER.find((v) => counts[v] > 0 || (v === 'unknown' && notChecked > 0)) ?? 'unknown'
  const parts = ORDER.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`)
  if (notChecked) parts.push(`${notChecked} not checked`)
  const ready = { ready: 0, 'not-ready': 0, unknown: 0 }
  for (const r of readiness) if (r) ready[r]++
  const failover = (['not-ready', 'unknown', 'ready'] as const)
    .filter((v) => ready[v] > 0)
    .map((v) => `${ready[v]} ${v === 'not-ready' ? 'not ready' : v}`)
  const tooltip = `NSM HA Doctor — ${parts.length ? parts.join(', ') : 'no pair checked yet'}${failover.length ? ` · failover: ${failover.join(', ')}` : ''}${running ? ` · ${running} running` : ''}`
  return { verdict, counts, notChecked, running, tooltip }
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
