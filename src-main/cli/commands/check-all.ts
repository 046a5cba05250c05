/**
 * `nsm-ha-doctor check --all [--tag T]... [--concurrency N]`: every saved pair (or those with one of the
 * tags) through the run service's bounded pool; one line per pair (text), an array of reports (json) or
 * the metrics of all pairs (prometheus). Exit code: the worst pair's (fail > unknown > warn > pass).
 */
import type { RunReport } from '../../shared/domain/run'
import type { SavedPair } from '../../main/db/pair-repo'
import { pairSummary } from '../../shared/domain/run'
import { KnownHostsFile } from '../../main/ssh/known-hosts-file'
import { reportExitCode, worstExitCode, type ExitCode } from '../../main/metrics/exit-code'
import { renderPrometheus } from '../../main/metrics/prometheus'
import type { RunOutcome } from '../../main/run/run-service'
import { envSecret, fail, intOption, UsageError } from '../args'
import { withCliStore } from '../store'
import { cliRunService, withheldLines } from '../runs'
import { formatSummaryLines, type PairLine } from '../format/summary'
import { jsonText, terminalLine } from '../format/terminal'
import { withSignals } from '../signals'
import { withReadiness } from '../../shared/domain/readiness'
import { settleAcks, withAcks } from '../../main/acks/ack-service'
import { redactDeep } from '../../main/reports/redact'
import type { CheckFlags, CheckFormat } from './check-flags'

/** The saved pairs `--tag` selects (any of the tags, case-insensitive); all without tags. */
export function selectPairs(pairs: readonly SavedPair[], tags: readonly string[] | undefined): SavedPair[] {
  if (!tags || tags.length === 0) return [...pairs]
  const wanted = new Set(tags.map((t) => t.toLowerCase()))
  return pairs.filter((p) => p.tags.some((t) => wanted.has(t.toLowerCase())))
}

/** A report standing for a pair that could not be run (JSON array entries stay one per pair). */
export function notRunReport(pair: SavedPair, reason: string, at: string, state: RunReport['state'] = 'completed'): RunReport {
  const node = (role: 'primary' | 'secondary'): RunReport['nodes']['primary'] => ({
    role,
    host: pair[role].host,
    port: pair[role].port,
    reachable: false,
    error: reason,
    configs: {},
    tools: {},
    events: []
  })
  return {
    schema: 1,
    startedAt: at,
    finishedAt: at,
    state,
    pair: pairSummary(pair),
    nodes: { primary: node('primary'), secondary: node('secondary') },
    checks: [],
    summary: { pass: 0, warn: 0, fail: 0, unknown: 0, skipped: 0 },
    verdict: 'unknown'
  }
}

/** One pair's line, report and exit code from its run outcome. */
export function lineOf(pair: SavedPair, outcome: RunOutcome | undefined, honourAcks = false): PairLine {
  if (outcome?.state === 'done') return { name: pair.name, code: reportExitCode(outcome.report, { honourAcks }), report: outcome.report }
  const error =
    outcome === undefined
      ? 'not run'
      : outcome.state === 'failed'
        ? outcome.error
        : outcome.reason === 'cancelled'
          ? 'cancelled'
          : 'a run of this pair is already in progress'
  return { name: pair.name, code: 3, error }
}

export async function checkAll(f: CheckFlags, format: CheckFormat, connectTimeoutMs: number): Promise<number> {
  try {
    const concurrency = intOption(f.concurrency, 'concurrency', 4, 1, 64)
    const password = envSecret('password-env', f['password-env'])
    return await withCliStore({ runsChecks: true }, async (store) => {
      const all = store.pairs.list()
      const pairs = selectPairs(all, f.tag)
      if (all.length === 0) throw new UsageError('no saved pairs (add one: nsm-ha-doctor pairs add)')
      if (pairs.length === 0) throw new UsageError(`no saved pair has the tag ${f.tag!.map((t) => `"${t}"`).join(' or ')}`)
      const service = cliRunService(store, {
        password,
        // one password for many pairs: only to nodes whose host keys the admin confirmed (pinned before the run)
        passwordOnlyToPinned: true,
        ...(f['known-hosts'] ? { hostKeys: new KnownHostsFile(f['known-hosts']) } : {}),
        acceptNewHostKeys: f['accept-new-host-keys'] === true,
        allowLegacyAlgorithms: f['allow-legacy-algorithms'],
        connectTimeoutMs,
        save: f['no-save'] !== true
      })
      if (password !== undefined)
        for (const line of withheldLines(pairs, f['known-hosts'] ? new KnownHostsFile(f['known-hosts']) : store.hostKeys))
          console.error(`nsm-ha-doctor check: ${terminalLine(line)}`)
      const startedAt = new Date().toISOString()
      const outcomes = await withSignals((signal) =>
        service.runMany(
          pairs.map((p) => p.id),
          { concurrency, signal, trigger: 'check-all' }
        )
      )
      const acks = store.acks
      // acknowledgements each run settles end (not with --no-save); the open ones are marked on the reports
      const settled = outcomes.map((o) =>
        o.state === 'done' ? { ...o, report: f['no-save'] ? withAcks(acks, o.report) : settleAcks(acks, o.report) } : o
      )
      const byId = new Map(settled.map((o) => [o.pairId, o]))
      const lines = pairs.map((p) => lineOf(p, byId.get(p.id), f['honour-acks'] === true))
      if (f['no-save']) for (const l of lines) if (l.report) delete l.report.runId
      const reports = lines.map(
        (l, i) => l.report ?? notRunReport(pairs[i], l.error ?? 'not run', startedAt, l.error === 'cancelled' ? 'cancelled' : 'completed')
      )
      if (format === 'json') process.stdout.write(`${jsonText(redactDeep(reports.map(withReadiness)))}\n`)
      else if (format === 'prometheus')
        process.stdout.write(
          renderPrometheus(
            lines.map((l) => ({ pair: l.name, ...(l.report ? { report: l.report } : { error: l.error }) })),
            { honourAcks: f['honour-acks'] === true }
          )
        )
      else for (const text of formatSummaryLines(lines)) process.stdout.write(`${text}\n`)
      return worstExitCode(lines.map((l) => l.code as ExitCode))
    })
  } catch (err) {
    return fail('check', err)
  }
}
