/**
 * Saved pairs: CRUD with validation, their secrets (through the SecretStore: the keychain or the
 * session fallback) and the ~/.ssh/config import. No Electron import; built once in openAppStore().
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Endpoint, PairConfig } from '../../shared/domain/pair'
import type { PairRepo, SavedPair } from '../db/pair-repo'
import {
  SECRET_KINDS,
  SECRET_ROLES,
  readPairSecrets,
  type PairSecrets,
  type SecretKind,
  type SecretRole,
  type SecretStore
} from '../secrets/types'
import { parseSshConfig, type SshConfigHost } from './ssh-config'
import { validatePair } from './validate'

export type SecretPresence = Record<SecretRole, Record<SecretKind, boolean>>

const sameAddress = (x: Endpoint | undefined, y: Endpoint | undefined): boolean =>
  x === undefined || y === undefined ? x === y : x.host.toLowerCase() === y.host.toLowerCase() && x.port === y.port && x.user === y.user

/**
 * Roles whose stored secrets must not follow an edit: those whose login address (host, port, user)
 * differs between the saved pair and the edit — and every role when the jump host changed (added,
 * removed or moved), since every login goes through it and a jump host of someone else's choosing can
 * answer for a node whose key is not pinned yet.
 */
export function movedRoles(saved: PairConfig, edited: PairConfig): SecretRole[] {
  const at = (p: PairConfig, role: SecretRole): Endpoint | undefined => (role === 'jump' ? p.jumpHost : p[role])
  const moved = SECRET_ROLES.filter((role) => !sameAddress(at(saved, role), at(edited, role)))
  return moved.includes('jump') ? [...SECRET_ROLES] : moved
}

export class PairService {
  readonly #pairs: PairRepo
  readonly #secrets: SecretStore

  constructor(pairs: PairRepo, secrets: SecretStore) {
    this.#pairs = pairs
    this.#secrets = secrets
  }

  /** 'keychain' or 'session' (secrets kept for this session only) */
  get secretStoreKind(): SecretStore['kind'] {
    return this.#secrets.kind
  }

  list(): SavedPair[] {
    return this.#pairs.list()
  }

  get(id: number): SavedPair | undefined {
    return this.#pairs.get(id)
  }

  getByName(name: string): SavedPair | undefined {
    return this.#pairs.getByName(name)
  }

  /** Create (no id) or update (id) a pair; validation problems and a taken name throw one line each. */
  save(pair: PairConfig): SavedPair {
    const clean = validatePair(pair)
    const other = this.#pairs.getByName(clean.name)
    if (other && other.id !== clean.id) throw new Error(`a pair named "${clean.name}" already exists`)
    return clean.id === undefined ? this.#pairs.insert(clean) : this.#pairs.update(clean.id, clean)
  }

  /**
   * Save from the app (pairs:save): like save(), and when an existing pair's primary, secondary or jump
   * host changes its host, port or user, the secrets stored for that role are deleted first — a stored
   * password is only ever sent to the address it was typed for. Returns the roles whose secrets went.
   */
  async saveUnbindingMovedSecrets(pair: PairConfig): Promise<{ pair: SavedPair; secretsDropped: SecretRole[] }> {
    const clean = validatePair(pair)
    const other = this.#pairs.getByName(clean.name)
    if (other && other.id !== clean.id) throw new Error(`a pair named "${clean.name}" already exists`)
    const before = clean.id === undefined ? undefined : this.#pairs.get(clean.id)
    if (clean.id !== undefined && !before) throw new Error(`no saved pair with id ${clean.id}`)
    const secretsDropped = before ? movedRoles(before, clean) : []
    for (const role of secretsDropped)
      for (const kind of SECRET_KINDS) if (before) await this.#secrets.clear({ pairId: before.id, role, kind })
    return { pair: this.save(clean), secretsDropped }
  }

  /** Delete a pair, its history (cascade) and every secret it has in the store. */
  async remove(id: number): Promise<boolean> {
    const existed = this.#pairs.delete(id)
    await this.#secrets.deleteAllForPair(id)
    return existed
  }

  async setSecret(pairId: number, role: SecretRole, kind: SecretKind, value: string): Promise<void> {
    if (!this.#pairs.get(pairId)) throw new Error(`no saved pair with id ${pairId}`)
    await this.#secrets.set({ pairId, role, kind }, value)
  }

  async clearSecret(pairId: number, role: SecretRole, kind: SecretKind): Promise<void> {
    await this.#secrets.clear({ pairId, role, kind })
  }

  async hasSecret(pairId: number, role: SecretRole, kind: SecretKind): Promise<boolean> {
    return this.#secrets.has({ pairId, role, kind })
  }

  /** Which secrets are stored for a pair (booleans only: safe for the renderer). */
  async secretPresence(pairId: number): Promise<SecretPresence> {
    const out = {} as SecretPresence
    for (const role of SECRET_ROLES) {
      out[role] = {} as Record<SecretKind, boolean>
      for (const kind of SECRET_KINDS) out[role][kind] = await this.#secrets.has({ pairId, role, kind })
    }
    return out
  }

  /** Main process only: the secrets of a pair for the SSH transport. */
  async secretsFor(pairId: number): Promise<PairSecrets> {
    return readPairSecrets(this.#secrets, pairId)
  }

  /** Hosts of an OpenSSH client config (default ~/.ssh/config; missing file = none). */
  importSshConfig(file: string = join(homedir(), '.ssh', 'config')): SshConfigHost[] {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    return parseSshConfig(text)
  }
}
