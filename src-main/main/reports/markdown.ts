/** A run as Markdown for a ticket: verdict, counts, the problems with their evidence, the rest in brief. */
import type { RunReport } from '../../shared/domain/run'
import { durationText, mapStrings, nodeRows, sortedChecks, STATUS_LABEL } from './format'
import { redactDeep } from './redact'
import { readinessHeadline, readinessOf } from '../../shared/domain/readiness'
import { ackText } from '../../shared/domain/ack'

/** punctuation that means something anywhere in a line: emphasis, links, images, code, tables, strikethrough, escapes */
const ANYWHERE = /[\\`*_[\]|~!]/g
/** what bare-link detection (GFM autolinks, linkify) reads as a link: `scheme:/`, `a@b`, `host.tld` */
const LINKY = /:(?=\/)|@|(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])/g
/** what starts a block at the start of a line: heading, list, thematic break, setext underline, ordered list */
const LINE_START = /^([ \t]*)([#+=-]|\d{1,9}[.)])/

/**
 * Node text (summaries, paths, hostnames, versions, errors) as Markdown text that renders as what it says:
 * HTML is escaped, and the punctuation Markdown reads is backslash-escaped, so a node cannot put a link, an
 * image, emphasis, a heading or list, a table cell, a code span or fence, or an autolink (`<https://…>`, bare
 * `https://…`, `www.…`, `a@b.c`) into a ticket; line breaks become spaces (no new block).
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(ANYWHERE, (c) => `\\${c}`)
    .replace(LINKY, (c) => `\\${c}`)
    .replace(LINE_START, (_m, lead: string, mark: string) =>
      /^\d/.test(mark) ? `${lead}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${lead}\\${mark}`
    )
}

/** An inline code span that a backtick in the text cannot close early. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const tick = '`'.repeat(longest + 1)
  const pad = longest > 0 || text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${tick}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${tick}`
}

/** A fence longer than any backtick run in the text, so evidence cannot break out of its block. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${text}\n${fence}`
}

export function renderMarkdown(report: RunReport): string {
  // `raw` (redacted) goes only into code spans and fences and what is decided from ids and statuses; every text
  // is read from `r`, whose every string is Markdown-escaped: a line added here from `r` is escaped without asking
  const raw = redactDeep(report)
  const r = mapStrings(raw, markdownText)
  const lines: string[] = []
  lines.push(`# NSM HA check: ${r.pair.name} — ${STATUS_LABEL[raw.verdict]}`, '')
  lines.push(
    `- Primary: ${code(`${raw.pair.primary.user}@${raw.pair.primary.host}:${raw.pair.primary.port}`)}`,
    `- Secondary: ${code(`${raw.pair.secondary.user}@${raw.pair.secondary.host}:${raw.pair.secondary.port}`)}`,
    `- Run: ${raw.runId !== undefined ? `#${raw.runId}, ` : ''}started ${r.startedAt}, ${durationText(raw)}, ${r.state}${r.by ? `, by ${r.by}` : ''}`,
    `- Result: ${raw.summary.fail} fail, ${raw.summary.unknown} unknown, ${raw.summary.warn} warn, ${raw.summary.pass} pass, ${raw.summary.skipped} skipped`,
    ''
  )
  const files = (['primary', 'secondary'] as const).map((role) => raw.nodes[role].collected)
  if (files[0] && files[1])
    lines.push(
      `Collected offline: primary ${code(files[0].file)} (SHA-256 ${files[0].sha256}), secondary ${code(files[1].file)} (SHA-256 ${files[1].sha256})`,
      ''
    )
  const ready = readinessOf(raw.checks)
  lines.push(`## ${readinessHeadline(ready)}`, '')
  for (const x of ready.reasons)
    lines.push(`- ${markdownText(x.precondition)}: ${STATUS_LABEL[x.status]} ${code(x.check)} — ${markdownText(x.summary)}`)
  if (ready.reasons.length) lines.push('')
  const escaped = new Map(raw.checks.map((c, i) => [c, r.checks[i]]))
  const problems = sortedChecks(raw.checks).filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn')
  lines.push('## Problems', '')
  if (problems.length === 0) lines.push('None.', '')
  for (const c of problems) {
    const t = escaped.get(c)!
    lines.push(
      `### ${STATUS_LABEL[c.status]} — ${t.title} (${code(c.id)}${c.step !== null ? `, KB11264 step ${c.step}` : ''})`,
      '',
      t.summary,
      ''
    )
    if (t.acknowledged) lines.push(ackText(t.acknowledged), '')
    c.evidence.forEach((e, i) => {
      const te = t.evidence[i]
      lines.push(
        `${[te.node, te.source].filter(Boolean).join(' · ')}${e.line !== undefined ? `:${e.line}` : ''}`,
        '',
        fenced(e.excerpt),
        ''
      )
    })
    if (c.fixes.length) lines.push(`Guided fix: ${c.fixes.map((f) => code(f)).join(', ')}`, '')
  }
  lines.push('## All checks', '', '| Status | Check | Summary |', '|---|---|---|')
  raw.checks.forEach((c, i) =>
    lines.push(
      `| ${STATUS_LABEL[c.status]}${c.acknowledged ? ' (acknowledged)' : ''} | ${r.checks[i].title} (${code(c.id)}) | ${r.checks[i].summary} |`
    )
  )
  lines.push('', '## Nodes', '', '| | Primary | Secondary |', '|---|---|---|')
  const p = nodeRows(r.nodes.primary)
  const s = nodeRows(r.nodes.secondary)
  p.forEach(([k, v], i) => lines.push(`| ${k} | ${cellOf(v)} | ${cellOf(s[i][1])} |`))
  lines.push('', '_Secrets are shown only as salted fingerprints._', '')
  return lines.join('\n')
}

/** a node row's value: its node text is escaped already; the row's own `|` (none today) would split the cell */
function cellOf(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|')
}
