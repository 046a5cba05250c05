/**
 * The fallback when no keychain is available (e.g. Linux without a Secret Service): secrets typed in
 * this session live in memory only and are gone when the process exits. Never written anywhere.
 */
import { registerKnownSecret } from './known-secrets'
import { accountName, type SecretRef, type SecretStore } from './types'

export class SessionSecretStore implements SecretStore {
  readonly kind = 'session' as const
  readonly #values = new Map<string, string>()

  async set(ref: SecretRef, value: string): Promise<void> {
    if (value === '') throw new Error('an empty secret cannot be stored')
    registerKnownSecret(value)
    this.#values.set(accountName(ref), value)
  }

  async has(ref: SecretRef): Promise<boolean> {
    return this.#values.has(accountName(ref))
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    return this.#values.get(accountName(ref))
  }

  async clear(ref: SecretRef): Promise<void> {
    this.#values.delete(accountName(ref))
  }

  async deleteAllForPair(pairId: number): Promise<number> {
    let n = 0
    for (const key of [...this.#values.keys()]) {
      if (key.startsWith(`${pairId}:`)) {
        this.#values.delete(key)
        n++
      }
    }
    return n
  }
}
