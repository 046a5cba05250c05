/**
 * The SSH transport against real SSH servers (the simulator's embedded server, and throwaway ssh2
 * servers for the weak-algorithm case): every auth kind, host-key pinning and refusal, jump host, sudo,
 * timeouts, dropped connections and the one-line reasons a user sees.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeEndpoint } from '../../src-main/shared/domain/pair'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'
import { KnownHostsFile } from '../../src-main/main/ssh/known-hosts-file'
import { connectNode, type ConnectOptions } from '../../src-main/main/ssh/ssh2-connection'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { commandExists, requireSystem } from '../helpers/system'
import { startLegacyOnlySsh2Server } from '../helpers/legacy-ssh2-server'

class MemoryHostKeys implements HostKeyStore {
  pins = new Map<string, string>()
  get(host: string, port: number): string | undefined {
    return this.pins.get(`${host}:${port}`)
  }
  pin(host: string, port: number, sha256: string): void {
    this.pins.set(`${host}:${port}`, sha256)
  }
}

let pair: SimPair
let work: string
beforeAll(async () => {
  pair = await startSimPair()
  work = mkdtempSync(join(tmpdir(), 'nhd-ssh-'))
})
afterAll(async () => {
  await pair?.stop()
  rmSync(work, { recursive: true, force: true })
})

function endpoint(role: 'primary' | 'secondary', over: Partial<NodeEndpoint> = {}): NodeEndpoint {
  const n = pair[role]
  return { host: n.host, port: n.port, user: n.user, auth: 'password', sudo: 'none', ...over }
}

function options(over: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    endpoint: endpoint('primary'),
    secrets: { password: pair.primary.password },
    hostKeys: new MemoryHostKeys(),
    acceptNewHostKey: true,
    ...over
  }
}

function authorize(role: 'primary' | 'secondary', pubFile: string): void {
  const dir = join(pair[role].root, 'home/admin/.ssh')
  mkdirSync(dir, { recursive: true })
  appendFileSync(join(dir, 'authorized_keys'), readFileSync(pubFile, 'utf8'))
}

describe('authentication', () => {
  it('password: runs a command and reports exit code, output and bytes', async () => {
    const ex = await connectNode(options())
    const r = await ex.exec('hostname; echo err >&2; exit 3')
    ex.close()
    expect(r).toMatchObject({ code: 3, stdout: 'nsm-primary\n', stderr: 'err\n' })
    expect(r.bytesIn).toBeGreaterThan(0)
    expect(ex.hostKeySha256).toBe(pair.primary.hostKeySha256)
  })

  it('a wrong password is refused with a one-line reason naming user, host and method', async () => {
    const err = await connectNode(options({ secrets: { password: 'wrong' } })).catch((e: Error) => e)
    expect((err as Error).message).toBe(`authentication refused for admin@${pair.primary.host}:${pair.primary.port} (method: password)`)
  })

  it('private key, and a passphrase-protected key (refused without its passphrase)', async () => {
    const ex = await connectNode(
      options({ endpoint: endpoint('primary', { auth: 'key', identityFile: pair.primary.clientKeyPath }), secrets: {} })
    )
    expect((await ex.exec('id -un')).stdout).toBe('admin\n')
    ex.close()
    const keyFile = join(work, 'protected')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', keyFile])
    authorize('primary', `${keyFile}.pub`)
    const ep = endpoint('primary', { auth: 'key', identityFile: keyFile })
    const ok = await connectNode(options({ endpoint: ep, secrets: { passphrase: 'open sesame' } }))
    expect((await ok.exec('echo in')).stdout).toBe('in\n')
    ok.close()
    const err = await connectNode(options({ endpoint: ep, secrets: {} })).catch((e: Error) => e)
    expect((err as Error).message).toMatch(/^cannot use the private key for admin@.*passphrase/)
  })

  const agent = requireSystem('ssh-agent', commandExists('ssh-agent'), 'install openssh-client')
  it.skipIf(!agent.available)('ssh-agent', async () => {
    const keyFile = join(work, 'agentkey')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile])
    authorize('primary', `${keyFile}.pub`)
    const sock = join(work, 'agent.sock')
    const proc = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' })
    try {
      for (let i = 0; i < 50; i++) {
        try {
          execFileSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' })
          break
        } catch {
          await new Promise((r) => setTimeout(r, 100))
        }
      }
      const saved = process.env.SSH_AUTH_SOCK
      process.env.SSH_AUTH_SOCK = sock
      try {
        const ex = await connectNode(options({ endpoint: endpoint('primary', { auth: 'agent' }), secrets: {} }))
        expect((await ex.exec('id -un')).stdout).toBe('admin\n')
        ex.close()
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK
        else process.env.SSH_AUTH_SOCK = saved
      }
    } finally {
      proc.kill()
    }
  })
})

describe('host keys', () => {
  it('an unknown key is refused unless accepted, then pinned and matched', async () => {
    const store = new MemoryHostKeys()
    const refused = await connectNode(options({ hostKeys: store, acceptNewHostKey: false })).catch((e: Error) => e)
    expect((refused as Error).message).toContain(`is not pinned yet (${pair.primary.hostKeySha256})`)
    expect(store.pins.size).toBe(0)
    const ex = await connectNode(options({ hostKeys: store, acceptNewHostKey: true }))
    ex.close()
    expect(store.get(pair.primary.host, pair.primary.port)).toBe(pair.primary.hostKeySha256)
    const again = await connectNode(options({ hostKeys: store, acceptNewHostKey: false }))
    again.close()
  })

  it('a changed key is refused loudly even when new keys would be accepted', async () => {
    const store = new MemoryHostKeys()
    store.pin(pair.primary.host, pair.primary.port, 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldold0')
    const err = await connectNode(options({ hostKeys: store, acceptNewHostKey: true })).catch((e: Error) => e)
    expect((err as Error).message).toMatch(/host key of .* CHANGED: pinned SHA256:old.*offered SHA256:.* refused/)
    expect(store.get(pair.primary.host, pair.primary.port)).toMatch(/^SHA256:old/)
  })

  it('a known_hosts file pins in OpenSSH format that OpenSSH itself accepts', async () => {
    const file = join(work, 'known_hosts')
    const ex = await connectNode(options({ hostKeys: new KnownHostsFile(file), acceptNewHostKey: true }))
    ex.close()
    const line = readFileSync(file, 'utf8')
    expect(line).toMatch(new RegExp(`^\\[${pair.primary.host}\\]:${pair.primary.port} ssh-ed25519 AAAA`))
    expect(new KnownHostsFile(file).get(pair.primary.host, pair.primary.port)).toBe(pair.primary.hostKeySha256)
    // async: the SSH server lives in this process
    const { stdout } = await promisify(execFile)('ssh', [
      '-o',
      `UserKnownHostsFile=${file}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-i',
      pair.primary.clientKeyPath,
      '-p',
      String(pair.primary.port),
      `admin@${pair.primary.host}`,
      'echo trusted'
    ])
    expect(stdout).toBe('trusted\n')
  })
})

describe('routes, privileges and failures', () => {
  it('reaches the secondary through the primary as jump host (both keys checked)', async () => {
    const store = new MemoryHostKeys()
    const ex = await connectNode({
      endpoint: endpoint('secondary'),
      secrets: { password: pair.secondary.password },
      jumpHost: endpoint('primary'),
      jumpSecrets: { password: pair.primary.password },
      hostKeys: store,
      acceptNewHostKey: true
    })
    expect((await ex.exec('hostname')).stdout).toBe('nsm-secondary\n')
    ex.close()
    expect(store.pins.size).toBe(2)
  })

  it('sudo mode runs commands as root when the login user is not root', async () => {
    const ex = await connectNode(options({ endpoint: endpoint('primary', { sudo: 'sudo' }) }))
    expect((await ex.exec("id -un; echo 'quoted $HOME'")).stdout).toBe('root\nquoted $HOME\n')
    ex.close()
  })

  it('a command past its timeout is killed with a clear reason, the connection stays usable', async () => {
    const ex = await connectNode(options())
    const err = await ex.exec('sleep 20', { timeoutMs: 400 }).catch((e: Error) => e)
    expect((err as Error).message).toBe(`command timed out after 0 s on ${pair.primary.host}`)
    expect((await ex.exec('echo still here')).stdout).toBe('still here\n')
    ex.close()
  })

  it('a connection dropped mid-command rejects with "dropped"', async () => {
    const other = await startSimPair()
    const n = other.primary
    const ex = await connectNode({
      endpoint: { host: n.host, port: n.port, user: n.user, auth: 'password', sudo: 'none' },
      secrets: { password: n.password },
      hostKeys: new MemoryHostKeys(),
      acceptNewHostKey: true
    })
    const pending = ex.exec('sleep 30').catch((e: Error) => e)
    await new Promise((r) => setTimeout(r, 300))
    await other.stop()
    expect(((await pending) as Error).message).toMatch(new RegExp(`^connection to ${n.host}:${n.port} dropped`))
  })

  it('a closed port gives "connection refused"', async () => {
    const err = await connectNode(options({ endpoint: { host: '127.0.0.1', port: 1, user: 'x', auth: 'password', sudo: 'none' } })).catch(
      (e: Error) => e
    )
    expect((err as Error).message).toBe('connection refused by 127.0.0.1:1 (is sshd running and the port right?)')
  })

  it('a server offering only weak algorithms is refused, and accepted with the legacy opt-in', async () => {
    const server = await startLegacyOnlySsh2Server()
    const port = server.port
    try {
      const ep: NodeEndpoint = { host: '127.0.0.1', port, user: 'old', auth: 'password', sudo: 'none' }
      const err = await connectNode(options({ endpoint: ep, secrets: { password: 'x' } })).catch((e: Error) => e)
      expect((err as Error).message).toMatch(/offers only weak\/legacy SSH algorithms .*--allow-legacy-algorithms/)
      const ex = await connectNode(options({ endpoint: ep, secrets: { password: 'x' }, allowLegacyAlgorithms: true }))
      ex.close()
    } finally {
      server.close()
    }
  })
})
