/** (b) The floor: one SSH handshake and one trivial exec per node, both nodes in parallel (ssh2). */
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import type { PairConfig } from '../../src-main/shared/domain/pair'

export function handshakeAndExec(ep: PairConfig['primary'], command = 'true'): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.once('error', reject)
    c.once('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) return reject(err)
        stream.on('data', () => {})
        stream.stderr.on('data', () => {})
        stream.on('close', () => {
          c.end()
          resolve()
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
