import { execFileSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildProbe, collectNode } from '../../src-main/main/diagnostics/probe'
import { SECTION_NAMES, type CollectContext } from '../../src-main/main/diagnostics/types'
import { cfgValue } from '../../src-main/main/diagnostics/parsers/cfg'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
function tmp(): string {
  // a space and a quote in the path: every embedded path must be quoted
  const d = mkdtempSync(join(tmpdir(), "nsmhad probe 'q' "))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function ctx(paths: CollectContext['paths'], extra: Partial<CollectContext> = {}): CollectContext {
  return { role: 'primary', host: 'local', port: 22, paths, salt: 'salt', ...extra }
}

describe('probe script', () => {
  const script = buildProbe({
    role: 'primary',
    paths: { nsmHome: "/usr/net screen'x", nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' }
  })

  it('is valid POSIX sh (dash -n) and quotes embedded paths', () => {
    execFileSync('/bin/sh', ['-n'], { input: script })
    expect(script).toContain(`H='/usr/net screen'\\''x'`)
    expect(script).not.toMatch(/\[\[|\bfunction\s|<<<|\$'|\bsource\s|\$\{[^}]*\/\//)
  })

  it('runs against a real tree with the real /bin/sh and parses every section', async () => {
    const paths = makeNodeTree(tmp())
    const exec = localExecutor()
    const c = await collectNode(exec, ctx(paths))
    expect(exec.commands).toHaveLength(1)
    expect(exec.commands[0].startsWith('sh -c ')).toBe(true)
    expect(c.detail.unreadable).toEqual([])
    expect(c.facts.error).toBeUndefined()
    expect(Object.keys(c.detail.sections).sort()).toEqual([...SECTION_NAMES].sort())
    const f = c.facts
    expect(f.loginUser).toBeTruthy()
    expect(Math.abs(f.clockOffsetMs!)).toBeLessThan(3000)
    expect(cfgValue(f.configs['haSvr.cfg'], 'highAvail.localIpAddr')).toBe('127.0.0.11')
    expect(cfgValue(f.configs['guiSvr.cfg'], 'guiSvr.setuid')).toBe('root')
    expect(f.haStatus?.processes).toEqual({ highAvail: 'started', highAvailSvr: 'started' })
    expect(f.haStatus?.exitCode).toBe(0)
    expect(f.nsmVersion).toBe('2012.2R5')
    expect(f.tools.ssh).toMatch(/OpenSSH/)
    expect(f.xdb).toMatchObject({ dataFiles: 2, initFiles: 1, logFiles: [{ name: 'log.0000000001', size: 3000 }] })
    expect(f.xdb!.dataBytes).toBeGreaterThan(5000)
    expect(f.disk!.sizeBytes).toBeGreaterThan(0)
    expect(f.events.map((e) => e.kind)).toEqual(['RSYNC_OK', 'START', 'MY_ADDR', 'PEER_ADDR', 'HA_LINK', 'MASTER'])
    expect(c.detail.dodirect?.status).toBe('SUCCESS')
    expect(c.detail.addresses!.addrs.some((a) => a.addr === '127.0.0.1')).toBe(true)
    expect(c.detail.passwd?.source).toBe('getent passwd nsm')
    expect(c.detail.ping).toMatchObject({ target: '127.0.0.1' })
    expect(c.detail.trust).toMatchObject({ user: 'nsm', peer: '127.0.0.12' })
    expect(c.detail.viewer?.record?.fields.map((x) => x.name)).toEqual(['type', 'clientOneTimePassword'])
    // secrets read on the node never survive parsing
    const json = JSON.stringify(c)
    expect(json).not.toContain('TOPSECRET-HMAC-0001')
    expect(json).not.toContain('OTP-SECRET-42')
    expect(f.wireBytes).toBeLessThan(64 * 1024)
  })

  it('hostile config values are not executed and not used', async () => {
    const root = tmp()
    const marker = join(root, 'pwned')
    const paths = makeNodeTree(root, {
      rsyncUser: `nsm;touch ${marker}`,
      pingableIp: `$(touch ${marker})`,
      peer: `-oProxyCommand=touch_${marker}`
    })
    const c = await collectNode(localExecutor(), ctx(paths))
    expect(existsSync(marker)).toBe(false)
    expect(c.detail.passwd?.skipped).toMatch(/rsyncUser/)
    expect(c.detail.ping?.skipped).toMatch(/pingableIp/)
    expect(c.detail.trust?.skipped).toBeDefined()
  })

  it('a multi-MB guiDaemon.0 full of events changes the wire bytes by a few KB only', async () => {
    const small = makeNodeTree(tmp())
    const big = makeNodeTree(tmp())
    const log = join(big.nsmHome, 'GuiSvr/var/errorLog/guiDaemon.0')
    const chunk =
      '[2026/11/25 06:31:00.000] [error] [guiSvr] ourRsaPrivateKey is missing in /usr/netscreen/GuiSvr/var/guiSvr.cfg!\n' +
      '[2026/11/25 06:31:00.000] [info] [misc] some unrelated chatter that is not an event at all, repeated a lot\n' +
      '[2026/11/25 06:31:00.000] [info] [bdbRep] get BDB event DB_EVENT_REP_MASTER\n'
    const block = chunk.repeat(20000)
    for (let i = 0; i < 8; i++) appendFileSync(log, block)
    const a = await collectNode(localExecutor(), ctx(small))
    const b = await collectNode(localExecutor(), ctx(big))
    expect(b.detail.guiLog!.sizeBytes).toBeGreaterThan(40_000_000)
    expect(b.detail.guiLog!.counts.RSA_KEY_MISSING).toBe(160000)
    const delta = b.facts.wireBytes! - a.facts.wireBytes!
    console.log(`wire bytes: normal node ${a.facts.wireBytes}, 40+ MB guiDaemon.0 ${b.facts.wireBytes} (+${delta})`)
    expect(delta).toBeLessThan(4096)
  })

  it('a probe cut mid-output keeps the sections received and marks the rest unreadable', async () => {
    const paths = makeNodeTree(tmp())
    const full = await collectNode(localExecutor(), ctx(paths))
    const sections = Object.values(full.detail.sections)
    expect(sections.length).toBe(SECTION_NAMES.length)
    const c = await collectNode(localExecutor({ cutAfter: 1500 }), ctx(paths))
    expect(c.facts.reachable).toBe(true)
    expect(c.detail.unreadable.length).toBeGreaterThan(5)
    expect(c.detail.unreadable).not.toContain('identity')
    expect(c.facts.error).toMatch(/probe/)
  })

  it('an oversized config is cut at 256 KiB and says so', async () => {
    const paths = makeNodeTree(tmp())
    writeFileSync(join(paths.nsmHome, 'DevSvr/var/devSvr.cfg'), `devSvr.setuid root\n${'# pad\n'.repeat(60000)}`)
    const c = await collectNode(localExecutor(), ctx(paths))
    expect(c.facts.configs['devSvr.cfg']?.error).toMatch(/256 KiB/)
    expect(cfgValue(c.facts.configs['devSvr.cfg'], 'devSvr.setuid')).toBe('root')
  })
  it("the drift dry run uses --delete exactly when ha.log's last `cmd:` line has it (one awk over ha.log, under the read limit)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'nsmhad-probe-delete-'))
    try {
      const paths = makeNodeTree(join(root, 'node'))
      writeFileSync(join(paths.nsmHome, 'HaSvr/var/exclude.rsync'), '*.lck\n')
      const log = join(paths.nsmHome, 'HaSvr/var/errorLog/ha.log')
      const ctx: CollectContext = { role: 'primary', host: 'local', port: 22, paths, salt: 's' }
      const cmdOf = async (): Promise<string | undefined> =>
        (await collectNode(localExecutor(), ctx)).detail.sections.drift?.text.split('\n').find((l) => l.startsWith('cmd='))
      expect(await cmdOf()).toMatch(/^cmd=rsync -n -a --itemize-changes /)
      appendFileSync(log, '[2026/11/25 07:00:00] INFO  cmd: /usr/bin/rsync -az --delete x nsm@127.0.0.12:y\n')
      expect(await cmdOf()).toMatch(/^cmd=rsync -n -a --delete --itemize-changes /)
      // the last cmd: line decides
      appendFileSync(log, '[2026/11/25 07:05:00] INFO  cmd: /usr/bin/rsync -az x nsm@127.0.0.12:y\n')
      expect(await cmdOf()).toMatch(/^cmd=rsync -n -a --itemize-changes /)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }, 60_000)
})
