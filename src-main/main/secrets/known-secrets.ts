/**
 * Secret values this process has handled (read from the keychain, typed for a session). Redaction masks
 * each of them literally wherever it would be written: SQLite, exports, logs. Process memory only.
 */
const known = new Set<string>()

/** Shortest value masked literally: shorter ones would mask ordinary words. */
export const MIN_KNOWN_SECRET_LENGTH = 4

export function registerKnownSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= MIN_KNOWN_SECRET_LENGTH) known.add(value)
}

export function forgetKnownSecret(value: string): void {
  known.delete(value)
}

/** Longest first, so a secret containing another is masked whole. */
export function knownSecrets(): string[] {
  return [...known].sort((a, b) => b.length - a.length)
}
