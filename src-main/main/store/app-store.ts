/**
 * The one place that opens the app's store (outside db/: it composes the repositories with the pair and
 * history services, and db/ imports no service folder): the SQLite file in dataDir(), the repositories, the secret
 * store (keychain, or the session fallback with its reason) and the services on top. Used by the
 * Electron main process (index.ts), the CLI (check --pair, pairs, history, fix) and tests.
 */
import { join } from 'node:path'
import { databaseFile, dataDir } from '../platform/paths'
import { electronNativeBinding } from '../platform/native'
import { openDatabase, type Db } from '../db/database'
import { PairRepo } from '../db/pair-repo'
import { RunRepo } from '../db/run-repo'
import { SqliteHostKeyStore } from '../db/host-key-repo'
import { FixAuditRepo } from '../db/fix-audit-repo'
import { SettingsRepo } from '../db/settings-repo'
import { AckRepo } from '../db/ack-repo'
import { openSecretStore, type KeychainOptions } from '../secrets/credential-store'
import type { SecretStore } from '../secrets/types'
import { PairService } from '../pairs/pair-service'
import { NotCheckedIndex } from '../db/not-checked'
import { HistoryService } from '../history/history-service'

export interface AppStore {
  dir: string
  file: string
  db: Db
  pairs: PairService
  history: HistoryService
  hostKeys: SqliteHostKeyStore
  fixAudit: FixAuditRepo
  settings: SettingsRepo
  /** acknowledgements of known problems (migration 0008) */
  acks: AckRepo
  secrets: SecretStore
  /** false when secrets are kept for this session only; `secretsReason` says why */
  secretsAvailable: boolean
  secretsReason?: string
  /** runs turned `interrupted` when the store was opened */
  interruptedOnOpen: number
  close(): void
}

export interface AppStoreOptions {
  /** data directory (default dataDir()) */
  dir?: string
  /** the app root under Electron (app.getAppPath()), to find the Electron-ABI natives */
  appRoot?: string
  /** use this secret store instead of probing the keychain (tests, or a store shared across opens) */
  secretStore?: SecretStore
  keychain?: KeychainOptions
  /** mark leftover `running` runs interrupted (default true) */
  markInterrupted?: boolean
  now?: () => number
}

/** Open the DB in the data dir and wire repos and services. The caller must close() it. */
export async function openAppStore(options: AppStoreOptions = {}): Promise<AppStore> {
  const dir = options.dir ?? dataDir()
  const file = databaseFile(dir)
  const appRoot = options.appRoot ?? join(__dirname, '..', '..')
  const db = openDatabase(file, { nativeBinding: electronNativeBinding(appRoot, 'better_sqlite3.node') })
  try {
    let secrets = options.secretStore
    let secretsAvailable = true
    let secretsReason: string | undefined
    if (!secrets) {
      const opened = await openSecretStore({
        nativeBinding: electronNativeBinding(appRoot, 'keytar.node'),
        ...options.keychain
      })
      secrets = opened.store
      secretsAvailable = opened.available
      secretsReason = opened.reason
    } else {
      secretsAvailable = secrets.kind === 'keychain'
    }
    const runs = new RunRepo(db)
    const settings = new SettingsRepo(db)
    const history = new HistoryService(runs, settings, { now: options.now, notChecked: new NotCheckedIndex(db) })
    const interruptedOnOpen = options.markInterrupted === false ? 0 : history.markInterruptedRuns()
    return {
      dir,
      file,
      db,
      pairs: new PairService(new PairRepo(db), secrets),
      history,
      hostKeys: new SqliteHostKeyStore(db),
      fixAudit: new FixAuditRepo(db),
      settings,
      acks: new AckRepo(db),
      secrets,
      secretsAvailable,
      ...(secretsReason ? { secretsReason } : {}),
      interruptedOnOpen,
      close: () => {
        if (db.open) db.close()
      }
    }
  } catch (err) {
    db.close()
    throw err
  }
}
