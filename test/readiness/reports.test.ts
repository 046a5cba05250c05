/**
 * Exports of a run carry its failover readiness (headline and reasons), the acknowledgements shown on its
 * results, and the "collected offline" files; admin and node text in them stays escaped (an acknowledgement
 * reason with markup is the attack).
 */
import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../src-main/main/reports/html'
import { renderMarkdown } from '../../src-main/main/reports/markdown'
import { reportObject } from '../../src-main/main/reports/json'
import { reportWithSecrets } from '../history/fixture-report'

describe('readiness, acknowledgements and offline files in exports', () => {
  const base = reportWithSecrets({ otpMismatch: true })
  const report = structuredClone(base)
  const otp = report.checks.find((c) => c.id === 'gui.one-time-password')!
  const hmac = report.checks.find((c) => c.id === 'cfg.hmac-key')!
  hmac.status = 'fail'
  hmac.summary = 'HMAC keys differ'
  otp.acknowledged = {
    id: 3,
    reason: '<img src=x onerror=alert(1)> | `tick`',
    by: 'alice@desk',
    at: '2026-03-01T10:00:00.000Z',
    expiresAt: '2026-03-08T10:00:00.000Z'
  }
  report.nodes.primary.collected = { offline: true, file: '<b>a.txt', sha256: 'a'.repeat(64), bytes: 10, probe: '0123456789ab' }
  report.nodes.secondary.collected = { offline: true, file: 'b.txt', sha256: 'b'.repeat(64), bytes: 10, probe: '0123456789ab' }

  it('JSON: the readiness field of the contract', () => {
    const o = reportObject(report) as { readiness: { verdict: string; reasons: { check: string; status: string }[] } }
    expect(o.readiness.verdict).toBe('not-ready')
    expect(o.readiness.reasons).toContainEqual(
      expect.objectContaining({ check: 'cfg.hmac-key', status: 'fail', summary: 'HMAC keys differ' })
    )
  })

  it('HTML: the headline, the reasons, the acknowledgement and the files, all escaped', () => {
    const html = renderHtml(report)
    expect(html).toContain('<h2>Failover: not ready: 1 reason</h2>')
    expect(html).toContain('acknowledged by alice@desk until 2026-03-08T10:00:00.000Z: &lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('Collected offline: primary &lt;b&gt;a.txt (SHA-256 aaaa')
    expect(html).not.toMatch(/<img|<b>a/)
  })

  it('Markdown: the headline section, the acknowledgement with markup escaped, the files', () => {
    const md = renderMarkdown(report)
    expect(md).toContain('## Failover: not ready: 1 reason')
    expect(md).toContain('- HMAC keys equal: FAIL `cfg.hmac-key` — HMAC keys differ')
    // Markdown's own syntax escaped too (the export escapes Markdown, not only HTML)
    expect(md).toContain('acknowledged by alice\\@desk until 2026-03-08T10:00:00\\.000Z: &lt;img src=x onerror=alert(1)&gt; \\| \\`tick\\`')
    expect(md).toMatch(/\| FAIL \(acknowledged\) \| One-time password/)
    expect(md).toContain('Collected offline: primary `<b>a.txt` (SHA-256 aaaa')
    expect(md).not.toContain('<img')
  })
})
