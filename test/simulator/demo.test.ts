/**
 * `nsm-ha-doctor demo` as a user runs it (the real bin): it validates --scenario, starts a pair, prints
 * how to reach it (addresses, user, password, host keys, the exact check and ssh command lines), the
 * printed endpoints really serve the scenario, and SIGINT stops it cleanly.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SCENARIOS } from '../../src-main/shared/domain/scenario'
import { SIM_VARIANTS, type SimNodeInfo } from '../../src-main/simulator/index'
import { login, tryLogin } from './ssh'

const BIN = join(__dirname, '../../bin/nsm-ha-doctor.mjs')

function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('nsm-ha-doctor demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nsm-demo-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses an unknown scenario with one line naming the valid ones (exit 3)', async () => {
    const r = await runBin(['demo', '--scenario', 'no-such-thing'])
    expect(r.code).toBe(3)
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !/warn|ExperimentalWarning/i.test(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('unknown scenario "no-such-thing"')
    for (const s of SCENARIOS) expect(lines[0]).toContain(s)
  })

  it('refuses an unknown format variant with one line naming the valid ones (exit 3)', async () => {
    const r = await runBin(['demo', '--variant', 'no-such-format'])
    expect(r.code).toBe(3)
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !/warn|ExperimentalWarning/i.test(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('unknown variant "no-such-format"')
    for (const v of SIM_VARIANTS) expect(lines[0]).toContain(v)
  })

  it('starts the pair in a format variant, prints how to reach and check it, serves the scenario, stops on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'demo', '--scenario', 'peer-services-down', '--variant', 'hastatus-compact', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes('Press Ctrl-C')) {
            clearInterval(t)
            resolve()
          } else if (child.exitCode !== null) {
            clearInterval(t)
            reject(new Error(`demo exited: ${err}`))
          }
        }, 100)
      })
      const m = out.match(/primary\s+(\w+)@([\d.]+):(\d+)\s+host key (SHA256:\S+)/)
      const sm = out.match(/secondary\s+(\w+)@([\d.]+):(\d+)\s+host key (SHA256:\S+)/)
      const pw = out.match(/password\s+(\S+)/)
      expect(m && sm && pw, out).toBeTruthy()
      const [, user, host, port, fp] = m as RegExpMatchArray
      expect(out).toContain(`ssh -p ${port} ${user}@${host}`)
      expect(out).toMatch(/^ {2}format variant: hastatus-compact$/m)
      const check = out.split('\n').find((l) => l.trim().startsWith('nsm-ha-doctor check')) ?? ''
      for (const flag of [
        '--primary',
        '--secondary',
        '--password-env NSM_DEMO_PASSWORD',
        '--nsm-home',
        '--nsm-data',
        '--ha-init',
        '--accept-new-host-keys'
      ]) {
        expect(check).toContain(flag)
      }
      const home = check.match(/--nsm-home (\S+)/)?.[1] as string
      const node = { host, port: Number(port), user, password: (pw as RegExpMatchArray)[1], clientKeyPath: '' } as SimNodeInfo
      const s = await login(node)
      try {
        expect(s.hostKeySha256).toBe(fp)
        // the KB10366 two-line haStatus of the variant, the peer timed out by the scenario
        expect((await s.exec(`${home}/HaSvr/utils/haStatus`)).stdout).toBe(
          'Local Server: running network-up db-repl:dirty\nPeer Server: timed-out(error) network-down db-repl:dirty\n'
        )
      } finally {
        s.close()
      }
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(err).toContain('demo pair stopped')
      expect(await tryLogin({ host, port: Number(port), username: user, password: node.password })).toMatch(/ECONNREFUSED/)
      // a --dir given by the caller is kept
      expect(existsSync(join(dir, 'primary/usr/netscreen/HaSvr/var/haSvr.cfg'))).toBe(true)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
