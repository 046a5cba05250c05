/**
 * A small real SSH client (ssh2) for the simulator tests: log in to a simulated node as an admin would
 * (password or the pair's admin key), run commands, open an interactive shell. Not a fake: every call
 * crosses a real SSH connection to the node's server (embedded or OpenSSH sshd).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2'
import type { SimNodeInfo } from '../../src-main/simulator/index'

export interface ExecOut {
  code: number | null
  stdout: string
  stderr: string
  /** stdout + stderr */
  all: string
}

export interface NodeSession {
  exec(cmd: string, opts?: { stdin?: string; timeoutMs?: number }): Promise<ExecOut>
  /** interactive shell: sends `input` line by line, returns everything printed until the shell exits */
  shell(input: string, timeoutMs?: number): Promise<string>
  client: Client
  hostKeySha256: string
  close(): void
}

export function connectConfig(n: SimNodeInfo, over: Partial<ConnectConfig> = {}): ConnectConfig {
  return {
    host: n.host,
    port: n.port,
    username: n.user,
    ...(n.password ? { password: n.password } : { privateKey: readFileSync(n.clientKeyPath, 'utf8') }),
    readyTimeout: 20_000,
    ...over
  }
}

/** Resolves with an error message when the login is refused, undefined when it works. */
export async function tryLogin(cfg: ConnectConfig): Promise<string | undefined> {
  const client = new Client()
  return new Promise((resolve) => {
    client.once('ready', () => {
      client.end()
      resolve(undefined)
    })
    client.once('error', (e) => resolve(e.message))
    client.connect({ readyTimeout: 20_000, ...cfg })
  })
}

export async function login(n: SimNodeInfo, over: Partial<ConnectConfig> = {}): Promise<NodeSession> {
  const client = new Client()
  let hostKeySha256 = ''
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', reject)
    client.connect({
      ...connectConfig(n, over),
      hostVerifier: (key: Buffer) => {
        hostKeySha256 = fingerprint(key)
        return true
      }
    })
  })
  const collect = (stream: ClientChannel, timeoutMs: number): Promise<ExecOut> =>
    new Promise((resolve) => {
      let stdout = ''
      let stderr = ''
      const timer = setTimeout(() => stream.close(), timeoutMs)
      stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
      stream.on('close', (code: number | null) => {
        clearTimeout(timer)
        resolve({ code: code ?? null, stdout, stderr, all: stdout + stderr })
      })
    })
  return {
    client,
    get hostKeySha256() {
      return hostKeySha256
    },
    close: () => client.end(),
    exec: (cmd, opts = {}) =>
      new Promise((resolve, reject) => {
        client.exec(cmd, (err, stream) => {
          if (err) return reject(err)
          const done = collect(stream, opts.timeoutMs ?? 30_000)
          stream.end(opts.stdin)
          void done.then(resolve)
        })
      }),
    shell: (input, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        client.shell({ term: 'xterm', rows: 24, cols: 100 }, (err, stream) => {
          if (err) return reject(err)
          const done = collect(stream, timeoutMs)
          stream.end(input)
          void done.then((o) => resolve(o.all))
        })
      })
  }
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
}

/** Replace `$H` / `$D` / `$I` with the pair's NSM home, data root and init script. */
export function paths(n: SimNodeInfo, cmd: string): string {
  return cmd.replaceAll('$H', n.nsmHome).replaceAll('$D', n.nsmData).replaceAll('$I', n.haInit)
}

/** Poll until `check` returns true (no timing assertion: a generous bound only against hangs). */
export async function until(check: () => Promise<boolean>, what: string, boundMs = 30_000): Promise<void> {
  const end = Date.now() + boundMs
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`still not true after ${boundMs} ms: ${what}`)
}
