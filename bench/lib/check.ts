/**
 * "Our" full check of a pair, as the product runs it. Uses TRANSPORT's run orchestrator (runPair) when
 * it is in the tree; until then the same steps by hand: connect both nodes in parallel over ssh2, run
 * the one-exec probe on each, evaluate every check.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { Client } from 'ssh2'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { CheckResult, NodeRole } from '../../src-main/shared/domain/check'
import type { SshExecutor, ExecOptions, ExecResult, HostKeyStore } from '../../src-main/main/ssh/executor'
import { runPair, runPairs } from '../../src-main/main/run/run-pair'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'

export interface CheckOutcome {
  checks: CheckResult[]
  nodes: Record<NodeRole, NodeCollection['facts']>
  via: string
}

const ROOT = join(__dirname, '..', '..')
export const HAS_RUN_PAIR = existsSync(join(ROOT, 'src-main/main/run/run-pair.ts'))

function connect(ep: PairConfig['primary']): Promise<SshExecutor> {
  const client = new Client()
  let hostKey = ''
  let total = 0
  return new Promise((resolve, reject) => {
    client.once('error', reject)
    client.once('ready', () =>
      resolve({
        get hostKeySha256() {
          return hostKey
        },
        get bytesIn() {
          return total
        },
        close: () => client.end(),
        exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
          return new Promise((res, rej) => {
            client.exec(command, (err, stream) => {
              if (err) return rej(err)
              const out: Buffer[] = []
              const errs: Buffer[] = []
              let bytes = 0
              stream.on('data', (c: Buffer) => {
                bytes += c.length
                out.push(c)
              })
              stream.stderr.on('data', (c: Buffer) => {
                bytes += c.length
                errs.push(c)
              })
              stream.on('close', (code: number | null, signal?: string) => {
                total += bytes
                res({ code: code ?? null, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8'), bytesIn: bytes })
              })
              stream.end(o.stdin)
            })
          })
        }
      })
    )
    client.connect({
      host: ep.host,
      port: ep.port,
      username: ep.user,
      privateKey: ep.identityFile ? readFileSync(ep.identityFile) : undefined,
      readyTimeout: 30_000,
      hostVerifier: (key: Buffer) => {
        hostKey = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return true
      }
    })
  })
}

async function interimCheck(cfg: PairConfig): Promise<CheckOutcome> {
  const salt = 'bench'
  const one = async (role: NodeRole): Promise<NodeCollection> => {
    const ex = await connect(cfg[role])
    try {
      return await collectNode(ex, { role, host: cfg[role].host, port: cfg[role].port, paths: cfg.paths, salt })
    } finally {
      ex.close()
    }
  }
  const [p, s] = await Promise.all([one('primary'), one('secondary')])
  const checks = evaluatePair(p, s, { salt, now: Date.now() })
  return { checks, nodes: { primary: p.facts, secondary: s.facts }, via: 'engine (connect + probe + evaluate)' }
}

/** In-memory host keys for the benchmark (first use pins, as --accept-new-host-keys). */
function memoryHostKeys(): HostKeyStore {
  const m = new Map<string, string>()
  return { get: (h, p) => m.get(`${h}:${p}`), pin: (h, p, k) => void m.set(`${h}:${p}`, k) }
}

/** The product path: TRANSPORT's runPair with ssh2 connectNode, both nodes in parallel. */
export async function checkPair(cfg: PairConfig): Promise<CheckOutcome> {
  if (!HAS_RUN_PAIR) return interimCheck(cfg)
  const hostKeys = memoryHostKeys()
  const report = await runPair(cfg, {
    salt: 'bench',
    connect: (role, signal) => connectNode({ endpoint: cfg[role], hostKeys, acceptNewHostKey: true, signal })
  })
  return { checks: report.checks, nodes: report.nodes, via: 'runPair + connectNode' }
}

const ORDER = ['fail', 'unknown', 'warn', 'pass', 'skipped']

/** Check many pairs at once with TRANSPORT's runPairs (bounded pool); returns each pair's verdict. */
export async function checkPairs(configs: PairConfig[], limit: number): Promise<string[]> {
  if (HAS_RUN_PAIR) {
    const hostKeys = memoryHostKeys()
    const jobs = configs.map((pair) => ({
      pair,
      deps: {
        salt: 'bench',
        connect: (role: NodeRole, signal: AbortSignal) => connectNode({ endpoint: pair[role], hostKeys, acceptNewHostKey: true, signal })
      }
    }))
    const reports = await runPairs(jobs, { concurrency: limit })
    return reports.map((r) => (r.nodes.primary.reachable && r.nodes.secondary.reachable ? r.verdict : `error: ${r.nodes.primary.error ?? r.nodes.secondary.error}`))
  }
  const { pool } = await import('./pool')
  return pool(configs, limit, async (cfg) => {
    try {
      const r = await checkPair(cfg)
      return r.checks.map((c) => c.status).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0] ?? 'unknown'
    } catch (e) {
      return `error: ${(e as Error).message}`
    }
  })
}
