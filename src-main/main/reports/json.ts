/** The JSON export: the CLI's `--format json` object (schema 1), redacted once more. */
import type { RunReport } from '../../shared/domain/run'
import { redactDeep } from './redact'
import { readinessOf } from '../../shared/domain/readiness'

/** Schema-1 object with the contract's fields first, then the additive ones. */
export function reportObject(report: RunReport): Record<string, unknown> {
  const r = redactDeep(report)
  return {
    schema: 1,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    pair: r.pair,
    nodes: r.nodes,
    checks: r.checks,
    summary: r.summary,
    verdict: r.verdict,
    readiness: readinessOf(r.checks),
    state: r.state,
    ...(r.runId !== undefined ? { runId: r.runId } : {}),
    ...(r.by !== undefined ? { by: r.by } : {})
  }
}

export function renderJson(report: RunReport): string {
  return `${JSON.stringify(reportObject(report), null, 2)}\n`
}
