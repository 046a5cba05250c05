/** The human report of `check --format text`: grouped by the guide's steps, colour only on a TTY. */
import { checkDefinition, type CheckResult, type CheckStatus } from '../../shared/domain/check'
import type { RunReport } from '../../shared/domain/run'
import { readinessLine, readinessOf } from '../../shared/domain/readiness'
import { ackText } from '../../shared/domain/ack'
import { plainLine } from '../../shared/plain-text'
import { terminalReport } from './terminal'

const STEP_TITLES: Record<number, string> = {
  1: 'HA status (haStatus)',
  2: 'HA configuration (haSvr.cfg)',
  3: 'Process user (setuid)',
  4: 'SSH trust',
  5: 'rsync of non-database files',
  6: 'GUI server HA link',
  7: 'Roles',
  8: 'Replication progress',
  9: 'DB_PANIC',
  10: 'Diverged databases',
  11: 'One-time password'
}

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', unknown: '??  ', skipped: 'skip' }
const COLOUR: Record<CheckStatus, string> = { pass: '32', warn: '33', fail: '31', unknown: '35', skipped: '90' }

export function formatText(input: RunReport, colour: boolean): string {
  // node text is redacted and its control characters made visible before it is laid out (and coloured)
  const report = terminalReport(input)
  const c = (status: CheckStatus, text: string): string => (colour ? `\x1b[${COLOUR[status]}m${text}\x1b[0m` : text)
  const bold = (text: string): string => (colour ? `\x1b[1m${text}\x1b[0m` : text)
  const s = report.summary
  const secs = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1)
  const p = report.pair
  const lines = [
    bold(`NSM HA Doctor — ${p.name}`),
    `  primary   ${p.primary.user}@${p.primary.host}:${p.primary.port}`,
    `  secondary ${p.secondary.user}@${p.secondary.host}:${p.secondary.port}`,
    `Verdict: ${c(report.verdict, report.verdict.toUpperCase())}  (${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown, ${s.skipped} skipped) in ${secs} s${report.state !== 'completed' ? ` — run ${report.state}` : ''}`,
    readinessLine(readinessOf(report.checks))
  ]
  const groups = new Map<string, CheckResult[]>()
  for (const r of report.checks) {
    const key = r.step === null ? 'System' : `Step ${r.step}  ${STEP_TITLES[r.step] ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  for (const [title, results] of groups) {
    lines.push('', bold(title))
    for (const r of results) {
      lines.push(`  ${c(r.status, MARK[r.status])}  ${r.id.padEnd(25)} ${r.summary}`)
      if (r.acknowledged) lines.push(`        ${plainLine(ackText(r.acknowledged))}`)
      if (r.status === 'pass' || r.status === 'skipped') continue
      for (const e of r.evidence.slice(0, 3)) {
        const where = `${e.node ? `${e.node} ` : ''}${e.source}${e.line ? `:${e.line}` : ''}`
        lines.push(`        ${where}: ${e.excerpt.split('\n')[0].slice(0, 160)}`)
      }
      if (r.fixes.length) lines.push(`        fix: ${r.fixes.join(', ')}   why: ${checkDefinition(r.id).why}`)
    }
  }
  return lines.join('\n')
}
