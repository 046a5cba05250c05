/**
 * Host keys an admin can check on an NSM appliance, in Debian Chromium against a real OpenSSH sshd with an
 * RSA host key (the only kind CentOS/RHEL 5/6 appliances have besides DSA): the dialog shows the MD5 form
 * beside SHA256 — both equal to what `ssh-keygen -l` prints for the key file — names
 * `ssh_host_rsa_key.pub` in the console hint (`-E md5` only as the newer-OpenSSH form) and opens with
 * the focus on Close, not on "Trust this key".
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { commandExists, requireChromium, requireSystem, SSHD_PATH } from '../helpers/system'
import { startAppSession, type AppSession } from './bridge'

const gate = requireChromium()
const sshd = gate.available
  ? requireSystem('OpenSSH sshd and ssh-keygen', !!SSHD_PATH && commandExists('ssh-keygen'), 'apt-get install openssh-server')
  : gate

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((ok) => s.close(() => ok()))
  return port
}

/** a real sshd with only an RSA host key, listening on 127.0.0.1 (no login is needed: the test stops at the key) */
async function startRsaSshd(dir: string): Promise<{ port: number; port2: number; keyFile: string; child: ChildProcess }> {
  const keyFile = join(dir, 'ssh_host_rsa_key')
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', keyFile])
  const port = await freePort()
  // a second port for the other node (an appliance pair reached through two forwarded ports)
  const port2 = await freePort()
  const conf = join(dir, 'sshd_config')
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      `Port ${port2}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${keyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel ERROR',
      ''
    ].join('\n')
  )
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true })
  const child = spawn(SSHD_PATH!, ['-D', '-f', conf, '-E', join(dir, 'sshd.log')], { stdio: 'ignore' })
  const deadline = Date.now() + 10_000
  for (;;) {
    const up = await new Promise<boolean>((ok) => {
      const s = createServer()
      s.once('error', () => ok(true))
      s.listen(port, '127.0.0.1', () => s.close(() => ok(false)))
    })
    if (up) break
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('sshd did not start')
    await new Promise((r) => setTimeout(r, 50))
  }
  return { port, port2, keyFile, child }
}

describe.skipIf(!sshd.available)('host keys of an NSM appliance (real sshd, RSA key)', () => {
  let session: AppSession
  let page: Page
  let dir: string
  let server: Awaited<ReturnType<typeof startRsaSshd>>
  const errors: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-rsa-sshd-'))
    server = await startRsaSshd(dir)
    session = await startAppSession('nsm-ui-md5-', errors, async (b) => {
      const node = { host: '127.0.0.1', port: server.port, user: 'root', auth: 'password' as const, sudo: 'none' as const }
      const paths = { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' }
      b.store.pairs.save({
        name: 'rsa appliance',
        primary: node,
        secondary: { ...node, port: server.port2 },
        paths,
        tags: [],
        notes: ''
      })
    })
    page = session.page
  }, 60_000)

  afterAll(async () => {
    await session?.close()
    server?.child.kill('SIGTERM')
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows MD5 beside SHA256 as ssh-keygen prints them, the RSA key file in the hint, and focuses Close', async () => {
    // what the admin reads on the console: ssh-keygen's own fingerprints of the key file
    const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${server.keyFile}.pub`], { encoding: 'utf8' }).split(' ')[1]
    const sha = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${server.keyFile}.pub`], { encoding: 'utf8' }).split(' ')[1]
    expect(md5).toMatch(/^MD5:([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
    await page.getByTestId('pair').first().click()
    await page.getByTestId('run').click()
    await page.getByTestId('hostkey-banner').waitFor({ timeout: 60_000 })
    await page.getByTestId('hk-review').click()
    const dialog = page.getByTestId('hostkey-dialog')
    await dialog.waitFor({ timeout: 30_000 })
    const key = dialog.getByTestId('hk-new-key').first()
    expect(await key.getByTestId('hk-fingerprint').textContent()).toBe(sha)
    expect(await key.getByTestId('hk-md5').textContent()).toBe(md5)
    expect(await key.textContent()).toContain('ssh-rsa')
    const hint = (await key.getByTestId('hk-hint').textContent()) ?? ''
    expect(hint).toContain('ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub')
    expect(hint).toMatch(/OpenSSH 6\.8 or later:\s*ssh-keygen -l -E md5 -f \/etc\/ssh\/ssh_host_rsa_key\.pub/)
    expect(hint).not.toContain('ed25519')
    // the safe choice has the focus: Enter closes, it does not trust
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement?.getAttribute('data-testid')
      )
    ).toBe('hk-close')
    await page.keyboard.press('Enter')
    expect(await dialog.count()).toBe(0)
    expect(session.bridge.store.hostKeys.get('127.0.0.1', server.port)).toBeUndefined()
    expect(errors).toEqual([])
  }, 90_000)
})
