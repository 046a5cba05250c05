/**
 * Attackers in the middle, or a reinstalled node: a changed host key, a changed jump-host key, and a
 * server offering only weak algorithms are refused with a clear message and a documented way forward
 * (see RELIABILITY.md). The pinned key is never replaced silently.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PairConfig, Endpoint } from '../../src-main/shared/domain/pair'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { AppStore } from '../../src-main/main/store/app-store'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import { startDelayProxy } from '../helpers/delay-proxy'
import { requireSystem, SSHD_PATH } from '../helpers/system'
import { runAndSave, tempStore, type Store } from '../reliability/helpers/run'

let a: SimPair
let b: SimPair
let store: Store
let app: AppStore

function keyed(sim: SimPair, name: string): PairConfig {
  const cfg = sim.pairConfig(name)
  return {
    ...cfg,
    primary: { ...cfg.primary, auth: 'key', identityFile: sim.primary.clientKeyPath },
    secondary: { ...cfg.secondary, auth: 'key', identityFile: sim.secondary.clientKeyPath }
  }
}

beforeAll(async () => {
  a = await startSimPair()
  b = await startSimPair()
  store = tempStore()
  app = await store.open()
})
afterAll(async () => {
  app?.close()
  store?.remove()
  await Promise.all([a?.stop(), b?.stop()])
})

describe('host key change', () => {
  it('a node replaced behind the same address is refused; the pin stays; the message says what to do', async () => {
    const proxy = await startDelayProxy({ target: { host: a.primary.host, port: a.primary.port } })
    try {
      const pair = keyed(a, 'hostkey')
      pair.primary = { ...pair.primary, host: proxy.host, port: proxy.port }
      const first = await runAndSave(app, pair)
      expect(first.report.nodes.primary.reachable, first.report.nodes.primary.error).toBe(true)
      const pinned = app.hostKeys.get(proxy.host, proxy.port)
      expect(pinned).toBe(a.primary.hostKeySha256)

      // same address, another machine (pair b's node, with its own key; it also trusts b's client key)
      proxy.setTarget({ host: b.primary.host, port: b.primary.port })
      pair.primary = { ...pair.primary, identityFile: b.primary.clientKeyPath }
      const second = await runAndSave(app, pair)
      const err = second.report.nodes.primary.error ?? ''
      expect(second.report.nodes.primary.reachable).toBe(false)
      expect(err).toMatch(/CHANGED/)
      expect(err).toContain(a.primary.hostKeySha256)
      expect(err).toContain(b.primary.hostKeySha256)
      expect(err).toMatch(/refused/)
      expect(err).toMatch(/remove the old pin|known-hosts/)
      expect(err).not.toContain('\n')
      expect(second.report.checks.find((c) => c.id === 'sys.reachable')?.status).not.toBe('pass')
      expect(second.saved?.state).toBe('completed')
      // never silently re-pinned
      expect(app.hostKeys.get(proxy.host, proxy.port)).toBe(a.primary.hostKeySha256)
    } finally {
      await proxy.close()
    }
  })
})

describe('jump host key change', () => {
  it('a changed jump-host key is refused before anything is forwarded', async () => {
    const jproxy = await startDelayProxy({ target: { host: a.secondary.host, port: a.secondary.port } })
    try {
      const jump: Endpoint = {
        host: jproxy.host,
        port: jproxy.port,
        user: a.secondary.user,
        auth: 'key',
        identityFile: a.secondary.clientKeyPath
      }
      const pair = { ...keyed(a, 'jump'), jumpHost: jump }
      const first = await runAndSave(app, pair)
      expect(first.report.nodes.primary.reachable, first.report.nodes.primary.error).toBe(true)
      expect(app.hostKeys.get(jproxy.host, jproxy.port)).toBe(a.secondary.hostKeySha256)

      jproxy.setTarget({ host: b.secondary.host, port: b.secondary.port })
      const second = await runAndSave(app, { ...pair, jumpHost: { ...jump, identityFile: b.secondary.clientKeyPath } })
      for (const role of ['primary', 'secondary'] as const) {
        const err = second.report.nodes[role].error ?? ''
        expect(second.report.nodes[role].reachable).toBe(false)
        expect(err).toMatch(/CHANGED/)
        expect(err).toContain(`${jproxy.host}:${jproxy.port}`)
      }
      expect(second.saved?.state).toBe('completed')
      expect(app.hostKeys.get(jproxy.host, jproxy.port)).toBe(a.secondary.hostKeySha256)
    } finally {
      await jproxy.close()
    }
  })
})

describe('a server offering only weak algorithms (throwaway OpenSSH sshd)', () => {
  const gate = requireSystem('sshd', !!SSHD_PATH, 'install openssh-server')
  let dir: string
  let sshd: ChildProcess | undefined
  let port: number

  beforeAll(async () => {
    if (!gate.available) return
    dir = mkdtempSync(join(tmpdir(), 'nsmhad-weak-'))
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'host_rsa')])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client')])
    port = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port
        s.close(() => res(p))
      })
    })
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_rsa')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'client.pub')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin yes',
        'UsePAM no',
        'StrictModes no',
        // no login-shell rc files (this machine's root .bashrc is slow)
        'SetEnv SHLVL=1',
        // only what a 2008-era appliance offers
        'KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group1-sha1',
        'Ciphers aes128-cbc,3des-cbc',
        'MACs hmac-sha1',
        'HostKeyAlgorithms ssh-rsa',
        'LogLevel ERROR',
        ''
      ].join('\n')
    )
    if (process.getuid?.() === 0) execFileSync('mkdir', ['-p', '/run/sshd'])
    sshd = spawn(SSHD_PATH!, ['-D', '-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((res) => {
        const s = connect(port, '127.0.0.1')
        s.once('connect', () => (s.destroy(), res(true)))
        s.once('error', () => res(false))
      })
      if (up) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`weak sshd did not start: ${readFileSync(join(dir, 'sshd.log'), 'utf8')}`)
  })
  afterAll(() => {
    sshd?.kill('SIGTERM')
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const endpoint = () => ({
    host: '127.0.0.1',
    port,
    user: 'root',
    auth: 'key' as const,
    identityFile: join(dir, 'client'),
    sudo: 'none' as const
  })
  const keys = () => {
    const m = new Map<string, string>()
    return { get: (h: string, p: number) => m.get(`${h}:${p}`), pin: (h: string, p: number, k: string) => void m.set(`${h}:${p}`, k) }
  }

  it.skipIf(!gate.available)('refused by default, with the way forward in the message', async () => {
    const err = await connectNode({ endpoint: endpoint(), hostKeys: keys(), acceptNewHostKey: true, connectTimeoutMs: 15_000 }).then(
      (ex) => (ex.close(), undefined),
      (e: Error) => e
    )
    expect(err, 'a weak-only server must be refused').toBeInstanceOf(Error)
    expect(err!.message).toMatch(/weak|legacy/i)
    expect(err!.message).toMatch(/allow legacy algorithms|--allow-legacy-algorithms/)
    expect(err!.message).not.toContain('\n')
  })

  it.skipIf(!gate.available)('the documented way forward (allow legacy algorithms for this pair) connects', async () => {
    const ex = await connectNode({
      endpoint: endpoint(),
      hostKeys: keys(),
      acceptNewHostKey: true,
      allowLegacyAlgorithms: true,
      connectTimeoutMs: 15_000
    })
    try {
      const r = await ex.exec('echo legacy-ok')
      expect(r.stdout.trim()).toBe('legacy-ok')
    } finally {
      ex.close()
    }
  })
})
