/**
 * Engine-level access to a simulated node for the fault tests: the product's SSH transport (key auth),
 * then the engine's collectNode. Used where one run per fault through the CLI would be too slow (one file at
 * a time); the CLI tests cover the complete, saved run.
 */
import type { NodeRole } from '../../../src-main/shared/domain/check'
import type { SshExecutor } from '../../../src-main/main/ssh/executor'
import { connectNode } from '../../../src-main/main/ssh/ssh2-connection'
import type { SimNodeInfo } from '../../../src-main/simulator/index'
import { collectNode } from '../../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../../src-main/main/diagnostics/types'

/** A connection to a simulated node; its fresh host key is accepted (nothing is pinned). */
export function connectSim(n: Pick<SimNodeInfo, 'host' | 'port' | 'user' | 'clientKeyPath'>): Promise<SshExecutor> {
  return connectNode({
    endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
    hostKeys: { get: () => undefined, pin: () => {} },
    acceptNewHostKey: true,
    connectTimeoutMs: 20_000
  })
}

export async function collectSim(n: SimNodeInfo, role: NodeRole, salt = 'rel'): Promise<NodeCollection> {
  const ex = await connectSim(n)
  try {
    return await collectNode(ex, {
      role,
      host: n.host,
      port: n.port,
      paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
      salt
    })
  } finally {
    ex.close()
  }
}
