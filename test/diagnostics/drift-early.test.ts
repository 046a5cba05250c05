/**
 * The drift dry run starts with the other jobs on the configured primary, before haStatus has answered; when haStatus
 * says the node is not active, the dry run is stopped with what it started and the section is the usual skip.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** running (a zombie waiting for its reaper runs no more) */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\S+ \(.*\) [ZX] /.test(stat)
  } catch {
    return false
  }
}

/** a node tree whose haStatus answers after `delayS` with the local server `state`, and an rsync stand-in that records its pid and hangs */
function node(state: string, delayS: number) {
  const root = mkdtempSync(join(tmpdir(), 'nsmhad-drift-early-'))
  dirs.push(root)
  const paths = makeNodeTree(root, { rsyncUser: userInfo().username })
  writeFileSync(
    join(paths.nsmHome, 'HaSvr/utils/haStatus'),
    `#!/bin/sh\nsleep ${delayS}\necho 'Local Server : 127.0.0.11   ${state}   network-up'\necho 'Peer Server  : 127.0.0.12   running   network-up'\n`
  )
  writeFileSync(join(paths.nsmHome, 'HaSvr/var/exclude.rsync'), '')
  const bin = join(root, 'bin')
  const mark = join(root, 'rsync.pid')
  mkdirSync(bin)
  writeFileSync(
    join(bin, 'rsync'),
    `#!/bin/sh\ncase "$1" in --version) echo 'rsync  version 3.1.3  protocol version 31'; exit 0;; esac\necho $$ > '${mark}'\nsleep 20\necho done > '${mark}.done'\n`
  )
  chmodSync(join(bin, 'rsync'), 0o755)
  return { paths, bin, mark }
}

describe('drift dry run on the configured primary', () => {
  it('starts before haStatus answers; a primary that is not active stops it (nothing left running) and skips the section', async () => {
    const n = node('standby', 1)
    const path = process.env.PATH
    process.env.PATH = `${n.bin}:${path}`
    try {
      const c = await collectNode(localExecutor(), { role: 'primary', host: 'local', port: 22, paths: n.paths, salt: 's' })
      expect(c.detail.sections.drift?.text.trim()).toBe('@skip not the active node')
      expect(c.detail.drift?.skipped).toBe('not the active node')
      // it had started (before haStatus said standby), and it was stopped
      expect(existsSync(n.mark)).toBe(true)
      expect(alive(Number(readFileSync(n.mark, 'utf8')))).toBe(false)
      expect(existsSync(`${n.mark}.done`)).toBe(false)
    } finally {
      process.env.PATH = path
    }
  }, 60_000)
})
