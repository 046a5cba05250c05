/**
 * Secret values this process has handled (read from the keychain, typed for a session) or learned from a
 * node (the HMAC key and one-time password of its configs and DB viewer record, private-key lines).
 * Redaction masks each of them literally wherever it would be written: SQLite, exports, logs, the
 * terminal. Process memory only. Learned values are bounded: a node cannot grow the set without limit.
 */
const known = new Set<string>()
const learned = new Set<string>()

/** Shortest value masked literally: shorter ones would mask ordinary words. */
export const MIN_KNOWN_SECRET_LENGTH = 4
/** Shortest value learned from a node: a shorter one would mask ordinary words and host names everywhere */
export const MIN_LEARNED_SECRET_LENGTH = 6
/** Longest value learned from a node (a longer "secret" is junk, masked by shape if at all). */
export const MAX_LEARNED_SECRET_LENGTH = 4096
/** Most values learned from nodes kept at once; the oldest go first. */
export const MAX_LEARNED_SECRETS = 512

export function registerKnownSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= MIN_KNOWN_SECRET_LENGTH) known.add(value)
}

export function forgetKnownSecret(value: string): void {
  known.delete(value)
  learned.delete(value)
}

/** A secret value read from a node's output (its HMAC key, one-time password, a private-key line). */
export function learnSecret(value: string): boolean {
  if (value.length < MIN_LEARNED_SECRET_LENGTH || value.length > MAX_LEARNED_SECRET_LENGTH || known.has(value)) return false
  learned.delete(value)
  learned.add(value)
  if (learned.size > MAX_LEARNED_SECRETS) learned.delete(learned.values().next().value as string)
  return true
}

/** Longest first, so a secret containing another is masked whole. */
export function knownSecrets(): string[] {
  return [...new Set([...known, ...learned])].sort((a, b) => b.length - a.length)
}
