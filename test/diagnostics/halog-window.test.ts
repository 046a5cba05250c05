/**
 * A large ha.log is read from its end (the last LOG_WINDOW bytes, then 8 times more while that part lacks the last SUCCESS
 * line or the last HALOG_KEEP lines the section sends, past LOG_WINDOW_MAX the whole file): the same lines and the same
 * verdict as a whole read, their lines counted from the byte the read started at and named so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { HALOG_KEEP, LOG_WINDOW } from '../../src-main/main/diagnostics/probe-script'
import { rsyncHaLogErrors } from '../../src-main/main/diagnostics/checks/step3-5-trust'
import type { CollectContext } from '../../src-main/main/diagnostics/types'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function tree(): CollectContext['paths'] {
  const d = mkdtempSync(join(tmpdir(), 'nsmhad-halog-window-'))
  dirs.push(d)
  return makeNodeTree(d)
}
const ctx = (paths: CollectContext['paths']): CollectContext => ({ role: 'primary', host: 'local', port: 22, paths, salt: 's' })
const logOf = (paths: CollectContext['paths']) => join(paths.nsmHome, 'HaSvr/var/errorLog/ha.log')
/** ordinary ha.log lines that the search does not keep, about `bytes` of them */
const chatter = (bytes: number) =>
  '[2026/11/25 05:00:00] INFO  haDoDirect: waiting for the next sync window\n'.repeat(Math.ceil(bytes / 74))
const T = '[2026/11/25 06:40:00] '
/** one sync: its cmd: line and its result */
const sync = (i: number, ok: boolean) =>
  `${T}INFO  cmd: /usr/bin/rsync -az --delete /usr/netscreen/GuiSvr/var/ nsm@10.0.0.2:/usr/netscreen/GuiSvr/var/ #${i}\n` +
  (ok ? `${T}INFO  haDoDirect: result SUCCESS\n` : `${T}ERROR rsync error: some files could not be transferred (code 23) #${i}\n`)
const syncs = (from: number, n: number, ok: (i: number) => boolean) =>
  Array.from({ length: n }, (_, k) => sync(from + k, ok(from + k))).join('')

async function both(body: string, before = 3 * LOG_WINDOW) {
  const small = tree()
  const big = tree()
  writeFileSync(logOf(small), body)
  writeFileSync(logOf(big), chatter(before) + body)
  const a = await collectNode(localExecutor(), ctx(small))
  const b = await collectNode(localExecutor(), ctx(big))
  return { a, b, size: readFileSync(logOf(big)).length, text: readFileSync(logOf(big)) }
}

describe('ha.log read from its end', () => {
  it('the last SUCCESS and the last lines near the end: only the last part is read, the same lines and verdict, lines counted from that byte', async () => {
    // errors after the last SUCCESS, whose failing cmd: line comes before that SUCCESS
    const body = syncs(1, 30, () => true) + `${T}ERROR rsync error: connection unexpectedly closed\n`
    const { a, b, size, text } = await both(body)
    const h = b.detail.haLog!
    expect(h.sizeBytes).toBe(size)
    expect(h.fromByte).toBe(size - LOG_WINDOW)
    expect(a.detail.haLog!.fromByte).toBeUndefined()
    expect(h.lines.map((l) => l.text)).toEqual(a.detail.haLog!.lines.map((l) => l.text))
    expect(h.lines).toHaveLength(HALOG_KEEP)
    expect(h.lastSuccess!.text).toBe(a.detail.haLog!.lastSuccess!.text)
    expect(h.failingCmd!.command).toBe(a.detail.haLog!.failingCmd!.command)
    const from = text.subarray(h.fromByte!).toString('utf8').split('\n')
    for (const l of [...h.lines, h.lastSuccess!]) expect(from[l.line - 1]).toBe(l.text)
    const ha = (c: typeof a) => c.facts.events.filter((e) => e.source.endsWith('ha.log'))
    expect(ha(b).map((e) => [e.kind, e.text])).toEqual(ha(a).map((e) => [e.kind, e.text]))
    expect(ha(b).every((e) => e.fromByte === h.fromByte)).toBe(true)
    const vb = rsyncHaLogErrors(b as never)
    const va = rsyncHaLogErrors(a as never)
    expect(vb.status).toBe('fail')
    expect(va.status).toBe('fail')
    const last = h.recentErrors[h.recentErrors.length - 1]
    expect(vb.summary).toContain(`line ${last.line} from byte ${h.fromByte}`)
    expect(vb.evidence.every((e) => e.source.endsWith(`ha.log from byte ${h.fromByte}`))).toBe(true)
  })

  it('the last SUCCESS further back than the first part: read 8 times more, the same verdict', async () => {
    // the last SUCCESS, then 2 MiB of chatter, then failing syncs
    const { a, b, size } = await both(syncs(1, 3, () => true) + chatter(2 * LOG_WINDOW) + syncs(4, 50, () => false), 10 * LOG_WINDOW)
    const h = b.detail.haLog!
    expect(h.fromByte).toBe(size - 8 * LOG_WINDOW)
    expect(h.lastSuccess!.text).toBe(a.detail.haLog!.lastSuccess!.text)
    expect(h.recentErrors.map((l) => l.text)).toEqual(a.detail.haLog!.recentErrors.map((l) => l.text))
    expect(rsyncHaLogErrors(b as never).status).toBe(rsyncHaLogErrors(a as never).status)
  })

  it('no SUCCESS at all: read further, here the whole file, lines of the whole file', async () => {
    const paths = tree()
    writeFileSync(logOf(paths), syncs(1, 50, () => false) + chatter(2 * LOG_WINDOW))
    const c = await collectNode(localExecutor(), ctx(paths))
    const h = c.detail.haLog!
    expect(h.fromByte).toBeUndefined()
    expect(h.lastSuccess).toBeUndefined()
    expect(h.lines[h.lines.length - 1].line).toBe(100)
    expect(rsyncHaLogErrors(c as never).status).toBe('fail')
  })
})
