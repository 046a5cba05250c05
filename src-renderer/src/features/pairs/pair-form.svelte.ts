/**
 * The pair form's calls: load a pair and which secrets are stored, save it with the secrets typed,
 * test it as typed, delete it. The form fields stay in the component; this owns the IPC and its status.
 * An answer for a pair the form no longer shows is dropped.
 */
import type { PairConfig } from '@shared/domain/pair'
import type { NodeTestDto, SecretKindDto, TestSecretsDto } from '@shared/ipc-contract'
import { api, errorText } from '../../lib/api'
import { app } from '../../lib/state/app.svelte'

export const SECRET_KINDS: readonly SecretKindDto[] = ['password', 'passphrase', 'sudo']
const ROLES = ['primary', 'secondary', 'jump'] as const
export type FormRole = (typeof ROLES)[number]

/** what to do with one stored secret on save: set a typed value, clear it, or keep it (neither) */
export interface SecretChange {
  role: FormRole
  kind: SecretKindDto
  value: string
  clear: boolean
}

export interface LoadedPair {
  pair: PairConfig
  stored: Record<FormRole, Record<SecretKindDto, boolean>>
}

export class PairFormState {
  #loading = $state(false)
  #saving = $state(false)
  #testing = $state(false)
  #error = $state<string | null>(null)
  #tested = $state.raw<NodeTestDto[] | null>(null)
  #loadToken = 0

  get loading(): boolean {
    return this.#loading
  }
  get saving(): boolean {
    return this.#saving
  }
  get testing(): boolean {
    return this.#testing
  }
  get error(): string | null {
    return this.#error
  }
  get tested(): NodeTestDto[] | null {
    return this.#tested
  }

  /** the pair and its stored-secret flags; null when it failed (error set) or a newer load replaced it */
  async load(id: number): Promise<LoadedPair | null> {
    const token = ++this.#loadToken
    this.#loading = true
    try {
      const pair = await api.pairs.get({ id })
      const stored = { primary: {}, secondary: {}, jump: {} } as LoadedPair['stored']
      for (const role of ROLES) {
        for (const kind of SECRET_KINDS) stored[role][kind] = (await api.secrets.has({ pairId: id, role, kind })).has
      }
      return token === this.#loadToken ? { pair, stored } : null
    } catch (e) {
      if (token === this.#loadToken) this.#error = errorText(e)
      return null
    } finally {
      if (token === this.#loadToken) this.#loading = false
    }
  }

  /** save the pair, then each typed secret (blank keeps, clear removes); true when saved */
  async save(pair: PairConfig, secrets: SecretChange[]): Promise<boolean> {
    this.#saving = true
    this.#error = null
    try {
      const { id } = await api.pairs.save({ pair })
      for (const s of secrets) {
        if (s.value) await api.secrets.set({ pairId: id, role: s.role, kind: s.kind, value: s.value })
        else if (s.clear) await api.secrets.clear({ pairId: id, role: s.role, kind: s.kind })
      }
      await app.pairSaved(id)
      return true
    } catch (e) {
      this.#error = errorText(e)
      return false
    } finally {
      this.#saving = false
    }
  }

  /** pairs:test on the form as typed (nothing saved, nothing pinned); true when it answered */
  async test(pair: PairConfig, pairId: number | null, secrets: SecretChange[]): Promise<boolean> {
    this.#testing = true
    this.#error = null
    try {
      const typed: TestSecretsDto = {}
      for (const s of secrets) if (s.value) typed[s.role] = { ...typed[s.role], [s.kind]: s.value }
      const r = await api.pairs.test({ pair, ...(pairId !== null ? { pairId } : {}), secrets: typed })
      this.#tested = r.nodes
      return true
    } catch (e) {
      this.#tested = null
      this.#error = errorText(e)
      return false
    } finally {
      this.#testing = false
    }
  }

  /** pairs:delete, then the app moves on; true when deleted */
  async remove(id: number): Promise<boolean> {
    this.#error = null
    try {
      await api.pairs.delete({ id })
      await app.pairDeleted(id)
      return true
    } catch (e) {
      this.#error = errorText(e)
      return false
    }
  }
}
