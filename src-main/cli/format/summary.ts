/** `check --all --format text`: one line per pair — verdict, name, counts, time, the checks that did not pass. */
import type { RunReport } from '../../shared/domain/run'
import type { ExitCode } from '../../main/metrics/exit-code'
import { readinessOf } from '../../shared/domain/readiness'
import { mapStrings, terminalLine } from './terminal'

const LABEL: Record<ExitCode, string> = { 0: 'PASS', 1: 'WARN', 2: 'FAIL', 3: 'UNKNOWN' }

export interface PairLine {
  name: string
  code: ExitCode
  report?: RunReport
  /** why there is no report (or why the run was not complete) */
  error?: string
}

/** The lines of every pair, names padded to one column. */
export function formatSummaryLines(input: readonly PairLine[]): string[] {
  // node text (errors, check summaries) redacted and control characters made visible before layout
  const lines = mapStrings(input, terminalLine)
  const width = Math.max(4, ...lines.map((l) => l.name.length))
  return lines.map((l) => {
    const head = `${LABEL[l.code].padEnd(7)} ${l.name.padEnd(width)}`
    const r = l.report
    if (!r) return `${head}  not run: ${l.error ?? 'unknown reason'}`
    const s = r.summary
    const secs = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)
    const bad = r.checks
      .filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn')
      .map((c) => `${c.id}=${c.status}${c.acknowledged ? '(acknowledged)' : ''}`)
    const unreachable = (['primary', 'secondary'] as const).filter((role) => !r.nodes[role].reachable)
    const why = unreachable.length ? `  ${unreachable.map((role) => `${role}: ${r.nodes[role].error ?? 'not reachable'}`).join('; ')}` : ''
    const state = r.state !== 'completed' ? ` (run ${r.state})` : ''
    const failover = { ready: 'ready', 'not-ready': 'not ready', unknown: 'unknown' }[readinessOf(r.checks).verdict]
    return `${head}  ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown, ${s.skipped} skipped in ${secs} s, failover ${failover}${state}${bad.length && !unreachable.length ? `  ${bad.join(' ')}` : ''}${why}`
  })
}
