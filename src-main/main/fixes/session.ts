/**
 * A fix session: connections to both nodes and a fresh run of the checks, through the transport's
 * pairConnector (ssh2, host keys pinned / refused) and runPair — the same engine as `check` and the app.
 */
import { randomBytes } from 'node:crypto'
import type { NodeRole } from '../../shared/domain/check'
import type { PairConfig } from '../../shared/domain/pair'
import type { RunReport } from '../../shared/domain/run'
import { pairConnector } from '../run/connector'
import { runPair } from '../run/run-pair'
import { runBy } from '../platform/who'
import type { PairSecrets } from '../secrets/types'
import type { HostKeyStore, SshExecutor } from '../ssh/executor'

export interface FixSessionOptions {
  pair: PairConfig
  secrets?: PairSecrets
  hostKeys?: HostKeyStore
  /** pin a host key seen for the first time (else refuse) */
  acceptNewHostKeys?: boolean
  /** salt of the secret fingerprints (per pair); default a fresh one */
  salt?: string
}

export interface FixSession {
  connect(role: NodeRole): Promise<SshExecutor>
  run(signal?: AbortSignal): Promise<RunReport>
}

/** Host keys kept for this process only (ad-hoc targets with --no-save). */
export class MemoryHostKeyStore implements HostKeyStore {
  readonly #keys = new Map<string, string>()
  get(host: string, port: number): string | undefined {
    return this.#keys.get(`${host.toLowerCase()}:${port}`)
  }
  pin(host: string, port: number, sha256: string): void {
    this.#keys.set(`${host.toLowerCase()}:${port}`, sha256)
  }
}

export function openFixSession(o: FixSessionOptions): FixSession {
  const connect = pairConnector(o.pair, o.secrets ?? {}, {
    hostKeys: o.hostKeys ?? new MemoryHostKeyStore(),
    acceptNewHostKey: o.acceptNewHostKeys === true
  })
  const salt = o.salt ?? randomBytes(12).toString('hex')
  return {
    connect: (role) => connect(role),
    run: (signal) => runPair(o.pair, { connect: (role, s) => connect(role, s), salt, signal, by: runBy() })
  }
}
