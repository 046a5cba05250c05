/**
 * The same simulated node trees served by real OpenSSH: one `sshd -D` per node on 127.0.0.11/12 with its
 * own config and host key, `ForceCommand` into the node's env.sh. Logins are the current OS user with the
 * admin key; the rsync user's trust test logs in as the OS user too and names the node user with
 * `SetEnv SIM_USER=nsm` (env.sh refuses users missing from the node's etc/passwd).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, connect, type AddressInfo } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import type { NodeRole } from '../shared/domain/check'
import type { ScenarioName } from '../shared/domain/scenario'
import { assemblePair, createSimPairTree, type NodeServer, type SimPair } from './index'
import { ed25519KeyPair } from './keys'
import { sha256Fingerprint } from './server'
import type { SimVariant } from './variants'
import { nodePaths } from './tree'

export const SSHD_CANDIDATES = ['/usr/sbin/sshd', '/usr/local/sbin/sshd']

export function findSshd(): string | undefined {
  return SSHD_CANDIDATES.find((p) => existsSync(p))
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

async function waitForPort(host: string, port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${readTail(log)}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host)
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`sshd did not listen on ${host}:${port}: ${readTail(log)}`)
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ')
  } catch {
    return 'no log'
  }
}

async function startSshd(sshd: string, dir: string, role: NodeRole, host: string, adminPub: string): Promise<NodeServer> {
  const root = nodePaths(dir, role).root
  // outside the node tree: applyScenario rewrites the trees while sshd keeps running
  const conf = join(dir, `.sshd-${role}`)
  mkdirSync(conf, { recursive: true })
  const hostKey = join(conf, 'ssh_host_ed25519_key')
  if (!existsSync(hostKey)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey])
  const port = await freePort(host)
  const log = join(conf, 'sshd.log')
  writeFileSync(
    join(conf, 'sshd_config'),
    [
      `Port ${port}`,
      `ListenAddress ${host}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(conf, 'sshd.pid')}`,
      `AuthorizedKeysFile ${adminPub} ${join(root, 'home/nsm/.ssh/authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin yes',
      'UsePAM no',
      'UseDNS no',
      'StrictModes no',
      // a node is reached only by its own shell: no TCP, socket, X11 or agent forwarding, no tunnels
      'DisableForwarding yes',
      'PermitTunnel no',
      'AcceptEnv SIM_USER',
      // sshd runs ForceCommand through the login shell; bash started by sshd with SHLVL unset sources the
      // user's ~/.bashrc (seconds with pyenv/nvm): SHLVL=1 makes it a nested shell, which does not
      'SetEnv SHLVL=1',
      `ForceCommand /bin/sh ${join(root, '.sim/env.sh')}`,
      'PrintMotd no',
      'PrintLastLog no',
      'LogLevel ERROR',
      ''
    ].join('\n')
  )
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true })
  const child = spawn(sshd, ['-D', '-f', join(conf, 'sshd_config'), '-E', log], { stdio: 'ignore' })
  await waitForPort(host, port, child, log)
  const pub = utils.parseKey(readFileSync(`${hostKey}.pub`, 'utf8'))
  if (pub instanceof Error) throw pub
  return {
    host,
    port,
    hostKeySha256: sha256Fingerprint(pub.getPublicSSH()),
    killSync: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(resolve, 1000).unref()
      })
  }
}

/** Start a simulated pair served by two real OpenSSH sshd processes. */
export async function startOpenSshPair(opts: { scenario?: ScenarioName; variant?: SimVariant; dir?: string } = {}): Promise<SimPair> {
  const sshd = findSshd()
  if (!sshd) throw new Error('OpenSSH sshd not found (Debian: apt-get install openssh-server)')
  const ownDir = !opts.dir
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'nsm-sshd-'))
  const clientKeyPath = join(dir, 'admin_ed25519')
  const key = ed25519KeyPair('nsm-ha-doctor-sim-admin')
  writeFileSync(clientKeyPath, key.private, { mode: 0o600 })
  writeFileSync(`${clientKeyPath}.pub`, `${key.public}\n`)
  const tree = createSimPairTree({ dir, scenario: opts.scenario, variant: opts.variant })
  const linux = process.platform === 'linux'
  const primary = await startSshd(sshd, dir, 'primary', linux ? '127.0.0.11' : '127.0.0.1', `${clientKeyPath}.pub`)
  const secondary = await startSshd(sshd, dir, 'secondary', linux ? '127.0.0.12' : '127.0.0.1', `${clientKeyPath}.pub`).catch(
    async (e: unknown) => {
      await primary.close()
      throw e
    }
  )
  const user = userInfo().username
  return assemblePair({ dir, ownDir, tree, user, password: '', clientKeyPath, servers: { primary, secondary }, auth: 'key', loginAs: user })
}
