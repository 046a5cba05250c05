/** A run as Markdown for a ticket: verdict, counts, the problems with their evidence, the rest in brief. */
import type { RunReport } from '../../shared/domain/run'
import { durationText, nodeRows, sortedChecks, STATUS_LABEL } from './format'
import { redactDeep } from './redact'
import { readinessHeadline, readinessOf } from '../../shared/domain/readiness'
import { ackText } from '../../shared/domain/ack'

/**
 * Node text (summaries, paths, hostnames, versions) as Markdown text: HTML is escaped, so a node cannot put
 * markup (`<img onerror=…>`, `<a href=javascript:…>`, autolinks) into a ticket; fenced evidence is literal.
 */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function cell(text: string): string {
  return esc(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** An inline code span that a backtick in the text cannot close early. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const tick = '`'.repeat(longest + 1)
  const pad = longest > 0 ? ' ' : ''
  return `${tick}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${tick}`
}

/** A fence longer than any backtick run in the text, so evidence cannot break out of its block. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${text}\n${fence}`
}

export function renderMarkdown(report: RunReport): string {
  const r = redactDeep(report)
  const lines: string[] = []
  lines.push(`# NSM HA check: ${cell(r.pair.name)} — ${STATUS_LABEL[r.verdict]}`, '')
  lines.push(
    `- Primary: ${code(`${r.pair.primary.user}@${r.pair.primary.host}:${r.pair.primary.port}`)}`,
    `- Secondary: ${code(`${r.pair.secondary.user}@${r.pair.secondary.host}:${r.pair.secondary.port}`)}`,
    `- Run: ${r.runId !== undefined ? `#${r.runId}, ` : ''}started ${cell(r.startedAt)}, ${durationText(r)}, ${r.state}${r.by ? `, by ${cell(r.by)}` : ''}`,
    `- Result: ${r.summary.fail} fail, ${r.summary.unknown} unknown, ${r.summary.warn} warn, ${r.summary.pass} pass, ${r.summary.skipped} skipped`,
    ''
  )
  const files = (['primary', 'secondary'] as const).map((role) => r.nodes[role].collected)
  if (files[0] && files[1])
    lines.push(
      `Collected offline: primary ${code(files[0].file)} (SHA-256 ${files[0].sha256}), secondary ${code(files[1].file)} (SHA-256 ${files[1].sha256})`,
      ''
    )
  const ready = readinessOf(r.checks)
  lines.push(`## ${readinessHeadline(ready)}`, '')
  for (const x of ready.reasons) lines.push(`- ${cell(x.precondition)}: ${STATUS_LABEL[x.status]} \`${x.check}\` — ${cell(x.summary)}`)
  if (ready.reasons.length) lines.push('')
  const problems = sortedChecks(r.checks).filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn')
  lines.push('## Problems', '')
  if (problems.length === 0) lines.push('None.', '')
  for (const c of problems) {
    lines.push(
      `### ${STATUS_LABEL[c.status]} — ${cell(c.title)} (\`${c.id}\`${c.step !== null ? `, KB11264 step ${c.step}` : ''})`,
      '',
      esc(c.summary),
      ''
    )
    if (c.acknowledged) lines.push(cell(ackText(c.acknowledged)), '')
    for (const e of c.evidence) {
      lines.push(
        `${cell([e.node, e.source].filter(Boolean).join(' · '))}${e.line !== undefined ? `:${e.line}` : ''}`,
        '',
        fenced(e.excerpt),
        ''
      )
    }
    if (c.fixes.length) lines.push(`Guided fix: ${c.fixes.map((f) => `\`${f}\``).join(', ')}`, '')
  }
  lines.push('## All checks', '', '| Status | Check | Summary |', '|---|---|---|')
  for (const c of r.checks)
    lines.push(
      `| ${STATUS_LABEL[c.status]}${c.acknowledged ? ' (acknowledged)' : ''} | ${cell(c.title)} (\`${c.id}\`) | ${cell(c.summary)} |`
    )
  lines.push('', '## Nodes', '', '| | Primary | Secondary |', '|---|---|---|')
  const p = nodeRows(r.nodes.primary)
  const s = nodeRows(r.nodes.secondary)
  p.forEach(([k, v], i) => lines.push(`| ${cell(k)} | ${cell(v)} | ${cell(s[i][1])} |`))
  lines.push('', '_Secrets are shown only as salted fingerprints._', '')
  return lines.join('\n')
}
