/**
 * A throwaway OS user with a password, reachable over a throwaway OpenSSH `sshd` on loopback (key login),
 * and sudoers rules that the tests swap (NOPASSWD, password, cached credentials). Needs root, sshd, sudo
 * and useradd; everything is removed by stop().
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ed25519KeyPair } from '../../src-main/simulator/keys'
import { commandExists, SSHD_PATH } from '../helpers/system'

export const HOST = '127.0.0.1'

export function realSudoAvailable(): boolean {
  return process.getuid?.() === 0 && !!SSHD_PATH && commandExists('sudo') && commandExists('useradd') && commandExists('visudo')
}

export interface SudoHost {
  user: string
  password: string
  port: number
  keyFile: string
  dir: string
  /** replace the user's sudoers rule (validated with visudo) and forget cached sudo credentials */
  rule(lines: string[]): void
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, HOST)
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('sshd did not listen')
}

export async function startSudoHost(): Promise<SudoHost> {
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-sudo-'))
  chmodSync(dir, 0o755)
  const user = `nsmhad${randomBytes(3).toString('hex')}`
  const password = `Pw-${randomBytes(9).toString('base64url')}`
  const sudoers = `/etc/sudoers.d/${user}`
  const home = join(dir, 'home')
  execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', user])
  let child: ChildProcess | undefined
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))])
    }
    rmSync(sudoers, { force: true })
    rmSync(`/run/sudo/ts/${user}`, { force: true })
    try {
      execFileSync('userdel', [user], { stdio: 'ignore' })
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    execFileSync('chpasswd', [], { input: `${user}:${password}\n` })
    mkdirSync(home, { mode: 0o755 })
    execFileSync('chown', [user, home])
    const key = ed25519KeyPair('nsmhad-sudo-test')
    const keyFile = join(dir, 'id_ed25519')
    writeFileSync(keyFile, key.private, { mode: 0o600 })
    const authorized = join(dir, 'authorized_keys')
    writeFileSync(authorized, `${key.public}\n`, { mode: 0o644 })
    const hostKey = join(dir, 'ssh_host_ed25519_key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey])
    const port = await freePort()
    const log = join(dir, 'sshd.log')
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        `ListenAddress ${HOST}`,
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorized}`,
        `AllowUsers ${user}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        'UsePAM no',
        'UseDNS no',
        'StrictModes no',
        'DisableForwarding yes',
        'PrintMotd no',
        'LogLevel ERROR',
        ''
      ].join('\n')
    )
    mkdirSync('/run/sshd', { recursive: true })
    child = spawn(SSHD_PATH as string, ['-D', '-f', join(dir, 'sshd_config'), '-E', log], { stdio: 'ignore' })
    await waitForPort(port, child, log)
    return {
      user,
      password,
      port,
      keyFile,
      dir,
      rule(lines) {
        const file = join(dir, 'sudoers')
        writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o440 })
        execFileSync('visudo', ['-c', '-q', '-f', file])
        writeFileSync(sudoers, readFileSync(file), { mode: 0o440 })
        rmSync(`/run/sudo/ts/${user}`, { force: true })
      },
      stop
    }
  } catch (e) {
    await stop()
    throw e
  }
}
