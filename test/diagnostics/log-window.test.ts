/**
 * A large guiDaemon.0 is read from its end (the last LOG_WINDOW bytes, then 8 times more while that part lacks what the
 * checks read before the last start, past LOG_WINDOW_MAX the whole file): the same events as a whole read, their lines
 * counted from the byte the read started at and named so, never as a line of the whole file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { LOG_WINDOW } from '../../src-main/main/diagnostics/probe-script'
import { lineRef } from '../../src-main/main/diagnostics/parsers/guilog'
import type { CollectContext } from '../../src-main/main/diagnostics/types'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function tree(): CollectContext['paths'] {
  const d = mkdtempSync(join(tmpdir(), 'nsmhad-window-'))
  dirs.push(d)
  return makeNodeTree(d)
}
const ctx = (paths: CollectContext['paths']): CollectContext => ({ role: 'primary', host: 'local', port: 22, paths, salt: 's' })
const logOf = (paths: CollectContext['paths']) => join(paths.nsmHome, 'GuiSvr/var/errorLog/guiDaemon.0')
/** ordinary log lines that are no event, about `bytes` of them */
const chatter = (bytes: number) => '[2026/11/25 06:00:00.000] [info] [misc] unrelated chatter, not an event\n'.repeat(Math.ceil(bytes / 72))

describe('guiDaemon.0 read from its end', () => {
  it('a log with the last start near its end: only the last part is read, the same events, lines counted from that byte', async () => {
    const small = tree()
    const big = tree()
    const original = readFileSync(logOf(big), 'utf8')
    writeFileSync(logOf(big), chatter(3 * LOG_WINDOW) + original)
    const a = await collectNode(localExecutor(), ctx(small))
    const b = await collectNode(localExecutor(), ctx(big))
    const g = b.detail.guiLog!
    const size = readFileSync(logOf(big)).length
    expect(g.sizeBytes).toBe(size)
    expect(g.fromByte).toBe(size - LOG_WINDOW)
    expect(a.detail.guiLog!.fromByte).toBeUndefined()
    const gui = (c: typeof a) => c.facts.events.filter((e) => e.source.endsWith('guiDaemon.0'))
    expect(gui(b).map((e) => [e.kind, e.text])).toEqual(gui(a).map((e) => [e.kind, e.text]))
    // each line number is the event's line counted from byte fromByte (line 1: the rest of the line that byte falls in)
    const from = readFileSync(logOf(big)).subarray(g.fromByte!).toString('utf8').split('\n')
    for (const e of gui(b)) {
      expect(e.fromByte).toBe(g.fromByte)
      expect(from[e.line - 1]).toBe(e.text)
      expect(lineRef(e)).toBe(`line ${e.line} from byte ${g.fromByte}`)
    }
    expect(gui(a).every((e) => e.fromByte === undefined && lineRef(e) === `line ${e.line}`)).toBe(true)
  })

  it('the last start further back than the first part: read further, here the whole file, lines of the whole file', async () => {
    const paths = tree()
    writeFileSync(logOf(paths), readFileSync(logOf(paths), 'utf8') + chatter(2 * LOG_WINDOW))
    const c = await collectNode(localExecutor(), ctx(paths))
    expect(c.detail.guiLog!.fromByte).toBeUndefined()
    const start = c.facts.events.find((e) => e.kind === 'START')!
    expect(start.line).toBe(1)
    expect(c.detail.guiLog!.counts.START).toBe(1)
  })

  it('a client that panicked since the start: read back until the master event before it (the diverged-history check needs it)', async () => {
    const paths = tree()
    const t = '[2026/11/25 06:40:00.000] [info] [bdbRep] '
    writeFileSync(
      logOf(paths),
      chatter(10 * LOG_WINDOW) +
        `${t}get BDB event DB_EVENT_REP_MASTER\n` +
        chatter(3 * LOG_WINDOW) +
        `[2026/11/25 06:50:00.000] [info] [guiSvrManager] guiSvrManager starting (pid 1)\n${t}get BDB event DB_EVENT_REP_CLIENT\n${t}DB_PANIC: fatal region error\n`
    )
    const c = await collectNode(localExecutor(), ctx(paths))
    const size = readFileSync(logOf(paths)).length
    expect(c.detail.guiLog!.fromByte).toBe(size - 8 * LOG_WINDOW)
    expect(c.facts.events.filter((e) => e.source.endsWith('guiDaemon.0')).map((e) => e.kind)).toEqual([
      'MASTER',
      'START',
      'CLIENT',
      'DB_PANIC'
    ])
  })
})
