/**
 * The RunService of a command-line process: saved pairs from the store, their secrets from the keychain
 * (a `--password-env` password overrides), the host-key policy of the flags. `check --pair`, `check
 * --all` and `serve-metrics` run through it: begin the run row → run → save, as the app does.
 */
import { randomBytes } from 'node:crypto'
import type { PairConfig } from '../shared/domain/pair'
import type { RunReport } from '../shared/domain/run'
import type { AppStore } from '../main/store/app-store'
import type { SavedPair } from '../main/db/pair-repo'
import type { HistoryService } from '../main/history/history-service'
import { pairConnector } from '../main/run/connector'
import { RunService } from '../main/run/run-service'
import type { PairSecrets } from '../main/secrets/types'
import type { HostKeyStore } from '../main/ssh/executor'
import { runBy } from '../main/platform/who'

export interface CliRunOptions {
  /** from --password-env: used for both nodes instead of the keychain's */
  password?: string
  /**
   * the password is one for many pairs (`check --all`, `serve-metrics`): it is offered only to nodes whose host
   * key (and jump host's) the admin pinned before this run, in main's dialog or on the command line
   */
  passwordOnlyToPinned?: boolean
  /** default the store's pinned keys */
  hostKeys?: HostKeyStore
  acceptNewHostKeys: boolean
  allowLegacyAlgorithms?: boolean
  connectTimeoutMs: number
  /** --no-save: the previous run is read, nothing is written */
  save: boolean
}

/** A saved pair's secrets with the `--password-env` password for both nodes. */
export function withPassword(secrets: PairSecrets, password: string | undefined): PairSecrets {
  if (password === undefined) return secrets
  return { ...secrets, primary: { ...secrets.primary, password }, secondary: { ...secrets.secondary, password } }
}

/**
 * A password given for many pairs, put only on the nodes whose host key (and jump host's key) is pinned now:
 * a pair added by someone else, whose key the admin never confirmed, is not sent it, even when this run
 * pins new keys (--accept-new-host-keys).
 */
export function withSharedPassword(pair: PairConfig, secrets: PairSecrets, password: string, hostKeys: HostKeyStore): PairSecrets {
  const withheld = unconfirmedNodes(pair, hostKeys)
  const out: PairSecrets = { ...secrets }
  for (const role of ['primary', 'secondary'] as const) if (!withheld.includes(role)) out[role] = { ...secrets[role], password }
  return out
}

/** The nodes of a pair a shared password is not offered to: no pinned host key (theirs, or the jump host's). */
export function unconfirmedNodes(pair: PairConfig, hostKeys: HostKeyStore): ('primary' | 'secondary')[] {
  const pinned = (e: { host: string; port: number }): boolean =>
    (hostKeys.list?.(e.host, e.port) ?? [hostKeys.get(e.host, e.port)]).some(Boolean)
  const jumpOk = !pair.jumpHost || pinned(pair.jumpHost)
  return (['primary', 'secondary'] as const).filter((role) => !jumpOk || !pinned(pair[role]))
}

/** One line per pair whose nodes a shared password is not offered to (for stderr). */
export function withheldLines(pairs: readonly PairConfig[], hostKeys: HostKeyStore): string[] {
  return pairs.flatMap((p) => {
    const roles = unconfirmedNodes(p, hostKeys)
    if (roles.length === 0) return []
    const where = roles.map((r) => `${r} ${p[r].host}:${p[r].port}`).join(', ')
    return [
      `the --password-env password is not offered to "${p.name}" (${where}): no host key confirmed for it; trust it in the app or check that pair alone with --pair and --accept-new-host-keys`
    ]
  })
}

/** A history that reads but never writes (`--no-save`). */
function readOnlyHistory(history: HistoryService): Pick<HistoryService, 'beginRun' | 'saveRun' | 'latestRun'> {
  return {
    beginRun: () => 0,
    saveRun: () => 0,
    latestRun: (key, before) => history.latestRun(key, before)
  }
}

/** The run service of this process over the store; a saved run ends the acknowledgements it settles. */
export function cliRunService(store: AppStore, o: CliRunOptions): RunService {
  const service = cliService(store, o)
  if (o.save)
    service.onEvent((e) => {
      if (e.type === 'finished' && e.report.state === 'completed') store.acks.reconcile(e.report.pair.name, e.report)
    })
  return service
}

function cliService(store: AppStore, o: CliRunOptions): RunService {
  return new RunService({
    history: o.save ? store.history : readOnlyHistory(store.history),
    pairs: { get: (id) => store.pairs.get(id) },
    by: runBy(),
    secretsOf: async (pairId): Promise<PairSecrets> => {
      const pair = store.pairs.get(pairId)
      const secrets = await store.pairs.secretsFor(pairId)
      if (o.password !== undefined && o.passwordOnlyToPinned && pair)
        return withSharedPassword(pair, secrets, o.password, o.hostKeys ?? store.hostKeys)
      if (o.password !== undefined) return withPassword(secrets, o.password)
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

/** The id an ad-hoc pair has inside its own RunService (saved pairs' ids start at 1). */
const AD_HOC_ID = 0

export interface AdHocRunOptions {
  hostKeys: HostKeyStore
  acceptNewHostKeys: boolean
  connectTimeoutMs: number
  signal?: AbortSignal
}

/**
 * One run of an ad-hoc pair (flags, not saved) through a RunService of its own, so begin → run → save
 * is the same code as for saved pairs: its history is keyed by the pair's name (`history` undefined =
 * not saved), its fingerprint salt is fresh.
 */
export async function runAdHoc(
  history: HistoryService | undefined,
  pair: PairConfig,
  secrets: PairSecrets,
  o: AdHocRunOptions
): Promise<RunReport> {
  const withoutId = <T extends { id?: number }>(x: T): T => {
    const { id: _id, ...rest } = x
    return rest as T
  }
  const adHoc: SavedPair = { ...pair, id: AD_HOC_ID, salt: randomBytes(12).toString('hex'), createdAt: '', updatedAt: '' }
  const service = new RunService({
    history: history
      ? {
          beginRun: (summary, startedAt, by) => history.beginRun(withoutId(summary), startedAt, by),
          saveRun: (report) => history.saveRun({ ...report, pair: withoutId(report.pair) }),
          latestRun: () => history.latestRun({ pairName: pair.name })
        }
      : { beginRun: () => 0, saveRun: () => 0, latestRun: () => undefined },
    pairs: { get: (id) => (id === AD_HOC_ID ? adHoc : undefined) },
    by: runBy(),
    secretsOf: async () => secrets,
    connectorFor: (p, s) =>
      pairConnector(p, s, { hostKeys: o.hostKeys, acceptNewHostKey: o.acceptNewHostKeys, connectTimeoutMs: o.connectTimeoutMs })
  })
  const report = await service.run(AD_HOC_ID, { trigger: 'cli', ...(o.signal ? { signal: o.signal } : {}) })
  const out = { ...report, pair: withoutId(report.pair) }
  if (!history) delete out.runId
  return out
}
