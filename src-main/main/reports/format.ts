/** Small shared helpers of the report renderers. */
import type { CheckResult, CheckStatus } from '../../shared/domain/check'
import type { NodeFacts, RunReport } from '../../shared/domain/run'
import { humanBytes } from '../../shared/bytes'

export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'unknown', 'warn', 'pass', 'skipped']

export const STATUS_LABEL: Record<CheckStatus, string> = {
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  warn: 'WARN',
  pass: 'PASS',
  skipped: 'SKIPPED'
}

export function formatBytes(n: number | undefined): string {
  return n === undefined ? '—' : humanBytes(n)
}

export function durationText(report: RunReport): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt)
  return Number.isFinite(ms) && ms >= 0 ? `${(ms / 1000).toFixed(1)} s` : '—'
}

/** Checks worst first, then in catalogue order. */
export function sortedChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => STATUS_ORDER.indexOf(a.c.status) - STATUS_ORDER.indexOf(b.c.status) || a.i - b.i)
    .map((x) => x.c)
}

/** One-line facts of a node for the summary tables. */
export function nodeRows(f: NodeFacts): [string, string][] {
  return [
    ['Host', `${f.host}:${f.port}${f.hostname ? ` (${f.hostname})` : ''}`],
    ['Reachable', f.reachable ? 'yes' : `no${f.error ? ` — ${f.error}` : ''}`],
    ['Host key', f.hostKeySha256 ?? '—'],
    ['NSM version', f.nsmVersion ?? '—'],
    ['HA state', f.haStatus?.local ? `${f.haStatus.local.state}${f.haStatus.local.repl ? ` ${f.haStatus.local.repl}` : ''}` : '—'],
    ['ssh / rsync', `${f.tools.ssh ?? '—'} / ${f.tools.rsync ?? '—'}`],
    ['xdb/data', f.xdb ? `${f.xdb.dataFiles} files, ${formatBytes(f.xdb.dataBytes)}` : '—'],
    ['xdb/log', f.xdb ? f.xdb.logFiles.map((l) => `${l.name} (${formatBytes(l.size)})`).join(', ') || 'none' : '—'],
    ['Disk', f.disk ? `${f.disk.mount}: ${f.disk.usedPct}% used, ${formatBytes(f.disk.availBytes)} free` : '—'],
    ['Clock offset', f.clockOffsetMs !== undefined ? `${(f.clockOffsetMs / 1000).toFixed(1)} s` : '—']
  ]
}

/** A deep copy of a JSON-like value with every string passed through `fn`. */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return fn(x)
    if (Array.isArray(x)) return x.map(walk)
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, walk(v)]))
    return x
  }
  return walk(value) as T
}
