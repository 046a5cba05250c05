/** The secret store contract shared by the keychain store and the per-session fallback. */

/** Whose secret: a node of the pair or its jump host. */
export type SecretRole = 'primary' | 'secondary' | 'jump'
export type SecretKind = 'password' | 'passphrase' | 'sudo'

export const SECRET_ROLES: readonly SecretRole[] = ['primary', 'secondary', 'jump']
export const SECRET_KINDS: readonly SecretKind[] = ['password', 'passphrase', 'sudo']

export interface SecretRef {
  pairId: number
  role: SecretRole
  kind: SecretKind
}

export interface SecretStore {
  /** 'keychain' keeps secrets across sessions; 'session' only in this process's memory */
  readonly kind: 'keychain' | 'session'
  set(ref: SecretRef, value: string): Promise<void>
  has(ref: SecretRef): Promise<boolean>
  /** main process only: never expose over IPC (style rule 12) */
  get(ref: SecretRef): Promise<string | undefined>
  clear(ref: SecretRef): Promise<void>
  /** removes every secret of the pair; returns how many were removed */
  deleteAllForPair(pairId: number): Promise<number>
}

/** The secrets of one pair, as the SSH transport needs them. */
export type PairSecrets = Partial<Record<SecretRole, Partial<Record<SecretKind, string>>>>

/** `${pairId}:${role}:${kind}` — the keychain account name. */
export function accountName(ref: SecretRef): string {
  return `${ref.pairId}:${ref.role}:${ref.kind}`
}

export function parseAccountName(account: string): SecretRef | undefined {
  const m = /^(\d+):(primary|secondary|jump):(password|passphrase|sudo)$/.exec(account)
  if (!m) return undefined
  return { pairId: Number(m[1]), role: m[2] as SecretRole, kind: m[3] as SecretKind }
}

/** Read every secret of a pair (main process only). */
export async function readPairSecrets(store: SecretStore, pairId: number): Promise<PairSecrets> {
  const out: PairSecrets = {}
  for (const role of SECRET_ROLES) {
    for (const kind of SECRET_KINDS) {
      const value = await store.get({ pairId, role, kind })
      if (value !== undefined) (out[role] ??= {})[kind] = value
    }
  }
  return out
}
