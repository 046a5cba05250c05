/**
 * Run reports as Prometheus metrics, in the text exposition format (version 0.0.4): what `check
 * --format prometheus` prints (for node_exporter's textfile collector) and `serve-metrics` serves at
 * /metrics. Names start with `nsm_ha_`; every sample has a `pair` label, per-check samples a `check`
 * label with the check ID. No sample timestamps (the textfile collector refuses them).
 */
import type { CheckStatus, NodeRole } from '../../shared/domain/check'
import type { RunReport } from '../../shared/domain/run'
import { reportExitCode } from './exit-code'
import { readinessMetricValue, readinessOf } from '../../shared/domain/readiness'
import { countHonouringAcks } from '../../shared/domain/ack'

/** What a pair's metrics are made from: its newest report, or why there is none. */
export interface PairMetrics {
  pair: string
  report?: RunReport
  /** the run could not start (no secrets, unknown pair, …): the pair's status is 3 */
  error?: string
}

/** nsm_ha_check_status values: the exit-code scale, and -1 for a check that does not apply. */
export const CHECK_STATUS_VALUE: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2, unknown: 3, skipped: -1 }

type Labels = Record<string, string>

interface Family {
  name: string
  help: string
  samples: { labels: Labels; value: number }[]
}

/** A label value with `\`, `"` and newlines escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

function line(name: string, labels: Labels, value: number): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',')
  return `${name}{${l}} ${formatValue(value)}`
}

const ROLES: readonly NodeRole[] = ['primary', 'secondary']
const STATUSES: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'unknown', 'skipped']

/**
 * Every metric family of these pairs, each family's samples together (the format requires it). With
 * `honourAcks` (--honour-acks) acknowledged results are left out of nsm_ha_pair_status, nsm_ha_check_status
 * and nsm_ha_checks, and nsm_ha_check_acknowledged names them; without it the output ignores acknowledgements.
 */
export function renderPrometheus(items: readonly PairMetrics[], o: { honourAcks?: boolean } = {}): string {
  const honour = o.honourAcks === true
  const f = (name: string, help: string): Family => ({ name: `nsm_ha_${name}`, help, samples: [] })
  const pairStatus = f(
    'pair_status',
    'Worst verdict of the newest run as the check exit code: 0 pass, 1 warn, 2 fail, 3 unknown or not run.'
  )
  const checkStatus = f(
    'check_status',
    'Status of each check in the newest run: 0 pass, 1 warn, 2 fail, 3 unknown, -1 skipped (not applicable).'
  )
  const checks = f('checks', 'Number of checks of the newest run per status.')
  const duration = f('run_duration_seconds', 'Wall time of the newest run.')
  const lastRun = f('last_run_timestamp_seconds', 'When the newest run finished, Unix time.')
  const reachable = f('node_reachable', 'Whether the node could be reached and read over SSH in the newest run (1 yes, 0 no).')
  const replBytes = f('replication_bytes', 'Bytes in GuiSvr/xdb/data on the node (the replicated database).')
  const replFiles = f('replication_files', 'Files in GuiSvr/xdb/data on the node.')
  const clockOffset = f('node_clock_offset_seconds', 'Node clock minus the local clock at collection.')
  const acknowledged = f('check_acknowledged', 'An open acknowledgement covers this check of the newest run (with --honour-acks only).')
  const failoverReady = f(
    'failover_ready',
    'Whether the standby can take over now, from the newest run: 1 ready, 0 not ready, -1 unknown (no run or a precondition not known).'
  )
  const runError = f('run_error', 'The newest check of the pair could not run (1): no secrets, unknown pair, internal error.')
  for (const item of items) {
    const pair = { pair: item.pair }
    const r = item.report
    pairStatus.samples.push({ labels: pair, value: r ? reportExitCode(r, { honourAcks: honour }) : 3 })
    runError.samples.push({ labels: pair, value: item.error !== undefined || !r ? 1 : 0 })
    failoverReady.samples.push({ labels: pair, value: r ? readinessMetricValue(readinessOf(r.checks).verdict) : -1 })
    if (!r) continue
    for (const c of r.checks) {
      if (honour && c.acknowledged) acknowledged.samples.push({ labels: { ...pair, check: c.id }, value: 1 })
      else checkStatus.samples.push({ labels: { ...pair, check: c.id }, value: CHECK_STATUS_VALUE[c.status] })
    }
    const counts = honour ? countHonouringAcks(r.checks) : r.summary
    for (const s of STATUSES) checks.samples.push({ labels: { ...pair, status: s }, value: counts[s] })
    const started = Date.parse(r.startedAt)
    const finished = Date.parse(r.finishedAt)
    if (Number.isFinite(started) && Number.isFinite(finished))
      duration.samples.push({ labels: pair, value: Math.max(0, finished - started) / 1000 })
    if (Number.isFinite(finished)) lastRun.samples.push({ labels: pair, value: finished / 1000 })
    for (const role of ROLES) {
      const node = r.nodes[role]
      const labels = { ...pair, node: role }
      reachable.samples.push({ labels, value: node.reachable ? 1 : 0 })
      if (node.xdb && !node.xdb.error) {
        replBytes.samples.push({ labels, value: node.xdb.dataBytes })
        replFiles.samples.push({ labels, value: node.xdb.dataFiles })
      }
      if (node.clockOffsetMs !== undefined) clockOffset.samples.push({ labels, value: node.clockOffsetMs / 1000 })
    }
  }
  const out: string[] = []
  for (const fam of [
    pairStatus,
    checkStatus,
    checks,
    duration,
    lastRun,
    reachable,
    replBytes,
    replFiles,
    clockOffset,
    runError,
    failoverReady,
    acknowledged
  ]) {
    if (fam.samples.length === 0) continue
    out.push(`# HELP ${fam.name} ${fam.help}`, `# TYPE ${fam.name} gauge`)
    for (const s of fam.samples) out.push(line(fam.name, s.labels, s.value))
  }
  return out.length ? `${out.join('\n')}\n` : ''
}
