/**
 * The one way a command opens the shared data dir's store (SQLite + keychain), and closes it.
 * Loaded lazily by the commands: `--help` and usage errors never touch the database.
 */
import type { AppStore } from '../main/store/app-store'

export interface CliStoreOptions {
  /** the command runs checks: leftover `running` rows of dead processes become `interrupted` */
  runsChecks?: boolean
  /** no keychain needed (ad-hoc targets): secrets live in this process only */
  noKeychain?: boolean
}

/** Open the store of $NSM_HA_DOCTOR_HOME (or the app's data dir). The caller closes it. */
export async function openCliStore(o: CliStoreOptions = {}): Promise<AppStore> {
  const { openAppStore } = await import('../main/store/app-store')
  const secretStore = o.noKeychain ? new (await import('../main/secrets/session-store')).SessionSecretStore() : undefined
  return openAppStore({ markInterrupted: o.runsChecks === true, ...(secretStore ? { secretStore } : {}) })
}

/** Run `fn` with an open store and close it afterwards. */
export async function withCliStore<T>(o: CliStoreOptions, fn: (store: AppStore) => Promise<T> | T): Promise<T> {
  const store = await openCliStore(o)
  try {
    return await fn(store)
  } finally {
    store.close()
  }
}
