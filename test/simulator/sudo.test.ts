/**
 * The simulated nodes' sudo and su ask for a password the way the real ones do, so a "sudo with password"
 * pair proves something: with a sudo password set, `sudo -n` fails, sudo without -S has no terminal to read
 * from, `sudo -S` reads one line from stdin (the command gets the rest), wrong passwords are retried then
 * refused; su from a non-root user needs the target user's password. The product's transport over real SSH
 * (sudo mode "sudo-password") reaches root with the right password only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeEndpoint } from '../../src-main/shared/domain/pair'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { HostKeyStore, SshExecutor } from '../../src-main/main/ssh/executor'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'

const SUDO_PW = 'Sudo-Pass-4711'
const NSM_PW = 'nsm-user-pass'

let pair: SimPair
const pins = new Map<string, string>()
const hostKeys: HostKeyStore = { get: (h, p) => pins.get(`${h}:${p}`), pin: (h, p, k) => void pins.set(`${h}:${p}`, k) }

beforeAll(async () => {
  pair = await startSimPair({ sudoPassword: SUDO_PW, userPasswords: { nsm: NSM_PW } })
})
afterAll(async () => {
  await pair?.stop()
})

async function connect(sudo: NodeEndpoint['sudo'], sudoPassword?: string): Promise<SshExecutor> {
  const n = pair.primary
  return connectNode({
    endpoint: { host: n.host, port: n.port, user: n.user, auth: 'password', sudo },
    secrets: { password: n.password, ...(sudoPassword !== undefined ? { sudoPassword } : {}) },
    hostKeys,
    acceptNewHostKey: true
  })
}

describe('simulated sudo with a password', () => {
  let ex: SshExecutor
  beforeAll(async () => {
    ex = await connect('none')
  })
  afterAll(() => ex?.close())

  it('sudo -n fails: a password is required', async () => {
    const r = await ex.exec('sudo -n id -un')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('sudo: a password is required\n')
  })

  it('without -S there is no terminal to read the password from', async () => {
    const r = await ex.exec('sudo id -un', { stdin: `${SUDO_PW}\n` })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^sudo: a terminal is required to read the password/)
  })

  it('-S with the password: prompt on stderr, root, and the command reads the rest of stdin', async () => {
    const r = await ex.exec(`sudo -S -p 'PW:' sh -c 'id -un; IFS= read -r l; echo "got $l"'`, { stdin: `${SUDO_PW}\nnext line\n` })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('root\ngot next line\n')
    expect(r.stderr).toBe('PW:')
  })

  it('-S with wrong passwords: asked again, refused after three, the command never runs', async () => {
    const r = await ex.exec('sudo -S -u nsm id -un', { stdin: 'a\nb\nc\n' })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      '[sudo] password for admin: Sorry, try again.\n'.repeat(2) + '[sudo] password for admin: sudo: 3 incorrect password attempts\n'
    )
  })

  it('su to another user needs that user’s password', async () => {
    const ok = await ex.exec("su -s /bin/sh -c 'id -un' nsm", { stdin: `${NSM_PW}\n` })
    expect([ok.code, ok.stdout]).toEqual([0, 'nsm\n'])
    const wrong = await ex.exec("su -s /bin/sh -c 'id -un' nsm", { stdin: 'guess\n' })
    expect([wrong.code, wrong.stdout]).toEqual([1, ''])
    expect(wrong.stderr).toMatch(/su: Authentication failure/)
    const noEntry = await ex.exec("su -s /bin/sh -c 'id -un' root", { stdin: `${NSM_PW}\n` })
    expect(noEntry.code).toBe(1)
  })
})

describe('the product’s sudo modes against it', () => {
  it('"sudo-password" with the right password runs commands as root', async () => {
    const ex = await connect('sudo-password', SUDO_PW)
    try {
      const r = await ex.exec('id -un')
      expect([r.code, r.stdout]).toEqual([0, 'root\n'])
      expect(r.stderr).not.toContain(SUDO_PW)
    } finally {
      ex.close()
    }
  })

  it('"sudo-password" with a wrong password: the command does not run and the password is not echoed', async () => {
    const ex = await connect('sudo-password', 'not-the-password')
    try {
      const r = await ex.exec('id -un')
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).not.toContain('not-the-password')
    } finally {
      ex.close()
    }
  })

  it('"sudo" (-n, no password sent) is refused where a password is required', async () => {
    const ex = await connect('sudo')
    try {
      const r = await ex.exec('id -un')
      expect([r.code, r.stdout]).toEqual([1, ''])
      expect(r.stderr).toMatch(/a password is required/)
    } finally {
      ex.close()
    }
  })
})
