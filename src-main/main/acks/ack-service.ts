/**
 * Acknowledgements over the store: acknowledge the newest result of a check of a pair (saved or ad-hoc,
 * by name), mark a report's acknowledged results for display, and end acknowledgements after each run
 * (the check passes or its summary changed). Used by the CLI `ack` command, `check`, and the app.
 */
import type { CheckId } from '../../shared/domain/check'
import { markAcknowledged, verdictLeavingAcknowledged, type Ack } from '../../shared/domain/ack'
import type { RunReport } from '../../shared/domain/run'
import { AckError, type AckRepo } from '../db/ack-repo'
import type { AppStore } from '../store/app-store'

type Store = Pick<AppStore, 'acks' | 'history' | 'pairs'>

/** The newest completed run of a pair by its name (saved pair first, else the ad-hoc history of that name). */
export function newestRunOf(store: Store, pairName: string): RunReport | undefined {
  const saved = store.pairs.getByName(pairName)
  return saved ? store.history.latestRun({ pairId: saved.id }) : store.history.latestRun({ pairName })
}

export interface AcknowledgeInput {
  pairName: string
  checkId: CheckId
  reason: string
  durationMs: number
  by: string
  now?: number
}

/** Acknowledge what the pair's newest run says about the check (its status and summary). */
export function acknowledge(store: Store, a: AcknowledgeInput): Ack {
  const saved = store.pairs.getByName(a.pairName)
  const name = saved?.name ?? a.pairName
  const run = newestRunOf(store, name)
  if (!run) throw new AckError(`no run of pair "${a.pairName}" yet: run the checks first`)
  const result = run.checks.find((c) => c.id === a.checkId)
  if (!result) throw new AckError(`${a.checkId} is not in the newest run of "${name}"`)
  store.acks.reconcile(name, run, a.now)
  return store.acks.add({
    pairName: name,
    result,
    reason: a.reason,
    durationMs: a.durationMs,
    by: a.by,
    ...(run.runId !== undefined ? { runId: run.runId } : {}),
    ...(a.now !== undefined ? { now: a.now } : {})
  })
}

/** The report with its acknowledged results marked (open acknowledgements of the pair that still cover them). */
export function withAcks<R extends Pick<RunReport, 'pair' | 'checks'>>(acks: AckRepo, report: R, now = Date.now()): R {
  const open = acks.active(report.pair.name, now)
  return { ...report, checks: markAcknowledged(report.checks, open) }
}

/** After a run: end what it settles, then mark what is still acknowledged. */
export function settleAcks(acks: AckRepo, report: RunReport, now = Date.now()): RunReport {
  acks.reconcile(report.pair.name, report, now)
  return withAcks(acks, report, now)
}

/**
 * The two reports a verdict-change notification compares, with acknowledged results left out of their
 * verdicts: acknowledged results do not notify, and a different failure (its acknowledgement just ended by
 * this run) does. The previous run counts the acknowledgements open before this run settled them.
 */
export function alertReports(
  acks: AckRepo,
  report: RunReport,
  previous: RunReport | undefined,
  now = Date.now()
): { report: RunReport; previous: RunReport | undefined } {
  const open = acks.active(report.pair.name, now)
  const started = Date.parse(report.startedAt)
  const before = acks
    .history(report.pair.name)
    .filter((a) => !a.ended || (a.ended.reason !== 'expired' && Date.parse(a.ended.at) >= started))
  const leave = (r: RunReport, list: readonly Ack[]): RunReport => ({
    ...r,
    verdict: verdictLeavingAcknowledged(
      markAcknowledged(
        r.checks,
        list.map((a) => ({ ...a, ended: undefined }))
      )
    )
  })
  return { report: leave(report, open), previous: previous ? leave(previous, before) : undefined }
}
