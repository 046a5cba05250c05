/** `check --pair NAME` / `fix --pair NAME`: a saved pair and its secrets from the keychain. */
import type { SavedPair } from '../main/db/pair-repo'
import { openAppStore, type AppStore } from '../main/store/app-store'
import type { PairSecrets } from '../main/secrets/types'

export interface LoadedPair {
  pair: SavedPair
  /** main process only: never print, log or send to the renderer */
  secrets: PairSecrets
  /** false when no keychain answered: `secrets` is empty and the caller must ask (e.g. --password-env) */
  secretsAvailable: boolean
  secretsReason?: string
}

/** Load a saved pair by name (case-insensitive). Throws `no saved pair named "X"` when absent. */
export async function loadSavedPair(name: string, store?: AppStore): Promise<LoadedPair> {
  const s = store ?? (await openAppStore({ markInterrupted: false }))
  try {
    const pair = s.pairs.getByName(name)
    if (!pair) {
      const known = s.pairs.list().map((p) => p.name)
      throw new Error(
        `no saved pair named "${name}"${known.length ? ` (saved: ${known.join(', ')})` : ' (none saved: nsm-ha-doctor pairs add)'}`
      )
    }
    const secrets = await s.pairs.secretsFor(pair.id)
    return { pair, secrets, secretsAvailable: s.secretsAvailable, ...(s.secretsReason ? { secretsReason: s.secretsReason } : {}) }
  } finally {
    if (!store) s.close()
  }
}
