/**
 * A run as one self-contained HTML file: inline CSS, no scripts, no external resources (fonts, images,
 * links to CDNs), status colours, evidence under each check. Everything is escaped and redacted.
 */
import type { CheckStatus } from '../../shared/domain/check'
import type { RunReport } from '../../shared/domain/run'
import { durationText, nodeRows, sortedChecks, STATUS_LABEL } from './format'
import { redactDeep } from './redact'
import { readinessHeadline, readinessOf } from '../../shared/domain/readiness'
import { ackText } from '../../shared/domain/ack'

const COLOURS: Record<CheckStatus, { fg: string; bg: string }> = {
  pass: { fg: '#0f5132', bg: '#d1e7dd' },
  warn: { fg: '#664d03', bg: '#fff3cd' },
  fail: { fg: '#842029', bg: '#f8d7da' },
  unknown: { fg: '#41464b', bg: '#e2e3e5' },
  skipped: { fg: '#055160', bg: '#cff4fc' }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function badge(status: CheckStatus): string {
  return `<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212529;background:#f8f9fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#6c757d}
.badge{display:inline-block;min-width:64px;text-align:center;font-weight:600;font-size:12px;border-radius:4px;padding:2px 6px}
${Object.entries(COLOURS)
  .map(([s, c]) => `.s-${s}{color:${c.fg};background:${c.bg}}`)
  .join('\n')}
.counts span{margin-right:8px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #dee2e6;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5}
.check{background:#fff;border:1px solid #dee2e6;border-left-width:6px;border-radius:4px;margin:8px 0;padding:8px 12px}
${Object.entries(COLOURS)
  .map(([s, c]) => `.check.s-${s}{border-left-color:${c.fg};background:#fff;color:inherit}`)
  .join('\n')}
.check h3{font-size:15px;margin:0 0 4px}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;color:#6c757d;font-size:12px}
pre{background:#f1f3f5;padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0;font-size:12px}
details summary{cursor:pointer;color:#495057}
.nodes{display:grid;grid-template-columns:1fr 1fr;gap:16px}
footer{margin-top:32px;color:#6c757d;font-size:12px}
`

/** Render the standalone HTML document. */
export function renderHtml(report: RunReport): string {
  const r = redactDeep(report)
  const counts = (['fail', 'unknown', 'warn', 'pass', 'skipped'] as const).map((s) => `<span>${badge(s)} ${r.summary[s]}</span>`).join('')
  const checks = sortedChecks(r.checks)
    .map((c) => {
      const evidence = c.evidence
        .map(
          (e) =>
            `<div><span class="id">${escapeHtml([e.node, e.source].filter(Boolean).join(' · '))}${e.line !== undefined ? `:${e.line}` : ''}</span><pre>${escapeHtml(e.excerpt)}</pre></div>`
        )
        .join('')
      return `<section class="check s-${c.status}">
<h3>${badge(c.status)} ${escapeHtml(c.title)} <span class="id">${escapeHtml(c.id)}${c.step !== null ? ` · KB11264 step ${c.step}` : ''}</span></h3>
<div>${escapeHtml(c.summary)}</div>
${c.acknowledged ? `<div class="meta">${escapeHtml(ackText(c.acknowledged))}</div>` : ''}
${c.evidence.length ? `<details${c.status === 'fail' || c.status === 'unknown' ? ' open' : ''}><summary>Evidence (${c.evidence.length})</summary>${evidence}</details>` : ''}
${c.fixes.length ? `<div class="meta">Guided fix: ${c.fixes.map(escapeHtml).join(', ')}</div>` : ''}
</section>`
    })
    .join('\n')
  const nodes = (['primary', 'secondary'] as const)
    .map((role) => {
      const rows = nodeRows(r.nodes[role])
        .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join('')
      return `<div><h3>${role}</h3><table>${rows}</table></div>`
    })
    .join('')
  const ready = readinessOf(r.checks)
  const readiness = `<h2>${escapeHtml(readinessHeadline(ready))}</h2>${
    ready.reasons.length
      ? `<ul>${ready.reasons.map((x) => `<li>${escapeHtml(x.precondition)}: ${badge(x.status)} <span class="id">${escapeHtml(x.check)}</span> ${escapeHtml(x.summary)}</li>`).join('')}</ul>`
      : ''
  }`
  const files = (['primary', 'secondary'] as const).map((role) => r.nodes[role].collected)
  const offline =
    files[0] && files[1]
      ? `<div class="meta">Collected offline: primary ${escapeHtml(files[0].file)} (SHA-256 ${escapeHtml(files[0].sha256)}), secondary ${escapeHtml(files[1].file)} (SHA-256 ${escapeHtml(files[1].sha256)})</div>`
      : ''
  const title = `NSM HA Doctor — ${r.pair.name} — ${STATUS_LABEL[r.verdict]}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>${escapeHtml(r.pair.name)} ${badge(r.verdict)}</h1>
<div class="meta">${escapeHtml(r.pair.primary.user)}@${escapeHtml(r.pair.primary.host)}:${r.pair.primary.port} (primary) ·
${escapeHtml(r.pair.secondary.user)}@${escapeHtml(r.pair.secondary.host)}:${r.pair.secondary.port} (secondary)</div>
<div class="meta">Run ${r.runId !== undefined ? `#${r.runId} ` : ''}started ${escapeHtml(r.startedAt)}, ${escapeHtml(durationText(r))}, state ${escapeHtml(r.state)}${r.by ? `, by ${escapeHtml(r.by)}` : ''}</div>
${offline}
<p class="counts">${counts}</p>
${readiness}
<h2>Checks</h2>
${checks || '<p>No checks were run.</p>'}
<h2>Nodes</h2>
<div class="nodes">${nodes}</div>
<footer>NSM HA Doctor report (schema ${r.schema}). Secret values (HMAC key, one-time password, passwords) are shown only as salted fingerprints.</footer>
</main></body></html>
`
}
