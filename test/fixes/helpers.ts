/**
 * Test plumbing for the fix tests: a simulated pair over real SSH, a run of the real check engine over it,
 * and connections for applyFix. Until TRANSPORT's connectNode/runPair land, a minimal ssh2 executor and the
 * diagnostics engine (collectNode + evaluatePair) stand in — both talk to the real simulator over SSH.
 */
import { createHash } from 'node:crypto'
import { Client } from 'ssh2'
import type { NodeRole } from '../../src-main/shared/domain/check'
import { countStatuses, STATUS_SEVERITY, type CheckStatus } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'
import type { ExecOptions, ExecResult, SshExecutor } from '../../src-main/main/ssh/executor'
import { collectNode, evaluatePair } from '../../src-main/main/diagnostics'
import type { SimPair } from '../../src-main/simulator'

export async function sshConnect(sim: SimPair, role: NodeRole): Promise<SshExecutor> {
  const n = sim[role]
  const client = new Client()
  let hostKeySha256 = ''
  let bytesIn = 0
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', reject)
    client.connect({
      host: n.host,
      port: n.port,
      username: n.user,
      password: n.password,
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => {
        hostKeySha256 = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return true
      }
    })
  })
  return {
    get hostKeySha256() {
      return hostKeySha256
    },
    get bytesIn() {
      return bytesIn
    },
    close: () => client.end(),
    exec: (command: string, o: ExecOptions = {}) =>
      new Promise<ExecResult>((resolve, reject) => {
        client.exec(command, (err, ch) => {
          if (err) return reject(err)
          let stdout = ''
          let stderr = ''
          let done = false
          const timer = o.timeoutMs
            ? setTimeout(() => {
                if (done) return
                done = true
                ch.close()
                reject(new Error(`timed out after ${o.timeoutMs} ms`))
              }, o.timeoutMs)
            : undefined
          ch.on('data', (d: Buffer) => {
            bytesIn += d.length
            const s = d.toString('utf8')
            stdout += s
            o.onStdout?.(s)
          })
          ch.stderr.on('data', (d: Buffer) => {
            bytesIn += d.length
            const s = d.toString('utf8')
            stderr += s
            o.onStderr?.(s)
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
            resolve({ code, signal, stdout, stderr, bytesIn: Buffer.byteLength(stdout) + Buffer.byteLength(stderr) })
          })
          if (o.stdin !== undefined) ch.end(o.stdin)
          else ch.end()
        })
      })
  }
}

/** A full run of every check against the simulated pair (real SSH, real probe, real engine). */
export async function runChecks(sim: SimPair, name = 'sim'): Promise<RunReport> {
  const pair = sim.pairConfig(name)
  const startedAt = new Date().toISOString()
  const salt = 'fix-test-salt'
  const cols = await Promise.all(
    (['primary', 'secondary'] as const).map(async (role) => {
      const ex = await sshConnect(sim, role)
      try {
        return await collectNode(ex, { role, host: pair[role].host, port: pair[role].port, paths: pair.paths, salt })
      } finally {
        ex.close()
      }
    })
  )
  const checks = evaluatePair(cols[0], cols[1], { salt, now: Date.now() })
  const summary = countStatuses(checks)
  const verdict = checks.reduce<CheckStatus>((w, c) => (STATUS_SEVERITY[c.status] > STATUS_SEVERITY[w] ? c.status : w), 'skipped')
  return {
    schema: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    state: 'completed',
    pair: {
      name: pair.name,
      primary: { host: pair.primary.host, port: pair.primary.port, user: pair.primary.user },
      secondary: { host: pair.secondary.host, port: pair.secondary.port, user: pair.secondary.user },
      paths: pair.paths
    },
    nodes: { primary: cols[0].facts, secondary: cols[1].facts },
    checks,
    summary,
    verdict
  }
}

export function statusOf(report: RunReport): Record<string, CheckStatus> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
}
