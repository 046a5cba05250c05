/**
 * Builds the `connect(role)` of a run from a pair, its secrets and the host-key policy — one place
 * shared by the CLI, the app and the fix engine.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { PairConfig } from '../../shared/domain/pair'
import type { PairSecrets } from '../secrets/types'
import type { HostKeyStore, SshExecutor } from '../ssh/executor'
import { connectNode, type ConnectOptions, type NodeSecrets } from '../ssh/ssh2-connection'

export interface ConnectorOptions {
  hostKeys: HostKeyStore
  acceptNewHostKey: ConnectOptions['acceptNewHostKey']
  allowLegacyAlgorithms?: boolean
  connectTimeoutMs?: number
  execTimeoutMs?: number
}

function nodeSecrets(secrets: PairSecrets, role: NodeRole | 'jump'): NodeSecrets {
  const s = secrets[role] ?? {}
  return { password: s.password, passphrase: s.passphrase, sudoPassword: s.sudo }
}

/** `connect(role, signal)` for runPair / applyFix. */
export function pairConnector(
  pair: PairConfig,
  secrets: PairSecrets,
  o: ConnectorOptions
): (role: NodeRole, signal?: AbortSignal) => Promise<SshExecutor> {
  return (role, signal) =>
    connectNode({
      endpoint: pair[role],
      secrets: nodeSecrets(secrets, role),
      jumpHost: pair.jumpHost,
      jumpSecrets: nodeSecrets(secrets, 'jump'),
      hostKeys: o.hostKeys,
      acceptNewHostKey: o.acceptNewHostKey,
      // the CLI flag or the pair's own setting (migration 0004)
      allowLegacyAlgorithms: o.allowLegacyAlgorithms === true || pair.allowLegacyAlgorithms === true,
      connectTimeoutMs: o.connectTimeoutMs,
      execTimeoutMs: o.execTimeoutMs,
      signal
    })
}
