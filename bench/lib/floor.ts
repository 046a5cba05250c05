/**
 * (b) The floor: one SSH handshake and one exec per node, both nodes in parallel, with a bare ssh2 client
 * (no host-key store, no parsing, no evaluation). `runFloor` execs `true`: the transport floor of the
 * issue. `runProbeFloor` execs the product's own probe script: the floor for the same on-node work, so
 * ours / that = what the engine adds on top of SSH and the node.
 */
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { NodeRole } from '../../src-main/shared/domain/check'
import { buildProbe, probeCommand } from '../../src-main/main/diagnostics/probe'

export function handshakeAndExec(ep: PairConfig['primary'], command = 'true'): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    let bytes = 0
    c.once('error', reject)
    c.once('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) return reject(err)
        stream.on('data', (d: Buffer) => (bytes += d.length))
        stream.stderr.on('data', (d: Buffer) => (bytes += d.length))
        stream.on('close', () => {
          c.end()
          resolve(bytes)
        })
      })
    })
    c.connect({
      host: ep.host,
      port: ep.port,
      username: ep.user,
      privateKey: ep.identityFile ? readFileSync(ep.identityFile) : undefined,
      hostVerifier: () => true,
      readyTimeout: 30_000
    })
  })
}

export async function runFloor(cfg: PairConfig): Promise<void> {
  await Promise.all([handshakeAndExec(cfg.primary), handshakeAndExec(cfg.secondary)])
}

/** The same handshake + one exec, running the product's probe script on each node. */
export async function runProbeFloor(cfg: PairConfig): Promise<void> {
  const one = (role: NodeRole): Promise<number> => handshakeAndExec(cfg[role], probeCommand(buildProbe({ role, paths: cfg.paths })))
  const [p, s] = await Promise.all([one('primary'), one('secondary')])
  if (p < 1000 || s < 1000) throw new Error(`probe floor: output too short (${p} / ${s} bytes)`)
}
