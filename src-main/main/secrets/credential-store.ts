/**
 * The OS keychain through keytar — the only module that imports it. One service name, one account per
 * pair/role/kind. `openSecretStore()` probes the Secret Service once; when it is missing the caller gets
 * a SessionSecretStore and the plain reason to show ("secrets are kept for this session only").
 */
import { createRequire } from 'node:module'
import { registerKnownSecret } from './known-secrets'
import { SessionSecretStore } from './session-store'
import { accountName, parseAccountName, type SecretRef, type SecretStore } from './types'
import { errorLine } from '../../shared/error-line'

export const SERVICE_NAME = 'nsm-ha-doctor'

/** The subset of keytar's API used here (same for the JS wrapper and the raw .node binding). */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

export interface KeychainOptions {
  /** Electron-ABI keytar.node (platform/native.ts); undefined = node_modules' keytar */
  nativeBinding?: string
  /** how long the probe waits for the Secret Service (a missing one can hang D-Bus activation) */
  probeTimeoutMs?: number
  /** service name override (tests use their own to stay out of the user's entries) */
  service?: string
}

export interface Availability {
  available: boolean
  /** one line for the UI/CLI when not available */
  reason?: string
}

const localRequire = createRequire(__filename)

function loadKeytar(nativeBinding?: string): Keytar {
  return (nativeBinding ? localRequire(nativeBinding) : localRequire('keytar')) as Keytar
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      }
    )
  })
}

export class CredentialStore implements SecretStore {
  readonly kind = 'keychain' as const
  readonly #keytar: Keytar
  readonly #service: string
  #availability: Promise<Availability> | undefined
  readonly #probeTimeoutMs: number

  constructor(options: KeychainOptions = {}, keytar?: Keytar) {
    this.#service = options.service ?? SERVICE_NAME
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 5000
    this.#keytar = keytar ?? loadKeytar(options.nativeBinding)
  }

  get service(): string {
    return this.#service
  }

  /** Probes the Secret Service (once per store) with a harmless lookup. */
  available(): Promise<Availability> {
    this.#availability ??= probe(this.#keytar, this.#service, this.#probeTimeoutMs)
    return this.#availability
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    if (value === '') throw new Error('an empty secret cannot be stored')
    registerKnownSecret(value)
    await this.#keytar.setPassword(this.#service, accountName(ref), value)
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.#keytar.getPassword(this.#service, accountName(ref))) !== null
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    const value = await this.#keytar.getPassword(this.#service, accountName(ref))
    if (value === null) return undefined
    registerKnownSecret(value)
    return value
  }

  async clear(ref: SecretRef): Promise<void> {
    await this.#keytar.deletePassword(this.#service, accountName(ref))
  }

  async deleteAllForPair(pairId: number): Promise<number> {
    const creds = await this.#keytar.findCredentials(this.#service)
    let n = 0
    for (const c of creds) {
      const ref = parseAccountName(c.account)
      if (ref && ref.pairId === pairId && (await this.#keytar.deletePassword(this.#service, c.account))) n++
    }
    return n
  }
}

async function probe(keytar: Keytar, service: string, timeoutMs: number): Promise<Availability> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    return { available: false, reason: 'no D-Bus session bus, so no Secret Service (keychain): secrets are kept for this session only' }
  }
  try {
    await withTimeout(keytar.findCredentials(service), timeoutMs, 'the Secret Service')
    return { available: true }
  } catch (err) {
    const msg = errorLine(err)
    return { available: false, reason: `the OS keychain is not available (${msg}): secrets are kept for this session only` }
  }
}

export interface OpenedSecretStore {
  store: SecretStore
  available: boolean
  reason?: string
}

/** The keychain when it answers, else an in-memory session store and the reason. */
export async function openSecretStore(options: KeychainOptions = {}): Promise<OpenedSecretStore> {
  let keychain: CredentialStore
  try {
    keychain = new CredentialStore(options)
  } catch (err) {
    const msg = errorLine(err)
    return {
      store: new SessionSecretStore(),
      available: false,
      reason: `keytar could not be loaded (${msg}): secrets are kept for this session only`
    }
  }
  const a = await keychain.available()
  if (a.available) return { store: keychain, available: true }
  return { store: new SessionSecretStore(), available: false, reason: a.reason }
}
