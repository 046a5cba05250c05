/**
 * A fix session: connections to both nodes and a fresh run of the checks, for the CLI (and the app until
 * TRANSPORT's connectNode/runPair are wired in). SSH is ssh2 with password / key / agent auth and host keys
 * checked against a HostKeyStore (pinned on first use only when allowed); the run is the diagnostics engine
 * (collectNode on each node + evaluatePair).
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { userInfo, hostname } from 'node:os'
import { Client, type ConnectConfig } from 'ssh2'
import { countStatuses, STATUS_SEVERITY, type CheckStatus, type NodeRole } from '../../shared/domain/check'
import type { PairConfig } from '../../shared/domain/pair'
import type { RunReport } from '../../shared/domain/run'
import { collectNode, evaluatePair, unreachableNode } from '../diagnostics'
import type { ExecOptions, ExecResult, HostKeyStore, SshExecutor } from '../ssh/executor'

export interface NodeSecrets {
  password?: string
  passphrase?: string
}

export interface FixSessionOptions {
  pair: PairConfig
  secrets?: Partial<Record<NodeRole, NodeSecrets>>
  hostKeys?: HostKeyStore
  /** pin a host key seen for the first time (else refuse) */
  acceptNewHostKeys?: boolean
  timeoutMs?: number
}

export interface FixSession {
  connect(role: NodeRole): Promise<SshExecutor>
  run(signal?: AbortSignal): Promise<RunReport>
}

export function whoAmI(): string {
  try {
    return `${userInfo().username}@${hostname()}`
  } catch {
    return `unknown@${hostname()}`
  }
}

export function openFixSession(o: FixSessionOptions): FixSession {
  const connect = (role: NodeRole) => sshConnect(o, role)
  return {
    connect,
    run: async (signal) => {
      const salt = randomBytes(12).toString('hex')
      const startedAt = new Date().toISOString()
      const cols = await Promise.all(
        (['primary', 'secondary'] as const).map(async (role) => {
          const ep = o.pair[role]
          let ex: SshExecutor | undefined
          try {
            ex = await connect(role)
            return await collectNode(ex, { role, host: ep.host, port: ep.port, paths: o.pair.paths, salt, signal })
          } catch (err) {
            return unreachableNode(role, ep.host, ep.port, (err as Error).message)
          } finally {
            ex?.close()
          }
        })
      )
      const checks = evaluatePair(cols[0], cols[1], { salt, now: Date.now() })
      const summary = countStatuses(checks)
      const verdict = checks.reduce<CheckStatus>((w, c) => (STATUS_SEVERITY[c.status] > STATUS_SEVERITY[w] ? c.status : w), 'skipped')
      const p = o.pair
      return {
        schema: 1,
        startedAt,
        finishedAt: new Date().toISOString(),
        state: 'completed',
        by: whoAmI(),
        pair: {
          ...(p.id !== undefined ? { id: p.id } : {}),
          name: p.name,
          primary: { host: p.primary.host, port: p.primary.port, user: p.primary.user },
          secondary: { host: p.secondary.host, port: p.secondary.port, user: p.secondary.user },
          paths: p.paths
        },
        nodes: { primary: cols[0].facts, secondary: cols[1].facts },
        checks,
        summary,
        verdict
      }
    }
  }
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
}

async function sshConnect(o: FixSessionOptions, role: NodeRole): Promise<SshExecutor> {
  const ep = o.pair[role]
  const secrets = o.secrets?.[role] ?? {}
  const client = new Client()
  let hostKeySha256 = ''
  let bytesIn = 0
  let hostKeyProblem: string | undefined
  const cfg: ConnectConfig = {
    host: ep.host,
    port: ep.port,
    username: ep.user,
    readyTimeout: o.timeoutMs ?? 20_000,
    hostVerifier: (key: Buffer) => {
      hostKeySha256 = fingerprint(key)
      const pinned = o.hostKeys?.get(ep.host, ep.port)
      if (pinned === hostKeySha256) return true
      if (pinned) {
        hostKeyProblem = `host key of ${ep.host}:${ep.port} CHANGED (pinned ${pinned}, offered ${hostKeySha256}): refusing`
        return false
      }
      if (!o.acceptNewHostKeys) {
        hostKeyProblem = `host key of ${ep.host}:${ep.port} is not known (${hostKeySha256}): run a check first or pass --accept-new-host-keys`
        return false
      }
      o.hostKeys?.pin(ep.host, ep.port, hostKeySha256)
      return true
    }
  }
  if (secrets.password !== undefined) cfg.password = secrets.password
  if (ep.auth === 'key' && ep.identityFile) {
    cfg.privateKey = readFileSync(ep.identityFile)
    if (secrets.passphrase !== undefined) cfg.passphrase = secrets.passphrase
  }
  if (ep.auth === 'agent' && process.env.SSH_AUTH_SOCK) cfg.agent = process.env.SSH_AUTH_SOCK
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', (err) => reject(hostKeyProblem ? new Error(hostKeyProblem) : err))
    client.connect(cfg)
  })
  return {
    get hostKeySha256() {
      return hostKeySha256
    },
    get bytesIn() {
      return bytesIn
    },
    close: () => client.end(),
    exec: (command: string, eo: ExecOptions = {}) =>
      new Promise<ExecResult>((resolve, reject) => {
        client.exec(command, (err, ch) => {
          if (err) return reject(err)
          let stdout = ''
          let stderr = ''
          let mine = 0
          let done = false
          const stop = (why: string) => {
            if (done) return
            done = true
            ch.close()
            reject(new Error(why))
          }
          const timer = eo.timeoutMs ? setTimeout(() => stop(`timed out after ${eo.timeoutMs} ms`), eo.timeoutMs) : undefined
          eo.signal?.addEventListener('abort', () => stop('cancelled'), { once: true })
          ch.on('data', (d: Buffer) => {
            bytesIn += d.length
            mine += d.length
            const s = d.toString('utf8')
            stdout += s
            eo.onStdout?.(s)
          })
          ch.stderr.on('data', (d: Buffer) => {
            bytesIn += d.length
            mine += d.length
            const s = d.toString('utf8')
            stderr += s
            eo.onStderr?.(s)
          })
          let code: number | null = null
          let signal: string | undefined
          ch.on('exit', (c: number | null, sig?: string) => {
            code = c
            signal = sig
          })
          ch.on('close', () => {
            if (timer) clearTimeout(timer)
            if (done) return
            done = true
            resolve({ code, signal, stdout, stderr, bytesIn: mine })
          })
          if (eo.stdin !== undefined) ch.end(eo.stdin)
          else ch.end()
        })
      })
  }
}
