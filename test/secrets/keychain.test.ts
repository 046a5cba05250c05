/**
 * keytar against the real Secret Service (gnome-keyring under dbus-run-session in CI / `npm test`).
 * Skips with a reason when there is no Secret Service, fails when CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore, openSecretStore } from '../../src-main/main/secrets/credential-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { openAppStore } from '../../src-main/main/store/app-store'
import { loadSavedPair } from '../../src-main/cli/saved-pair'
import { requireSystem } from '../helpers/system'
import { useTempDir } from '../db/temp'
import { LAB } from '../history/lab-pair'

// a service name of its own, so the test never touches the user's real entries
const SERVICE = `nsm-ha-doctor-test-${process.pid}`
const tempDir = useTempDir('nsmhad-keychain-')

const probe = await new CredentialStore({ service: SERVICE, probeTimeoutMs: 5000 }).available()
const gate = requireSystem('Secret Service', probe.available, probe.reason ?? 'no keychain')

describe.skipIf(!gate.available)('keychain (keytar on the Secret Service)', () => {
  let store: CredentialStore
  beforeAll(() => {
    store = new CredentialStore({ service: SERVICE })
  })
  afterAll(async () => {
    for (const id of [1, 2, 3, 41, 42]) await store?.deleteAllForPair(id)
  })

  it('sets, reads, checks and clears one secret per pair/role/kind', async () => {
    const ref = { pairId: 41, role: 'primary', kind: 'password' } as const
    expect(await store.has(ref)).toBe(false)
    await store.set(ref, 'kc-pw-41-primary')
    expect(await store.has(ref)).toBe(true)
    expect(await store.get(ref)).toBe('kc-pw-41-primary')
    expect(await store.get({ ...ref, kind: 'sudo' })).toBeUndefined()
    // a second store (another process in real life) sees the same entry
    expect(await new CredentialStore({ service: SERVICE }).get(ref)).toBe('kc-pw-41-primary')
    await store.set(ref, 'kc-pw-41-changed')
    expect(await store.get(ref)).toBe('kc-pw-41-changed')
    await store.clear(ref)
    expect(await store.has(ref)).toBe(false)
    await expect(store.set(ref, '')).rejects.toThrow(/empty/)
  })

  it('deletes every secret of one pair and only that pair', async () => {
    await store.set({ pairId: 42, role: 'primary', kind: 'password' }, 'a-42')
    await store.set({ pairId: 42, role: 'jump', kind: 'passphrase' }, 'b-42')
    await store.set({ pairId: 42, role: 'secondary', kind: 'sudo' }, 'c-42')
    await store.set({ pairId: 4, role: 'primary', kind: 'password' }, 'keep-4')
    expect(await store.deleteAllForPair(42)).toBe(3)
    expect(await store.has({ pairId: 42, role: 'jump', kind: 'passphrase' })).toBe(false)
    expect(await store.get({ pairId: 4, role: 'primary', kind: 'password' })).toBe('keep-4')
    await store.deleteAllForPair(4)
  })

  it('the app store uses the keychain; removing a saved pair removes its keychain entries', async () => {
    const dir = tempDir()
    const s = await openAppStore({ dir, keychain: { service: SERVICE } })
    try {
      expect(s.secretsAvailable).toBe(true)
      expect(s.secrets.kind).toBe('keychain')
      const pair = s.pairs.save(LAB)
      await s.pairs.setSecret(pair.id, 'primary', 'password', 'kc-app-pw')
      await s.pairs.setSecret(pair.id, 'secondary', 'passphrase', 'kc-app-pp')
      const loaded = await loadSavedPair('lab pair', s)
      expect(loaded.secrets).toEqual({ primary: { password: 'kc-app-pw' }, secondary: { passphrase: 'kc-app-pp' } })
      await s.pairs.remove(pair.id)
      expect(await store.has({ pairId: pair.id, role: 'primary', kind: 'password' })).toBe(false)
      expect(await store.has({ pairId: pair.id, role: 'secondary', kind: 'passphrase' })).toBe(false)
    } finally {
      s.close()
    }
  })
})

describe('without a Secret Service', () => {
  it('falls back to a session-only store and says why', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS
    delete process.env.DBUS_SESSION_BUS_ADDRESS
    try {
      const opened = await openSecretStore({ service: SERVICE, probeTimeoutMs: 3000 })
      if (process.platform === 'linux') {
        expect(opened.available).toBe(false)
        expect(opened.store).toBeInstanceOf(SessionSecretStore)
        expect(opened.reason).toMatch(/secrets are kept for this session only/)
      }
      const ref = { pairId: 1, role: 'primary', kind: 'password' } as const
      await opened.store.set(ref, 'session-only-pw')
      expect(await opened.store.get(ref)).toBe('session-only-pw')
      // memory only: a new session store knows nothing of it
      expect(await new SessionSecretStore().has(ref)).toBe(false)
    } finally {
      if (saved !== undefined) process.env.DBUS_SESSION_BUS_ADDRESS = saved
    }
  })
})
