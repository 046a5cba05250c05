/** `check --format nagios`: one status line with perfdata, then one line per non-passing check. */
import type { RunReport } from '../../shared/domain/run'
import { exitCodeFor } from '../../shared/domain/check'
import { readinessHeadline, readinessMetricValue, readinessOf } from '../../shared/domain/readiness'
import { terminalReport } from './terminal'

const LABEL = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const

/**
 * Node text in plugin output: redacted, control characters visible, and no `|` (Nagios reads everything
 * after the first one as performance data) nor line break (one line per check).
 */
export function nagiosText(text: string): string {
  return text.replace(/\|/g, '\\x7c').replace(/\r?\n/g, ' ')
}

export function formatNagios(input: RunReport, exitCode = exitCodeFor(input.summary)): string {
  const report = terminalReport(input, nagiosText)
  const s = report.summary
  const bad = report.checks.filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'warn')
  const secs = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(2)
  const head =
    exitCode === 0
      ? `all ${s.pass} checks pass`
      : `${s.fail} fail, ${s.warn} warn, ${s.unknown} unknown: ${bad.map((r) => r.id).join(', ')}`
  const ready = readinessOf(report.checks)
  const perf = `pass=${s.pass} warn=${s.warn};1 fail=${s.fail};;1 unknown=${s.unknown} skipped=${s.skipped} duration=${secs}s failover_ready=${readinessMetricValue(ready.verdict)}`
  const details = bad.map((r) => `${r.status.toUpperCase()} ${r.id}: ${r.summary}${r.acknowledged ? ' (acknowledged)' : ''}`)
  return [`NSM-HA ${LABEL[exitCode]} - ${report.pair.name}: ${head}; ${readinessHeadline(ready)} | ${perf}`, ...details].join('\n')
}
