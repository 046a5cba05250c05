/**
 * Engine-level access to a simulated node for the fault tests: a real ssh2 connection (key auth), then
 * ENGINE's collectNode. Used where one run per fault through the CLI would be too slow (one file at a
 * time); the CLI tests cover the complete, saved run.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import type { NodeRole } from '../../../src-main/shared/domain/check'
import type { ExecOptions, ExecResult, SshExecutor } from '../../../src-main/main/ssh/executor'
import type { SimNodeInfo } from '../../../src-main/simulator/index'
import { collectNode } from '../../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../../src-main/main/diagnostics/types'

export function connectSim(n: Pick<SimNodeInfo, 'host' | 'port' | 'user' | 'clientKeyPath'>): Promise<SshExecutor> {
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
              const timer = o.timeoutMs ? setTimeout(() => stream.close(), o.timeoutMs) : undefined
              stream.on('data', (c: Buffer) => {
                bytes += c.length
                out.push(c)
              })
              stream.stderr.on('data', (c: Buffer) => {
                bytes += c.length
                errs.push(c)
              })
              stream.on('close', (code: number | null, signal?: string) => {
                if (timer) clearTimeout(timer)
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
      host: n.host,
      port: n.port,
      username: n.user,
      privateKey: readFileSync(n.clientKeyPath),
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => {
        hostKey = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return true
      }
    })
  })
}

export async function collectSim(n: SimNodeInfo, role: NodeRole, salt = 'rel'): Promise<NodeCollection> {
  const ex = await connectSim(n)
  try {
    return await collectNode(ex, { role, host: n.host, port: n.port, paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit }, salt })
  } finally {
    ex.close()
  }
}
