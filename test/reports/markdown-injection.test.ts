/**
 * Attack: node text written as Markdown (a link "Re-run the fix", a remote image beacon, an autolink, a bare
 * URL, an e-mail address, emphasis, a heading, a table row, a code fence, raw HTML) in a check's summary, its
 * evidence source, the node's hostname, version, HA state and error. The Markdown export is rendered with a
 * real renderer (markdown-it, HTML and linkify on, as a ticket system would): no link, image, HTML, emphasis,
 * heading or table cell comes from node text, and the node text is still shown.
 */
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../src-main/main/reports/markdown'
import type { RunReport } from '../../src-main/shared/domain/run'
import { reportWithSecrets } from '../history/fixture-report'

const INJECT = [
  '[Re-run the fix](https://evil.example/fix)',
  '![x](https://evil.example/beacon.png)',
  '<https://evil.example/auto>',
  'see https://evil.example/bare and www.evil.com or mail evil@evil.com',
  '*urgent* __now__ ~~old~~',
  '<img src=x onerror=alert(1)>',
  '| forged | cell |',
  '```'
].join(' ')

function hostile(): RunReport {
  const r = structuredClone(reportWithSecrets())
  const c = r.checks.find((x) => x.status === 'fail') ?? r.checks[0]
  c.status = 'fail'
  c.summary = `# Heading from the node ${INJECT}`
  c.evidence.unshift({ node: 'primary', source: `/var/log/[x](https://evil.example/src)`, line: 3, excerpt: INJECT })
  r.nodes.primary.hostname = `[host](https://evil.example/h)`
  r.nodes.primary.nsmVersion = `1. ![v](https://evil.example/v.png)`
  r.nodes.secondary.reachable = false
  r.nodes.secondary.error = `- <b>down</b> ${INJECT}`
  if (r.nodes.primary.haStatus?.local) r.nodes.primary.haStatus.local.state = '**primary** https://evil.example/state'
  r.checks[1].summary = `=== ${INJECT}`
  return r
}

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number]

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])])
}

describe('the Markdown export escapes Markdown', () => {
  it('rendered by markdown-it: no link, image, HTML, emphasis, heading or table cell from node text', () => {
    const report = hostile()
    const md = renderMarkdown(report)
    const renderer = new MarkdownIt({ html: true, linkify: true })
    const tokens = flatten(renderer.parse(md, {}))
    const types = (t: string): Token[] => tokens.filter((x) => x.type === t)
    // the renderer would make all of these from the raw text (the test can fail)
    const rawTokens = flatten(renderer.parse(INJECT.replace('```', ''), {}))
    expect(rawTokens.filter((t) => t.type === 'link_open').length).toBeGreaterThanOrEqual(4)
    expect(rawTokens.some((t) => t.type === 'image')).toBe(true)

    expect(types('link_open').map((t) => t.attrGet('href'))).toEqual([])
    expect(types('image')).toEqual([])
    expect(
      types('html_inline')
        .concat(types('html_block'))
        .map((t) => t.content)
    ).toEqual([])
    // one emphasis of our own (the footer), none from the node
    expect(types('em_open')).toHaveLength(1)
    expect(types('strong_open').length + types('s_open').length).toBe(0)
    // our own headings only: the title, four sections (failover readiness, problems, all checks, nodes), one per problem
    const problems = report.checks.filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn').length
    expect(types('heading_open')).toHaveLength(1 + 4 + problems)
    // every table row keeps its three cells
    const html = renderer.render(md)
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect((row.match(/<t[hd][ >]/g) ?? []).length).toBe(3)
    // each evidence excerpt is one fenced block; the node's ``` does not close it
    const evidence = report.checks
      .filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn')
      .flatMap((c) => c.evidence)
    expect(types('fence')).toHaveLength(evidence.length)
    // the node's text is still there, as text
    expect(html).toContain('[Re-run the fix](https://evil.example/fix)')
    expect(html).toContain('# Heading from the node')
  })
})
