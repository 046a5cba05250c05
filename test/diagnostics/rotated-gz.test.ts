/**
 * Rotated guiDaemon files compressed by the rotation (`guiDaemon.k.gz`): the probe reads them with
 * `gzip -dc` on the node (under the per-file time limit, the uncompressed bytes capped), newest first like
 * the plain ones, plain and compressed mixed, in the same `file=` blocks of the guilog-rotated section.
 * Real /bin/sh on a real tree.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { lastStart, parseGuiLog } from '../../src-main/main/diagnostics/parsers/guilog'
import { addRotatedGuiLogs } from '../../src-main/main/diagnostics/parsers/guilog-rotated'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const START = '[2026/11/25 07:59:30] [info] [guiSvrManager] guiSvrManager starting (pid 4711)'
const CLIENT = '[2026/11/25 07:59:31] [info] [bdbRep] get BDB event DB_EVENT_REP_CLIENT'
const OTHER = (i: number) => `[2026/11/25 08:0${i % 10}:00] [info] [guiSvrManager] heartbeat ${i}`

function tree(): { paths: ReturnType<typeof makeNodeTree>; log: string } {
  const d = mkdtempSync(join(tmpdir(), 'nsmhad-gz-'))
  dirs.push(d)
  const paths = makeNodeTree(join(d, 'node'))
  const log = join(paths.nsmHome, 'GuiSvr/var/errorLog')
  // guiDaemon.0 just rotated: no start in it
  writeFileSync(join(log, 'guiDaemon.0'), `${OTHER(0)}\n`)
  return { paths, log }
}

async function collect(paths: ReturnType<typeof makeNodeTree>) {
  return collectNode(localExecutor(), { role: 'secondary', host: 'local', port: 22, paths, salt: 's' })
}

describe('compressed rotated guiDaemon files', () => {
  it('guiDaemon.1.gz holds the last start: read with gzip -dc, its lines and line numbers as in the file', async () => {
    const { paths, log } = tree()
    const text = [OTHER(1), OTHER(2), START, CLIENT, ''].join('\n')
    const gz = gzipSync(text)
    writeFileSync(join(log, 'guiDaemon.1.gz'), gz)
    const c = await collect(paths)
    const sec = c.detail.sections['guilog-rotated']!.text
    expect(sec).toContain(`file=${join(log, 'guiDaemon.1.gz')}\nsize=${gz.length}\n`)
    expect(sec).toContain(`3:${START}`)
    const start = lastStart(c.facts.events)
    expect(start).toMatchObject({ source: join(log, 'guiDaemon.1.gz'), line: 3, rotated: 1 })
    expect(c.detail.guiLog!.rotated!.map((r) => [r.index, r.sizeBytes])).toEqual([[1, gz.length]])
  })

  it('plain and compressed mixed, newest first: guiDaemon.1 (no start), guiDaemon.2.gz (the start), guiDaemon.3 never read', async () => {
    const { paths, log } = tree()
    writeFileSync(join(log, 'guiDaemon.1'), `${OTHER(1)}\n${CLIENT}\n`)
    writeFileSync(join(log, 'guiDaemon.2.gz'), gzipSync(`${START}\n`))
    writeFileSync(join(log, 'guiDaemon.3'), `${START}\n`)
    const c = await collect(paths)
    const files = c.detail.sections['guilog-rotated']!.text.split('\n').filter((l) => l.startsWith('file='))
    expect(files).toEqual([`file=${join(log, 'guiDaemon.1')}`, `file=${join(log, 'guiDaemon.2.gz')}`])
    expect(lastStart(c.facts.events)).toMatchObject({ source: join(log, 'guiDaemon.2.gz'), line: 1, rotated: 2 })
    // the CLIENT line of guiDaemon.1 is after the start in guiDaemon.2.gz
    expect(c.detail.guiLog!.rotated!.map((r) => r.index)).toEqual([1, 2])
  })

  it('a .gz that is not gzip data: the block says nothing was found, the search goes on', async () => {
    const { paths, log } = tree()
    writeFileSync(join(log, 'guiDaemon.1.gz'), 'not gzip at all\n')
    writeFileSync(join(log, 'guiDaemon.2'), `${START}\n`)
    const c = await collect(paths)
    expect(c.detail.unreadable).toEqual([])
    expect(lastStart(c.facts.events)).toMatchObject({ source: join(log, 'guiDaemon.2'), rotated: 2 })
  })

  it('the rotation number of a .gz block is its own (k of guiDaemon.k.gz), whatever came before it', () => {
    const g = parseGuiLog('path=/x/guiDaemon.0\nsize=10', { node: 'secondary', source: '/x/guiDaemon.0' })
    addRotatedGuiLogs(g, ['file=/x/guiDaemon.3.gz', 'size=40', '0:#count START 1', `7:${START}`].join('\n'), { node: 'secondary' })
    expect(g.rotated!.map((r) => r.index)).toEqual([3])
    expect(lastStart(g.events)).toMatchObject({ line: 7, rotated: 3 })
  })
})
