/**
 * The probe is a guest on a production server: over real OpenSSH, a FIFO in any path it reads (anyone who
 * can create a file in errorLog/ can make one) costs only the sections that read it, the run ends by itself
 * within its limit, and afterwards no process the probe started and no temp dir of the probe remains on the
 * node — one FIFO at a time, all at once, and when the client (the CLI) is SIGKILLed mid-run.
 *
 * The node's processes are found by their environment (`SIM_ROOT=<the node's tree>`, set by the node's login
 * shell for every command of the session); the probe's temp dir by TMPDIR, set per run, or (for the CLI) by
 * the files the probe's processes hold open.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import type { ConfigName } from '../../src-main/shared/domain/run'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { SshExecutor } from '../../src-main/main/ssh/executor'
import { shQuote } from '../../src-main/main/shell/quote'
import type { SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { memoryHostKeys } from '../diagnostics/collect-over-ssh'
import { requireSystem } from '../helpers/system'
import { checkArgs, collect, spawnCli } from './helpers/cli'

const gate = requireSystem('OpenSSH sshd', !!findSshd(), 'apt-get install openssh-server')

/** Processes whose environment names the node's tree: what the node's sessions started (the probe and its children). */
export function nodeProcesses(root: string): string[] {
  const mark = Buffer.from(`SIM_ROOT=${root}\0`)
  const found: string[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue
    try {
      const env = readFileSync(`/proc/${pid}/environ`)
      if (!env.includes(mark)) continue
      const cmd = readFileSync(`/proc/${pid}/cmdline`).toString().replace(/\0/g, ' ').trim().split('\n')[0]
      found.push(`${pid} ${cmd.slice(0, 100)}`)
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

/** What the probe left: the node's processes and the entries of its TMPDIR, polled for a few seconds (the probe may still be exiting). */
async function leftovers(root: string, tmp?: string): Promise<{ processes: string[]; tempDirs: string[] }> {
  let last = { processes: nodeProcesses(root), tempDirs: tmp ? readdirSync(tmp) : [] }
  for (let i = 0; i < 40 && (last.processes.length > 0 || last.tempDirs.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 100))
    last = { processes: nodeProcesses(root), tempDirs: tmp ? readdirSync(tmp) : [] }
  }
  return last
}

describe.skipIf(!gate.available)('on real OpenSSH: the probe leaves nothing on the node', () => {
  let pair: SimPair
  const hostKeys = memoryHostKeys()
  const scratch = mkdtempSync(join(tmpdir(), 'nsmhad-leave-'))
  /** the node's tree as its files are (H, D) and as the probe is told (the pair's virtual root, mapped by the node's login shell) */
  let H: string
  let D: string
  let root: string
  const LOG = () => join(H, 'GuiSvr/var/errorLog')

  beforeAll(async () => {
    pair = await startOpenSshPair()
    root = pair.primary.root
    H = join(root, 'usr/netscreen')
    D = join(root, 'var/netscreen')
  }, 60_000)
  afterAll(async () => {
    await pair?.stop()
    rmSync(scratch, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await pair.applyScenario('healthy')
  })

  /** Run the probe on the primary over SSH with its own TMPDIR; returns the collection and what was left. */
  async function probe(
    timeoutMs = 60_000,
    signal?: AbortSignal
  ): Promise<{ c: NodeCollection; left: { processes: string[]; tempDirs: string[] }; tmp: string }> {
    const tmp = mkdtempSync(join(scratch, 't-'))
    const n = pair.primary
    const inner = await connectNode({
      endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
      hostKeys,
      acceptNewHostKey: true
    })
    const exec: SshExecutor = {
      hostKeySha256: inner.hostKeySha256,
      get bytesIn() {
        return inner.bytesIn
      },
      close: () => inner.close(),
      exec: (command, o) => inner.exec(`TMPDIR=${shQuote(tmp)} ${command}`, o)
    }
    try {
      const c = await collectNode(exec, {
        role: 'primary',
        host: n.host,
        port: n.port,
        paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
        salt: 's',
        timeoutMs,
        ...(signal ? { signal } : {})
      })
      return { c, left: await leftovers(root, tmp), tmp }
    } finally {
      exec.close()
    }
  }

  const fifo = (path: string): void => {
    rmSync(path, { recursive: true, force: true })
    execFileSync('mkfifo', [path])
  }
  /** guiDaemon.0 … .9 without a start, so the probe reads back through every rotated file */
  const noStartAnywhere = (): void => {
    const line = (i: number) => `[2026/11/25 08:0${i}:00] [info] [guiSvrManager] heartbeat ${i}\n`
    writeFileSync(join(LOG(), 'guiDaemon.0'), line(0))
    for (let i = 1; i <= 9; i++) writeFileSync(join(LOG(), `guiDaemon.${i}`), line(i))
  }

  /** each path the probe reads, the sections it feeds, and how the tree is prepared for the probe to reach it */
  const targets = (): { name: string; path: string; sections: string[]; prepare?: () => void }[] => [
    { name: 'haSvr.cfg', path: join(H, 'HaSvr/var/haSvr.cfg'), sections: ['cfg.haSvr'] },
    { name: 'guiSvr.cfg', path: join(H, 'GuiSvr/var/guiSvr.cfg'), sections: ['cfg.guiSvr'] },
    { name: 'devSvr.cfg', path: join(H, 'DevSvr/var/devSvr.cfg'), sections: ['cfg.devSvr'] },
    { name: 'version', path: join(H, 'GuiSvr/var/version'), sections: ['version'] },
    { name: '.haDoDirect.result', path: join(H, 'HaSvr/bin/.haDoDirect.result'), sections: ['dodirect'] },
    { name: 'ha.log', path: join(H, 'HaSvr/var/errorLog/ha.log'), sections: ['halog'] },
    { name: 'exclude.rsync', path: join(H, 'HaSvr/var/exclude.rsync'), sections: ['drift'] },
    { name: 'xdb/data', path: join(D, 'GuiSvr/xdb/data'), sections: ['xdb-data'] },
    { name: 'xdb/log', path: join(D, 'GuiSvr/xdb/log'), sections: ['xdb-log'] },
    { name: 'xdb/init', path: join(D, 'GuiSvr/xdb/init'), sections: ['xdb-init'] },
    { name: 'guiDaemon.0', path: join(LOG(), 'guiDaemon.0'), sections: ['guilog'] },
    ...Array.from({ length: 9 }, (_, k) => k + 1).flatMap((k) => [
      { name: `guiDaemon.${k}`, path: join(LOG(), `guiDaemon.${k}`), sections: ['guilog-rotated'], prepare: noStartAnywhere },
      {
        name: `guiDaemon.${k}.gz`,
        path: join(LOG(), `guiDaemon.${k}.gz`),
        sections: ['guilog-rotated'],
        prepare: () => {
          noStartAnywhere()
          rmSync(join(LOG(), `guiDaemon.${k}`))
        }
      }
    ])
  ]

  it('a FIFO in each path the probe reads, one at a time: only its own sections lost, the run ends by itself, nothing left', async () => {
    const problems: string[] = []
    for (const t of targets()) {
      await pair.applyScenario('healthy')
      t.prepare?.()
      fifo(t.path)
      const { c, left } = await probe()
      const err = c.facts.error ?? ''
      if (/timed out after|interrupted|without an exit code|exited/.test(err))
        problems.push(`${t.name}: the run did not end by itself: ${err}`)
      if (c.detail.unreadable.length > 0) problems.push(`${t.name}: unreadable sections ${c.detail.unreadable.join(', ')}`)
      for (const s of t.sections) {
        // a config section keeps only its redacted text: why it was not read is in the facts
        const cfg = { 'cfg.haSvr': 'haSvr.cfg', 'cfg.guiSvr': 'guiSvr.cfg', 'cfg.devSvr': 'devSvr.cfg' }[s] as ConfigName | undefined
        const text = cfg ? (c.facts.configs[cfg]?.error ?? '') : (c.detail.sections[s as keyof typeof c.detail.sections]?.text ?? '')
        if (!text.includes(t.path)) problems.push(`${t.name}: section ${s} does not name the blocked path`)
        else if (!/not readable \(not a (regular file|directory)\)|timed out reading/.test(text))
          problems.push(`${t.name}: section ${s} gives no reason: ${text.slice(0, 200)}`)
      }
      if (left.processes.length > 0) problems.push(`${t.name}: ${left.processes.length} processes left: ${left.processes.join(' | ')}`)
      if (left.tempDirs.length > 0) problems.push(`${t.name}: temp dirs left: ${left.tempDirs.join(' ')}`)
      rmSync(t.path, { force: true })
    }
    expect(problems).toEqual([])
  }, 600_000)

  it('FIFOs in every path at once: every section framed, the unaffected ones read, nothing left', async () => {
    noStartAnywhere()
    for (const t of targets()) fifo(t.path)
    const { c, left } = await probe()
    expect(c.facts.error ?? '').not.toMatch(/timed out after|interrupted|without an exit code/)
    expect(c.detail.unreadable).toEqual([])
    // what reads none of those paths still arrives
    // (haStatus reads haSvr.cfg itself: its own time limit cuts it)
    expect(c.detail.sections.identity?.rc).toBe(0)
    expect(c.detail.sections['ssh-version']?.rc).toBe(0)
    expect(c.detail.addresses).toBeDefined()
    expect(c.facts.disk?.sizeBytes).toBeGreaterThan(0)
    // (drift needs haSvr.cfg's values first: it says so instead)
    expect(c.detail.sections.drift?.text).toMatch(/^@skip /)
    const direct = targets().filter((x) => !x.name.startsWith('guiDaemon.') && !x.name.endsWith('.cfg') && x.name !== 'exclude.rsync')
    expect(direct.length).toBe(6)
    for (const t of direct)
      expect(c.detail.sections[t.sections[0] as keyof typeof c.detail.sections]?.text).toContain(`not readable (not a`)
    expect(c.detail.sections['guilog-rotated']?.text).toMatch(/guiDaemon\.1\n?not readable \(not a regular file\)/)
    expect(left).toEqual({ processes: [], tempDirs: [] })
  }, 180_000)

  /** haStatus that hangs past its own time limit (20 s), after leaving a mark */
  const hangingHaStatus = (marker: string): void => {
    const hs = join(H, 'HaSvr/utils/haStatus')
    writeFileSync(hs, `#!/bin/sh\ntouch '${marker}'\nsleep 100\n`)
    chmodSync(hs, 0o755)
  }

  it('at its overall limit (5 s below the client timeout) the probe stops everything it started, before the client gives up', async () => {
    hangingHaStatus(join(scratch, 'hang-limit'))
    // a 15 s client timeout: the probe's own limit is 10 s, shorter than haStatus' 20 s
    const { c, left } = await probe(15_000)
    expect(c.facts.error ?? '').not.toMatch(/timed out after/)
    expect(c.detail.sections.identity?.rc).toBe(0)
    expect(left).toEqual({ processes: [], tempDirs: [] })
  }, 120_000)

  it('cancelled by the client: the probe gets TERM, stops everything it started and removes its temp dir', async () => {
    const marker = join(scratch, 'hang-cancel')
    rmSync(marker, { force: true })
    hangingHaStatus(marker)
    const ac = new AbortController()
    const timer = setInterval(() => {
      if (existsSync(marker)) ac.abort()
    }, 100)
    try {
      const { c, left } = await probe(60_000, ac.signal)
      expect(c.facts.error).toMatch(/cancelled/)
      expect(left).toEqual({ processes: [], tempDirs: [] })
    } finally {
      clearInterval(timer)
    }
  }, 120_000)

  it('the CLI SIGKILLed mid-run: the probe on the node notices, stops every process it started and removes its temp dir', async () => {
    const home = mkdtempSync(join(scratch, 'home-'))
    const marker = join(scratch, 'hang-marker')
    rmSync(marker, { force: true })
    hangingHaStatus(marker)
    // a log read that hangs too (a FIFO guiDaemon.1 behind a guiDaemon.0 without a start)
    noStartAnywhere()
    fifo(join(LOG(), 'guiDaemon.1'))
    const child = spawnCli(checkArgs(pair, home), home)
    const done = collect(child)
    let probeDir: string | undefined
    for (let i = 0; i < 600 && !probeDir; i++) {
      await new Promise((r) => setTimeout(r, 100))
      if (!existsSync(marker)) continue
      // the probe's temp dir: where its jobs write (their open files)
      for (const p of nodeProcesses(root)) {
        const pid = p.split(' ')[0]
        try {
          for (const fd of readdirSync(`/proc/${pid}/fd`)) {
            const target = readlinkSync(`/proc/${pid}/fd/${fd}`)
            const m = /^(.*\/nsmhad\.[A-Za-z0-9]+)\//.exec(target)
            if (m) probeDir = m[1]
          }
        } catch {
          // gone meanwhile
        }
      }
    }
    expect(probeDir, 'the probe started and wrote to its temp dir').toBeDefined()
    expect(nodeProcesses(root).length).toBeGreaterThan(0)
    child.kill('SIGKILL')
    const killed = await done
    expect(killed.signal).toBe('SIGKILL')
    // the probe learns it when its next heartbeat cannot be written: well before its own limits end it
    let left = nodeProcesses(root)
    for (let i = 0; i < 100 && (left.length > 0 || existsSync(probeDir!)); i++) {
      await new Promise((r) => setTimeout(r, 100))
      left = nodeProcesses(root)
    }
    expect(left).toEqual([])
    expect(existsSync(probeDir!)).toBe(false)
    mkdirSync(home, { recursive: true })
  }, 180_000)
})
