/**
 * One check run the way the app and the CLI compose it: a real app store (SQLite in a temp dir, session
 * secret store), connectNode + runPair, the history's beginRun/saveRun. Fault tests use it to
 * prove "a clear reason and a completed, saved run".
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openAppStore, type AppStore } from '../../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../../src-main/main/secrets/session-store'
import { runPair } from '../../../src-main/main/run/run-pair'
import { pairSummary } from '../../../src-main/shared/domain/run'
import { connectNode, type ConnectOptions } from '../../../src-main/main/ssh/ssh2-connection'
import type { PairConfig } from '../../../src-main/shared/domain/pair'
import type { RunReport } from '../../../src-main/shared/domain/run'

export interface Store {
  dir: string
  open(): Promise<AppStore>
  remove(): void
}

export function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-store-'))
  const secretStore = new SessionSecretStore()
  return {
    dir,
    open: () => openAppStore({ dir, secretStore }),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

export interface RunOptions {
  connect?: Partial<Pick<ConnectOptions, 'connectTimeoutMs' | 'execTimeoutMs' | 'allowLegacyAlgorithms' | 'acceptNewHostKey'>>
  probeTimeoutMs?: number
}

/** Run and save; returns the report and the run as read back from SQLite. */
export async function runAndSave(
  store: AppStore,
  pair: PairConfig,
  o: RunOptions = {}
): Promise<{ report: RunReport; saved: RunReport | undefined }> {
  const startedAt = new Date().toISOString()
  const runId = store.history.beginRun(pairSummary(pair), startedAt)
  const report = await runPair(pair, {
    salt: 'reliability',
    probeTimeoutMs: o.probeTimeoutMs,
    connect: (role, signal) =>
      connectNode({
        endpoint: pair[role],
        jumpHost: pair.jumpHost,
        hostKeys: store.hostKeys,
        acceptNewHostKey: o.connect?.acceptNewHostKey ?? true,
        connectTimeoutMs: o.connect?.connectTimeoutMs ?? 8000,
        execTimeoutMs: o.connect?.execTimeoutMs,
        allowLegacyAlgorithms: o.connect?.allowLegacyAlgorithms,
        signal
      })
  })
  report.runId = runId
  report.startedAt = startedAt
  store.history.saveRun(report)
  return { report, saved: store.history.getRun(runId) }
}
