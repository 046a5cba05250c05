import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { renderHtml } from '../../src-main/main/reports/html'
import { renderMarkdown } from '../../src-main/main/reports/markdown'
import { renderJson } from '../../src-main/main/reports/json'
import { buildSupportBundle } from '../../src-main/main/reports/bundle'
import { exportFileName } from '../../src-main/main/reports/index'
import { redactText } from '../../src-main/main/reports/redact'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { reportWithSecrets } from '../history/fixture-report'

describe('reports', () => {
  const report = reportWithSecrets({ otpMismatch: true })

  it('HTML is one self-contained file: inline CSS, no scripts, no external resources, escaped evidence', () => {
    const hostile = structuredClone(report)
    hostile.checks[0].evidence.push({ source: 'x', excerpt: '<script>alert(1)</script><img src="http://evil/x">' })
    const html = renderHtml(hostile)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b|@import|url\(/i)
    expect(html).not.toMatch(/\s(src|href)=["']?[a-z]+:/i)
    expect(renderHtml(report)).not.toMatch(/https?:\/\//)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('class="check s-fail"')
    expect(html).toContain('.s-fail{color:#842029;background:#f8d7da}')
    expect(html).toContain('One-time password matches the database')
    // the failing check comes first, with its evidence open
    expect(html.indexOf('s-fail"')).toBeLessThan(html.indexOf('s-pass"'))
    expect(html).toMatch(/<details open><summary>Evidence/)
  })

  it('Markdown for a ticket lists the problems with fenced evidence and every check', () => {
    const tricky = structuredClone(report)
    tricky.checks.find((c) => c.status === 'fail')!.evidence.push({ source: 'log', excerpt: 'a ``` fence | pipe' })
    const md = renderMarkdown(tricky)
    expect(md).toMatch(/^# NSM HA check: lab pair — FAIL/)
    expect(md).toContain('### FAIL — One-time password matches the database (`gui.one-time-password`, KB11264 step 11)')
    expect(md).toContain('````\na ``` fence | pipe\n````')
    for (const id of CHECK_IDS) expect(md).toContain(`(\`${id}\`)`)
    expect(md).toContain('| Reachable | yes | yes |')
  })

  it('JSON has the CLI schema fields in contract order', () => {
    const obj = JSON.parse(renderJson(report)) as Record<string, unknown>
    expect(Object.keys(obj).slice(0, 7)).toEqual(['schema', 'startedAt', 'finishedAt', 'pair', 'nodes', 'checks', 'summary'])
    expect(obj.schema).toBe(1)
    expect((obj.checks as unknown[]).length).toBe(report.checks.length)
    expect(Object.keys((obj.checks as Record<string, unknown>[])[0])).toEqual(
      expect.arrayContaining(['id', 'step', 'scope', 'status', 'title', 'summary', 'evidence', 'fixes'])
    )
  })

  it('the support bundle holds the run, masked configs, log excerpts and a README', () => {
    const files = unzipSync(buildSupportBundle(report, new Date('2026-11-25T07:00:00Z')))
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.txt',
        'configs/primary/devSvr.cfg',
        'configs/primary/guiSvr.cfg',
        'configs/primary/haSvr.cfg',
        'configs/secondary/devSvr.cfg',
        'configs/secondary/guiSvr.cfg',
        'configs/secondary/haSvr.cfg',
        'logs/evidence.txt',
        'logs/primary-events.txt',
        'logs/secondary-events.txt',
        'report.md',
        'run.json'
      ].sort()
    )
    const ha = strFromU8(files['configs/primary/haSvr.cfg'])
    expect(ha).toMatch(/highAvail\.HMACKey sha256:[0-9a-f]{8}/)
    expect(ha).toContain('highAvail.rsyncUser nsm')
    expect(strFromU8(files['logs/secondary-events.txt'])).toMatch(/DB_EVENT_REP_CLIENT|STARTUPDONE/)
    expect(JSON.parse(strFromU8(files['run.json'])).schema).toBe(1)
    expect(strFromU8(files['README.txt'])).toContain('configs/primary/haSvr.cfg')
  })

  it('redaction masks A-4 keys in every form and keeps fingerprints and prose', () => {
    expect(redactText('highAvail.HMACKey abc123')).toBe('highAvail.HMACKey ***')
    expect(redactText('x guiSvr.clientOneTimePassword=abc123 y')).toBe('x guiSvr.clientOneTimePassword=*** y')
    expect(redactText(':clientOneTimePassword (abc123)')).toBe(':clientOneTimePassword (***)')
    expect(redactText('{"sudoPassword": "abc123"}')).toBe('{"sudoPassword": "***"}')
    expect(redactText('highAvail.HMACKey sha256:0badf00d')).toBe('highAvail.HMACKey sha256:0badf00d')
    expect(redactText('ourRsaPrivateKey is missing')).toBe('ourRsaPrivateKey is missing')
    expect(redactText('Password authentication failed')).toBe('Password authentication failed')
    expect(redactText('token hunter2x here', ['hunter2x'])).toBe('token *** here')
  })

  it('suggests a safe export file name', () => {
    expect(exportFileName({ ...report, pair: { ...report.pair, name: '../Lab pair/1' } }, 'bundle')).toBe('Lab-pair-1-20261125-063100.zip')
  })
})
