/**
 * Every read of node data has its own time limit: a file whose read hangs (a hung NFS mount on a real
 * server; here the programs that read it stop for it) costs only its own sections, with "timed out reading
 * PATH" as the reason, and the later sections (df, xdb, logs) still arrive — with the real /bin/sh on a node
 * without timeout(1) (the probe's own watchdog). A FIFO is never opened (a reader could block on it, or
 * release a writer waiting on it): its sections say "not readable (not a regular file)", over the
 * simulator's SSH server. Real OpenSSH, every path and all at once: test/reliability/leave-nothing.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import type { CollectContext } from '../../src-main/main/diagnostics/types'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import { startSimPair } from '../../src-main/simulator/index'
import { shQuote } from '../../src-main/main/shell/quote'
import { linkSystemTools, localExecutor, makeNodeTree, prefixedExecutor } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'nsmhad-blocked-'))
  dirs.push(d)
  return d
}

describe('a blocked file costs only its own sections', () => {
  it('over the simulator (SSH): ha.log a FIFO → halog "not readable (not a regular file)", never opened; guilog, xdb, df, viewer still arrive', async () => {
    const sim = await startSimPair()
    try {
      const n = sim.primary
      const log = join(n.root, 'usr/netscreen/HaSvr/var/errorLog/ha.log')
      rmSync(log)
      execFileSync('mkfifo', [log])
      const pins = new Map<string, string>()
      const exec = await connectNode({
        endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
        hostKeys: { get: (h, p) => pins.get(`${h}:${p}`), pin: (h, p, k) => void pins.set(`${h}:${p}`, k) },
        acceptNewHostKey: true
      })
      try {
        const c = await collectNode(exec, {
          role: 'primary',
          host: n.host,
          port: n.port,
          paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
          salt: 's',
          timeoutMs: 90_000
        })
        expect(c.detail.unreadable).toEqual([])
        expect(c.detail.sections.halog).toMatchObject({ rc: 2, truncated: false })
        expect(c.detail.haLog!.error).toMatch(/^not readable \(not a regular file\): \S+\/HaSvr\/var\/errorLog\/ha\.log$/)
        expect(c.detail.guiLog?.present).toBe(true)
        expect(c.facts.xdb?.dataFiles).toBeGreaterThan(0)
        expect(c.facts.disk?.sizeBytes).toBeGreaterThan(0)
        expect(c.detail.viewer?.record).toBeDefined()
        const r = evaluatePair(c, c, { salt: 's', now: Date.now() }).find((x) => x.id === 'rsync.ha-log-errors')!
        expect(r.status).toBe('unknown')
        expect(r.summary).toContain('ha.log not readable (not a regular file)')
      } finally {
        exec.close()
        rmSync(log, { force: true })
      }
    } finally {
      await sim.stop()
    }
  }, 120_000)

  it("without timeout(1) on the node: the probe's watchdog limits the read; haSvr.cfg hanging costs cfg.haSvr and what needs its values", async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const cfg = join(paths.nsmHome, 'HaSvr/var/haSvr.cfg')
    // a PATH with every tool of the system except timeout, and the programs that read files stopping for
    // haSvr.cfg as on a hung mount
    const bin = join(root, 'bin')
    mkdirSync(bin)
    for (const name of ['wc', 'ls', 'awk', 'head', 'cat', 'grep']) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${name}`])
        .toString()
        .trim()
      writeFileSync(join(bin, name), `#!/bin/sh\nfor a; do [ "$a" != ${shQuote(cfg)} ] || exec sleep 1000; done\nexec ${real} "$@"\n`)
      chmodSync(join(bin, name), 0o755)
    }
    linkSystemTools(bin, ['timeout'])
    const exec = prefixedExecutor(`PATH=${shQuote(bin)}`)
    const ctx: CollectContext = { role: 'primary', host: 'local', port: 22, paths, salt: 's', timeoutMs: 90_000 }
    const c = await collectNode(exec, ctx)
    expect(
      execFileSync('/bin/sh', ['-c', `PATH=${shQuote(bin)}; command -v timeout || echo none`])
        .toString()
        .trim()
    ).toBe('none')
    expect(c.detail.unreadable).toEqual([])
    expect(c.detail.sections['cfg.haSvr']).toMatchObject({ rc: 124 })
    expect(c.facts.configs['haSvr.cfg']!.error).toBe(`timed out reading ${cfg}`)
    expect(c.detail.trust?.skipped).toBe(`haSvr.cfg not read (timed out reading ${cfg})`)
    // the other files and sections are read as usual
    expect(c.facts.configs['guiSvr.cfg']!.entries.length).toBeGreaterThan(0)
    expect(c.detail.guiLog?.present).toBe(true)
    expect(c.detail.haLog?.present).toBe(true)
    expect(c.facts.disk?.sizeBytes).toBeGreaterThan(0)
    const r = evaluatePair(c, c, { salt: 's', now: Date.now() })
    expect(r.find((x) => x.id === 'cfg.ha-enabled')!.summary).toContain(`timed out reading ${cfg}`)
    expect(r.find((x) => x.id === 'ssh.trust')!.status).toBe('unknown')
  }, 120_000)
  it('a rotated file whose reads hang (its size read too): the guilog-rotated block says "timed out reading", the run goes on', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const logDir = join(paths.nsmHome, 'GuiSvr/var/errorLog')
    writeFileSync(join(logDir, 'guiDaemon.0'), '[2026/11/25 08:00:00] [info] [guiSvrManager] heartbeat\n')
    const g1 = join(logDir, 'guiDaemon.1')
    writeFileSync(g1, '[2026/11/25 07:59:30] [info] [guiSvrManager] guiSvrManager starting (pid 4711)\n')
    // the programs that read files stop for guiDaemon.1, as on a hung mount (the shell's own stat does not)
    const bin = join(root, 'bin')
    mkdirSync(bin)
    for (const name of ['wc', 'ls', 'awk', 'head', 'cat', 'grep', 'gzip', 'tail']) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${name}`])
        .toString()
        .trim()
      writeFileSync(join(bin, name), `#!/bin/sh\nfor a; do [ "$a" != ${shQuote(g1)} ] || exec sleep 1000; done\nexec ${real} "$@"\n`)
      chmodSync(join(bin, name), 0o755)
    }
    const inner = localExecutor()
    const exec = {
      ...inner,
      exec: (command: string, o?: Parameters<typeof inner.exec>[1]) => inner.exec(`PATH=${shQuote(bin)}:$PATH ${command}`, o)
    }
    const c = await collectNode(exec, { role: 'secondary', host: 'local', port: 22, paths, salt: 's', timeoutMs: 90_000 })
    expect(c.facts.error).toBeUndefined()
    expect(c.detail.unreadable).toEqual([])
    expect(c.detail.sections['guilog-rotated']!.text).toContain(`file=${g1}\ntimed out reading ${g1}`)
    expect(c.detail.guiLog!.rotated![0]).toMatchObject({ source: g1, error: `timed out reading ${g1}` })
  }, 120_000)
})
