/**
 * The RunService of a command-line process: saved pairs from the store, their secrets from the keychain
 * (a `--password-env` password overrides), the host-key policy of the flags. `check --pair`, `check
 * --all` and `serve-metrics` run through it: begin the run row → run → save, as the app does.
 */
import type { AppStore } from '../main/db/app-store'
import type { HistoryService } from '../main/history/history-service'
import { pairConnector } from '../main/run/connector'
import { RunService } from '../main/run/run-service'
import type { PairSecrets } from '../main/secrets/types'
import type { HostKeyStore } from '../main/ssh/executor'
import { runBy } from '../main/platform/who'

export interface CliRunOptions {
  /** from --password-env: used for both nodes instead of the keychain's */
  password?: string
  /** default the store's pinned keys */
  hostKeys?: HostKeyStore
  acceptNewHostKeys: boolean
  allowLegacyAlgorithms?: boolean
  connectTimeoutMs: number
  /** --no-save: the previous run is read, nothing is written */
  save: boolean
}

/** A history that reads but never writes (`--no-save`). */
function readOnlyHistory(history: HistoryService): Pick<HistoryService, 'beginRun' | 'saveRun' | 'latestRun'> {
  return {
    beginRun: () => 0,
    saveRun: () => 0,
    latestRun: (key, before) => history.latestRun(key, before)
  }
}

/** The run service of this process over the store. */
export function cliRunService(store: AppStore, o: CliRunOptions): RunService {
  return new RunService({
    history: o.save ? store.history : readOnlyHistory(store.history),
    pairs: { get: (id) => store.pairs.get(id) },
    by: runBy(),
    secretsOf: async (pairId): Promise<PairSecrets> => {
      const pair = store.pairs.get(pairId)
      const secrets = await store.pairs.secretsFor(pairId)
      if (o.password !== undefined) {
        return { ...secrets, primary: { ...secrets.primary, password: o.password }, secondary: { ...secrets.secondary, password: o.password } }
      }
      if (!store.secretsAvailable && pair?.primary.auth === 'password') {
        throw new Error(`no keychain (${store.secretsReason ?? 'Secret Service not available'}): pass the password with --password-env VAR`)
      }
      return secrets
    },
    connectorFor: (pair, secrets) =>
      pairConnector(pair, secrets, {
        hostKeys: o.hostKeys ?? store.hostKeys,
        acceptNewHostKey: o.acceptNewHostKeys,
        allowLegacyAlgorithms: o.allowLegacyAlgorithms,
        connectTimeoutMs: o.connectTimeoutMs
      })
  })
}
