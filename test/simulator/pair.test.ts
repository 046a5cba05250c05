/**
 * The simulated pair as a thing other code builds on: the trees on disk (files the guide names, real
 * keys, POSIX scripts), the embedded server's authentication (password, admin key, the peer's rsync
 * key for `nsm` only while it is authorized and the account exists), direct-tcpip (a node as jump
 * host), pairConfig(), and stop() (servers closed, background re-sync killed, temp dir removed).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, type ClientChannel } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimPairTree, startSimPair, type SimPair } from '../../src-main/simulator/index'
import { login, paths, tryLogin, until } from './ssh'

const SCRIPTS = [
  'usr/netscreen/HaSvr/utils/haStatus',
  'usr/netscreen/HaSvr/bin/.haDoDirect',
  'usr/netscreen/GuiSvr/utils/.xdbViewEdit.sh',
  'etc/init.d/haSvr',
  '.sim/env.sh',
  '.sim/bin/ssh',
  '.sim/bin/su',
  '.sim/bin/sudo',
  '.sim/bin/id',
  '.sim/bin/getent',
  '.sim/bin/ping',
  '.sim/bin/date',
  '.sim/bin/df',
  '.sim/bin/rsync',
  '.sim/bin/sim-resync'
]

function bytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

describe('node trees', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nsm-sim-tree-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('hold the files KB11264 names, at its relative paths, for both nodes', () => {
    const tree = createSimPairTree({ dir, scenario: 'healthy' })
    for (const role of ['primary', 'secondary'] as const) {
      const root = join(tree.dir, role)
      for (const f of [
        'usr/netscreen/HaSvr/var/haSvr.cfg',
        'usr/netscreen/GuiSvr/var/guiSvr.cfg',
        'usr/netscreen/DevSvr/var/devSvr.cfg',
        'usr/netscreen/HaSvr/var/exclude.rsync',
        'usr/netscreen/HaSvr/var/errorLog/ha.log',
        'usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0',
        'usr/netscreen/GuiSvr/var/version',
        'var/netscreen/GuiSvr/xdb/data/DB_CONFIG',
        'var/netscreen/GuiSvr/xdb/log/log.0000000001',
        'etc/passwd',
        'home/nsm/.ssh/id_rsa',
        'home/nsm/.ssh/id_rsa.pub',
        'home/nsm/.ssh/authorized_keys',
        'home/nsm/.ssh/known_hosts',
        ...SCRIPTS
      ]) {
        expect(existsSync(join(root, f)), `${role}: ${f}`).toBe(true)
      }
      const data = bytes(join(root, 'var/netscreen/GuiSvr/xdb/data'))
      expect(data).toBeGreaterThan(100_000)
      expect(data).toBeLessThan(2_000_000)
      expect(readFileSync(join(root, 'usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')).toMatch(/^highAvail\.isHaEnabled y$/m)
      expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^nsm:x:/m)
    }
    expect(existsSync(join(dir, 'primary/usr/netscreen/HaSvr/bin/.haDoDirect.result'))).toBe(true)
  })

  it('give the rsync users real 2048-bit RSA keys, each authorized on the peer', () => {
    const fp = execFileSync('ssh-keygen', ['-l', '-f', join(dir, 'primary/home/nsm/.ssh/id_rsa.pub')], { encoding: 'utf8' })
    expect(fp).toMatch(/^2048 SHA256:\S+ .*\(RSA\)/)
    const primaryPub = readFileSync(join(dir, 'primary/home/nsm/.ssh/id_rsa.pub'), 'utf8').trim()
    const secondaryPub = readFileSync(join(dir, 'secondary/home/nsm/.ssh/id_rsa.pub'), 'utf8').trim()
    expect(readFileSync(join(dir, 'secondary/home/nsm/.ssh/authorized_keys'), 'utf8').trim()).toBe(primaryPub)
    expect(readFileSync(join(dir, 'primary/home/nsm/.ssh/authorized_keys'), 'utf8').trim()).toBe(secondaryPub)
    expect(statSync(join(dir, 'primary/home/nsm/.ssh/id_rsa')).mode & 0o777).toBe(0o600)
  })

  it('run every script with dash (POSIX sh syntax, no bash needed)', () => {
    for (const f of SCRIPTS) {
      const path = join(dir, 'primary', f)
      expect(readFileSync(path, 'utf8').split('\n')[0], f).toBe('#!/bin/sh')
      expect(() => execFileSync('dash', ['-n', path], { stdio: 'pipe' }), f).not.toThrow()
      expect(readFileSync(path, 'utf8'), f).not.toMatch(/\[\[|\bfunction \w+|(^|\s)\$'|<<<|\bdeclare\b|\blocal -a\b/)
    }
  })

  it('differ between scenarios only where the scenario says (ha-disabled: the secondary’s flag)', () => {
    createSimPairTree({ dir, scenario: 'ha-disabled' })
    expect(readFileSync(join(dir, 'secondary/usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')).toMatch(/^highAvail\.isHaEnabled n$/m)
    expect(readFileSync(join(dir, 'primary/usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')).toMatch(/^highAvail\.isHaEnabled y$/m)
  })
})

describe('embedded pair: authentication, jump host, pairConfig, stop', () => {
  let pair: SimPair
  beforeAll(async () => {
    pair = await startSimPair()
  })
  afterAll(async () => {
    await pair?.stop()
  })

  it('accepts the admin password and key, refuses a wrong password and unknown users', async () => {
    const p = pair.primary
    const base = { host: p.host, port: p.port }
    expect(await tryLogin({ ...base, username: p.user, password: p.password })).toBeUndefined()
    expect(await tryLogin({ ...base, username: p.user, privateKey: readFileSync(p.clientKeyPath, 'utf8') })).toBeUndefined()
    expect(await tryLogin({ ...base, username: p.user, password: 'wrong' })).toMatch(/authentication methods failed/)
    expect(await tryLogin({ ...base, username: 'oracle', password: p.password })).toMatch(/authentication methods failed/)
  })

  it('accepts the peer’s rsync key for nsm only while it is authorized and nsm exists', async () => {
    const s = pair.secondary
    const key = (): string => readFileSync(join(pair.primary.root, 'home/nsm/.ssh/id_rsa'), 'utf8')
    const asNsm = (): Promise<string | undefined> => tryLogin({ host: s.host, port: s.port, username: 'nsm', privateKey: key() })
    await pair.applyScenario('healthy')
    expect(await asNsm()).toBeUndefined()
    // the admin's key is not an nsm key
    expect(await tryLogin({ host: s.host, port: s.port, username: 'nsm', privateKey: readFileSync(s.clientKeyPath, 'utf8') })).toBeDefined()
    await pair.applyScenario('ssh-trust-broken')
    expect(await asNsm()).toMatch(/authentication methods failed/)
    await pair.applyScenario('rsync-user-missing')
    expect(await asNsm()).toMatch(/authentication methods failed/)
  })

  it('forwards direct-tcpip, so the primary can serve as a jump host to the secondary', async () => {
    await pair.applyScenario('healthy')
    const jump = await login(pair.primary)
    try {
      const sock = await new Promise<ClientChannel>((resolve, reject) =>
        jump.client.forwardOut('127.0.0.1', 0, pair.secondary.host, pair.secondary.port, (err, ch) => (err ? reject(err) : resolve(ch)))
      )
      const inner = new Client()
      await new Promise<void>((resolve, reject) => {
        inner.once('ready', () => resolve())
        inner.once('error', reject)
        inner.connect({ sock, username: pair.secondary.user, password: pair.secondary.password })
      })
      const out = await new Promise<string>((resolve, reject) =>
        inner.exec('hostname', (err, st) => {
          if (err) return reject(err)
          let s = ''
          st.on('data', (d: Buffer) => (s += d.toString()))
          st.on('close', () => resolve(s))
        })
      )
      inner.end()
      expect(out).toBe('nsm-secondary\n')
    } finally {
      jump.close()
    }
  })

  it('passes exit codes, stderr and stdin through, and kills the command when the channel closes', async () => {
    const s = await login(pair.primary)
    try {
      const r = await s.exec('cat; echo oops >&2; exit 7', { stdin: 'from stdin\n' })
      expect(r).toMatchObject({ code: 7, stdout: 'from stdin\n', stderr: 'oops\n' })
      const marker = join(pair.primary.root, '.sim/state/killed-marker')
      // the command would write the marker after 3 s; closing the channel after 0.3 s must kill it
      const r2 = await s.exec(`sleep 3; touch ${marker}`, { timeoutMs: 300 })
      expect(r2.code).not.toBe(0)
      await new Promise((res) => setTimeout(res, 3500))
      expect(existsSync(marker)).toBe(false)
    } finally {
      s.close()
    }
  })

  it('describes itself as a PairConfig with the pair’s NSM roots', () => {
    const cfg = pair.pairConfig('sim')
    expect(cfg.primary).toMatchObject({ host: pair.primary.host, port: pair.primary.port, user: 'admin', auth: 'password' })
    expect(cfg.secondary.port).toBe(pair.secondary.port)
    expect(cfg.paths).toEqual({ nsmHome: pair.primary.nsmHome, nsmData: pair.primary.nsmData, haInit: pair.primary.haInit })
    expect(pair.primary.hostKeySha256).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(pair.primary.hostKeySha256).not.toBe(pair.secondary.hostKeySha256)
  })

  it('stop() closes both servers, kills a running re-sync and removes its temp dir', async () => {
    const own = await startSimPair({ scenario: 'db-panic' })
    const s = await login(own.secondary)
    await s.exec(
      paths(
        own.secondary,
        '$I stop; cd $D/GuiSvr/xdb && find data -type f ! -name DB_CONFIG -exec rm -f {} + && rm -f init/* log/*; $I start'
      )
    )
    s.close()
    const pidFile = join(own.secondary.root, '.sim/state/resync.pid')
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    expect(pid).toBeGreaterThan(0)
    await own.stop()
    await until(
      async () => {
        try {
          process.kill(pid, 0)
          return false
        } catch {
          return true
        }
      },
      're-sync process gone',
      5_000
    )
    expect(existsSync(own.dir)).toBe(false)
    expect(await tryLogin({ host: own.primary.host, port: own.primary.port, username: 'admin', password: own.primary.password })).toMatch(
      /ECONNREFUSED/
    )
  })
})
