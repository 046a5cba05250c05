/**
 * The embedded SSH server of one simulated node (ssh2 Server on a loopback address): password and
 * public-key auth against the node's own users, exec and shell through the node's .sim/env.sh with the
 * machine's real /bin/sh, and direct-tcpip so a node can serve as a jump host — only to the addresses
 * `allowForward` names (the pair's own SSH servers). Everything else is refused: other channel types
 * (streamlocal, x11, auth-agent), subsystems (sftp) and global requests (tcpip-forward) have no handler,
 * which ssh2 answers with a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connect as netConnect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Server, utils, type Connection, type ServerChannel } from 'ssh2'

export interface NodeServerOptions {
  root: string
  host: string
  loginUser: string
  password: string
  /** public keys (OpenSSH one-line form) accepted for the login user */
  loginKeys: string[]
  hostKey: string
  /** the only direct-tcpip destinations served (the pair's own servers); none when absent */
  allowForward?: (host: string, port: number) => boolean
}

export interface NodeServer {
  host: string
  port: number
  hostKeySha256: string
  close(): Promise<void>
  /** last-resort synchronous cleanup when the process exits without stop() */
  killSync?(): void
}

function nodeUsers(root: string): Set<string> {
  try {
    const text = readFileSync(join(root, 'etc/passwd'), 'utf8')
    return new Set(
      text
        .split('\n')
        .map((l) => l.split(':')[0])
        .filter(Boolean)
    )
  } catch {
    return new Set()
  }
}

function authorizedKeys(root: string, user: string, extra: string[]): string[] {
  const lines = [...extra]
  try {
    lines.push(...readFileSync(join(root, 'home', user, '.ssh/authorized_keys'), 'utf8').split('\n'))
  } catch {
    // no authorized_keys: only the extra keys
  }
  return lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** OpenSSH-style SHA256 fingerprint of a public key blob. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

function runInNode(
  root: string,
  user: string,
  command: string | undefined,
  channel: ServerChannel,
  children: Set<ChildProcess>,
  env: Record<string, string>
): void {
  const args = [join(root, '.sim/env.sh')]
  if (command !== undefined) args.push(command)
  const child = spawn('/bin/sh', args, {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...env, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', SIM_USER: user, SIM_ROOT: root, LANG: 'C.UTF-8' }
  })
  children.add(child)
  child.stdout.on('data', (d: Buffer) => channel.write(d))
  child.stderr.on('data', (d: Buffer) => channel.stderr.write(d))
  channel.on('data', (d: Buffer) => child.stdin.write(d))
  channel.on('end', () => child.stdin.end())
  child.stdin.on('error', () => {})
  let exited = false
  // a dropped session hangs up the command's process group first (so its traps can clean up, e.g. the probe's
  // temp dir), then kills whatever is left of the group a moment later
  const kill = (): void => {
    if (exited || child.pid === undefined) return
    const group = -child.pid
    try {
      process.kill(group, 'SIGHUP')
    } catch {
      return // already gone
    }
    setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 1000).unref()
  }
  channel.on('close', kill)
  child.on('close', (code, signal) => {
    exited = true
    children.delete(child)
    try {
      if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '')
      else channel.exit(code ?? 0)
      channel.end()
    } catch {
      // client went away
    }
  })
}

/** Start the SSH server of one node; resolves when it listens (port chosen by the OS). */
export function startNodeServer(opts: NodeServerOptions): Promise<NodeServer> {
  const children = new Set<ChildProcess>()
  const clients = new Set<Connection>()
  const parsedHost = utils.parseKey(opts.hostKey)
  if (parsedHost instanceof Error) throw parsedHost
  const hostKeySha256 = sha256Fingerprint(parsedHost.getPublicSSH())

  const server = new Server({ hostKeys: [opts.hostKey], ident: 'OpenSSH_9.2p1 Debian-2+deb12u3' }, (client) => {
    clients.add(client)
    let user = ''
    const env: Record<string, string> = {}
    client.on('authentication', (ctx) => {
      user = ctx.username
      if (!nodeUsers(opts.root).has(user)) return ctx.reject(['password', 'publickey'])
      if (ctx.method === 'password') {
        if (user === opts.loginUser && ctx.password === opts.password) return ctx.accept()
        return ctx.reject(['password', 'publickey'])
      }
      if (ctx.method === 'publickey') {
        const extra = user === opts.loginUser ? opts.loginKeys : []
        for (const line of authorizedKeys(opts.root, user, extra)) {
          const key = utils.parseKey(line)
          if (key instanceof Error) continue
          if (key.type !== ctx.key.algo && !(key.type === 'ssh-rsa' && ctx.key.algo.startsWith('rsa-sha2'))) continue
          if (!equal(key.getPublicSSH(), ctx.key.data)) continue
          if (!ctx.signature || !ctx.blob) return ctx.accept()
          if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept()
        }
        return ctx.reject(['password', 'publickey'])
      }
      return ctx.reject(['password', 'publickey'])
    })
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept()
        session.on('env', (accept, _reject, info) => {
          if (/^[A-Z_][A-Z0-9_]*$/.test(info.key) && info.key !== 'PATH' && !info.key.startsWith('SIM_')) env[info.key] = info.val
          accept?.()
        })
        session.on('pty', (accept, _reject, info) => {
          const n = (v: number, d: number): number => (Number.isInteger(v) && v > 0 && v < 1000 ? v : d)
          env.SIM_PTY = `${n(info.cols, 80)}x${n(info.rows, 24)}`
          accept?.()
        })
        session.on('window-change', (accept) => accept?.())
        session.on('exec', (accept, _reject, info) => {
          const { SIM_PTY: _pty, ...rest } = env
          runInNode(opts.root, user, info.command, accept(), children, rest)
        })
        session.on('shell', (accept) => runInNode(opts.root, user, undefined, accept(), children, env))
      })
      client.on('tcpip', (accept, reject, info) => {
        if (!opts.allowForward?.(info.destIP, info.destPort)) return reject()
        const socket = netConnect(info.destPort, info.destIP)
        socket.once('connect', () => {
          const channel = accept()
          socket.pipe(channel).pipe(socket)
          channel.on('close', () => socket.destroy())
        })
        socket.once('error', () => reject())
      })
    })
    client.on('error', () => {})
    client.on('close', () => clients.delete(client))
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, opts.host, () => {
      const { port } = server.address() as AddressInfo
      resolve({
        host: opts.host,
        port,
        hostKeySha256,
        killSync: () => {
          for (const child of children) {
            try {
              if (child.pid) process.kill(-child.pid, 'SIGKILL')
            } catch {
              // gone
            }
          }
        },
        close: () =>
          new Promise<void>((done) => {
            for (const child of children) {
              try {
                if (child.pid) process.kill(-child.pid, 'SIGKILL')
              } catch {
                // gone
              }
            }
            for (const c of clients) c.end()
            server.close(() => done())
            setTimeout(done, 1000).unref()
          })
      })
    })
  })
}
