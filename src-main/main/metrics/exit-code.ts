/**
 * The monitoring-plugin exit code of one run and of many: 0 pass, 1 warn, 2 fail, 3 unknown. One run:
 * exitCodeFor its counts, but 3 when a node could not be reached or the run was cancelled. Many runs:
 * the worst in the order of STATUS_SEVERITY — any pair failing gives 2, else any unknown 3, else any
 * warning 1, else 0.
 */
import { exitCodeFor } from '../../shared/domain/check'
import { countHonouringAcks } from '../../shared/domain/ack'
import type { RunReport } from '../../shared/domain/run'

export type ExitCode = 0 | 1 | 2 | 3

/** What `check` exits with for this run; `honourAcks` (--honour-acks): acknowledged results left out. */
export function reportExitCode(report: RunReport, o: { honourAcks?: boolean } = {}): ExitCode {
  if (report.state === 'cancelled') return 3
  if (!report.nodes.primary.reachable || !report.nodes.secondary.reachable) return 3
  return exitCodeFor(o.honourAcks ? countHonouringAcks(report.checks) : report.summary)
}

const RANK: Record<ExitCode, number> = { 0: 0, 1: 1, 3: 2, 2: 3 }

/** The worst of several exit codes (fail over unknown over warn over pass); 3 for none. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  if (codes.length === 0) return 3
  return codes.reduce<ExitCode>((w, c) => (RANK[c] > RANK[w] ? c : w), 0)
}
