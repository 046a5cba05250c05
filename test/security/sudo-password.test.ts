/**
 * Attack: a node where sudo does not ask for the password (NOPASSWD, or credentials cached from an earlier
 * command) while the pair is set to "sudo with password". The password used to be sent as the first stdin
 * line of every command; the command read it instead of sudo, and fix.align-hmac-key wrote it into
 * haSvr.cfg as the HMAC key. Against real OpenSSH sshd, real sudo and a real user: the file written holds
 * exactly the intended value under every sudoers rule, and the password is never in it or in the output.
 */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Server } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { RunReport } from '../../src-main/shared/domain/run'
import { parseCfg } from '../../src-main/main/diagnostics/parsers/cfg'
import { makeContext } from '../../src-main/main/fixes/context'
import { alignHmacKey } from '../../src-main/main/fixes/recipes/align-hmac-key'
import type { HostKeyStore, SshExecutor } from '../../src-main/main/ssh/executor'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import { ed25519KeyPair } from '../../src-main/simulator/keys'
import { requireSystem } from '../helpers/system'
import { HOST, realSudoAvailable, startSudoHost, type SudoHost } from './real-sudo'

const gate = requireSystem(
  'root, OpenSSH sshd, sudo, useradd',
  realSudoAvailable(),
  'run as root with openssh-server and sudo installed (.ci/run)'
)

const INTENDED = 'IntendedHmacKey-0123456789abcdef'
const OLD = 'OldHmacKey-fedcba9876543210'

class Keys implements HostKeyStore {
  #k = new Map<string, string>()
  get(host: string, port: number): string | undefined {
    return this.#k.get(`${host}:${port}`)
  }
  pin(host: string, port: number, sha: string): void {
    this.#k.set(`${host}:${port}`, sha)
  }
}

describe.skipIf(!gate.available)('sudo with a password reaches sudo only (real OpenSSH, real sudo)', () => {
  let h: SudoHost
  let nsmHome: string
  let cfgFile: string
  let writeKey: string

  beforeAll(async () => {
    h = await startSudoHost()
    nsmHome = join(h.dir, 'nsm')
    cfgFile = join(nsmHome, 'HaSvr/var/haSvr.cfg')
    // the exact command of the recipe's write step (the key reaches it on stdin)
    const cfgText = `highAvail.isHaEnabled yes\nhighAvail.HMACKey ${OLD}\n`
    const ep = { host: HOST, port: h.port, user: h.user, auth: 'key' as const, identityFile: h.keyFile, sudo: 'sudo-password' as const }
    const pair: PairConfig = {
      name: 'sudo test',
      primary: ep,
      secondary: ep,
      paths: { nsmHome, nsmData: join(h.dir, 'data'), haInit: join(h.dir, 'haSvr') },
      tags: [],
      notes: ''
    }
    const node = { configs: { 'haSvr.cfg': parseCfg(cfgText, cfgFile, 'salt') } }
    const report = { nodes: { primary: node, secondary: node }, checks: [] } as unknown as RunReport
    const plan = alignHmacKey(makeContext(pair, report, { sourceNode: 'primary' }, Date.now(), '20261201-000000'))
    const step = plan.steps.find((s) => s.id === 'write-key')
    if (!step) throw new Error('no write-key step')
    writeKey = step.command
  })
  afterAll(async () => {
    await h?.stop()
  })

  /** a fresh cfg only root can write (mode 600, root-owned dirs): the write goes through sudo or fails */
  function freshCfg(): void {
    mkdirSync(join(nsmHome, 'HaSvr/var'), { recursive: true, mode: 0o755 })
    chmodSync(h.dir, 0o755)
    writeFileSync(cfgFile, `highAvail.isHaEnabled yes\nhighAvail.HMACKey ${OLD}\n`, { mode: 0o600 })
    chmodSync(cfgFile, 0o600)
  }

  /** `null`: no sudo password stored */
  async function connect(password: string | null = h.password): Promise<SshExecutor> {
    return connectNode({
      endpoint: { host: HOST, port: h.port, user: h.user, auth: 'key', identityFile: h.keyFile, sudo: 'sudo-password' },
      secrets: password === null ? {} : { sudoPassword: password },
      hostKeys: new Keys(),
      acceptNewHostKey: true,
      execTimeoutMs: 30_000
    })
  }

  function keyLines(): string[] {
    return readFileSync(cfgFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('highAvail.HMACKey'))
  }

  async function writeThroughSudo(ex: SshExecutor): Promise<{ code: number | null; out: string }> {
    const r = await ex.exec(writeKey, { stdin: `${INTENDED}\n` })
    return { code: r.code, out: r.stdout + r.stderr }
  }

  it('NOPASSWD rule: the key written is the intended value, not the sudo password', async () => {
    h.rule([`${h.user} ALL=(ALL) NOPASSWD: ALL`])
    freshCfg()
    const ex = await connect()
    try {
      const r = await writeThroughSudo(ex)
      expect(keyLines()).toEqual([`highAvail.HMACKey ${INTENDED}`])
      expect(r.code).toBe(0)
      expect(readFileSync(cfgFile, 'utf8')).not.toContain(h.password)
      expect(r.out).not.toContain(h.password)
    } finally {
      ex.close()
    }
  })

  it('password rule: sudo asks, gets the password, the command gets the key', async () => {
    h.rule([`Defaults:${h.user} !lecture`, `${h.user} ALL=(ALL) ALL`])
    freshCfg()
    const ex = await connect()
    try {
      const id = await ex.exec('id -u')
      expect(id.stdout.trim()).toBe('0')
      expect(id.stderr).not.toContain('nsmhad-')
      const r = await writeThroughSudo(ex)
      expect(keyLines()).toEqual([`highAvail.HMACKey ${INTENDED}`])
      expect(r.code).toBe(0)
      expect(r.out).not.toContain(h.password)
    } finally {
      ex.close()
    }
  })

  it('password rule with cached credentials (sudo does not ask the second time): still the intended value', async () => {
    h.rule([`Defaults:${h.user} timestamp_type=global, !lecture`, `${h.user} ALL=(ALL) ALL`])
    freshCfg()
    const ex = await connect()
    try {
      // the first command authenticates and leaves the credentials cached for the next one
      expect((await ex.exec('id -u')).stdout.trim()).toBe('0')
      const r = await writeThroughSudo(ex)
      expect(keyLines()).toEqual([`highAvail.HMACKey ${INTENDED}`])
      expect(r.code).toBe(0)
      expect(readFileSync(cfgFile, 'utf8')).not.toContain(h.password)
    } finally {
      ex.close()
    }
  })

  it('a wrong or missing password: sudo refuses once, the command never runs, nothing is written', async () => {
    h.rule([`Defaults:${h.user} !lecture`, `${h.user} ALL=(ALL) ALL`])
    for (const pw of ['wrong-password-123', null]) {
      freshCfg()
      const ex = await connect(pw)
      try {
        const r = await ex.exec(writeKey, { stdin: `${INTENDED}\n` })
        expect(r.code).not.toBe(0)
        expect(keyLines()).toEqual([`highAvail.HMACKey ${OLD}`])
        expect(r.stdout).toBe('')
        expect(r.stderr).toMatch(/sudo/)
        expect(r.stderr).not.toContain('nsmhad-')
        if (pw) expect(r.stderr + r.stdout).not.toContain(pw)
      } finally {
        ex.close()
      }
    }
  })
})

/**
 * Where a PAM module supplies its own prompt, sudo shows it instead of the one given with -p. A server
 * whose `sudo` (a stand-in on PATH) prompts `Password: ` and otherwise behaves like sudo -S: the password
 * still reaches sudo, once, and the command gets its own stdin.
 */
describe('sudo whose PAM prompt replaces ours', () => {
  const SUDO_PW = 'Pam-Prompted-Password-1'
  let dir: string
  let server: Server
  let port = 0

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsmhad-pamsudo-'))
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'sudo'),
      [
        '#!/bin/sh',
        'while [ $# -gt 0 ]; do case "$1" in -S|-n) ;; -p|-u) shift ;; --) shift; break ;; -*) ;; *) break ;; esac; shift; done',
        "printf 'Password: ' >&2",
        'IFS= read -r pw || { echo; echo "sudo: no password was provided" >&2; exit 1; }',
        '[ "$pw" = "$EXPECTED" ] || { echo "Sorry, try again." >&2; exit 1; }',
        'exec "$@"',
        ''
      ].join('\n'),
      { mode: 0o755 }
    )
    server = new Server({ hostKeys: [ed25519KeyPair().private] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept())
      client.on('ready', () =>
        client.on('session', (accept) =>
          accept().on('exec', (acc, _rej, info) => {
            const ch = acc()
            const child = spawn('/bin/sh', ['-c', info.command], { env: { PATH: `${bin}:/usr/bin:/bin`, EXPECTED: SUDO_PW } })
            child.stdout.on('data', (d: Buffer) => ch.write(d))
            child.stderr.on('data', (d: Buffer) => ch.stderr.write(d))
            ch.on('data', (d: Buffer) => child.stdin.write(d))
            ch.on('end', () => child.stdin.end())
            child.stdin.on('error', () => {})
            child.on('close', (code) => {
              ch.exit(code ?? 1)
              ch.end()
            })
          })
        )
      )
      client.on('error', () => {})
    })
    await new Promise<void>((r) => server.listen(0, HOST, () => r()))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => {
    server?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('answers the PAM prompt with the password once; the command reads its own stdin', async () => {
    const file = join(dir, 'written')
    const ex = await connectNode({
      endpoint: { host: HOST, port, user: 'admin', auth: 'password', sudo: 'sudo-password' },
      secrets: { password: 'login', sudoPassword: SUDO_PW },
      hostKeys: new Keys(),
      acceptNewHostKey: true,
      execTimeoutMs: 20_000
    })
    try {
      const r = await ex.exec(`IFS= read -r v; printf '%s' "$v" > ${file}`, { stdin: `${INTENDED}\n` })
      expect(r.code).toBe(0)
      expect(readFileSync(file, 'utf8')).toBe(INTENDED)
      expect(r.stderr).not.toContain('nsmhad-')
      const wrong = await connectNode({
        endpoint: { host: HOST, port, user: 'admin', auth: 'password', sudo: 'sudo-password' },
        secrets: { password: 'login', sudoPassword: 'not-it' },
        hostKeys: new Keys(),
        acceptNewHostKey: true,
        execTimeoutMs: 20_000
      })
      try {
        rmSync(file, { force: true })
        const w = await wrong.exec(`IFS= read -r v; printf '%s' "$v" > ${file}`, { stdin: `${INTENDED}\n` })
        expect(w.code).not.toBe(0)
        expect(w.stderr).toMatch(/Sorry, try again/)
        expect(existsSync(file)).toBe(false)
      } finally {
        wrong.close()
      }
    } finally {
      ex.close()
    }
  })
})
