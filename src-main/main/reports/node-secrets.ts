/**
 * Secret values learned from a node's probe output, masked by value everywhere (facts, raw sections,
 * evidence, and through secrets/known-secrets.ts every later redaction pass): the values of secret-named
 * config entries (`highAvail.HMACKey`, `guiSvr.clientOneTimePassword`, in any spelling the shape rules
 * know), of secret-named DB viewer fields (`:clientOneTimePassword (…)`), and every line of a PEM private
 * key. Linear in the output.
 */
import { learnSecret, MAX_LEARNED_SECRET_LENGTH, MIN_LEARNED_SECRET_LENGTH } from '../secrets/known-secrets'
import { isSecretName, MASK, redactDeep } from './redact'

/** `key value` / `key=value` of a config line */
const CFG_LINE = /^[ \t\uFEFF]*([A-Za-z_][A-Za-z0-9_.-]{0,255})(?:[ \t]*=[ \t]*|[ \t]+)([^\r\n]*?)[ \t]*\r?$/gm
/** `:field (value)` of a DB viewer record */
const VIEWER_LINE = /^[ \t]*:([A-Za-z0-9_]{1,256})[ \t]*\(([^\r\n]*)\)[ \t]*\r?$/gm
/** the body of a PEM private key */
const PEM_BODY = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----([\s\S]*?)(?:-----END |$(?![\s\S]))/g
const FINGERPRINT = /^sha256:[0-9a-f]{8}$/i

function plausible(value: string): boolean {
  return (
    value.length >= MIN_LEARNED_SECRET_LENGTH && value.length <= MAX_LEARNED_SECRET_LENGTH && !FINGERPRINT.test(value) && value !== MASK
  )
}

/** The secret values in one probe section's text (by the section's kind). */
export function secretsInSection(name: string, text: string): string[] {
  const found: string[] = []
  const add = (v: string): void => {
    const value = v.trim().replace(/^"(.*)"$/, '$1')
    if (plausible(value)) found.push(value)
  }
  if (name.startsWith('cfg.')) for (const m of text.matchAll(CFG_LINE)) if (isSecretName(m[1])) add(m[2])
  if (name === 'viewer') for (const m of text.matchAll(VIEWER_LINE)) if (isSecretName(m[1])) add(m[2])
  for (const m of text.matchAll(PEM_BODY))
    for (const line of m[1].split(/\r?\n/)) {
      const l = line.trim()
      // header lines of an encrypted key (`Proc-Type: …`) are not secret; the base64 lines are
      if (l.length >= 16 && !l.includes(':')) add(l)
    }
  return found
}

/**
 * Learn every secret value of the sections (for all later redaction passes); returns them. A value that is
 * part of one of `notSecret` (the node's host name and the paths the probe reads: NSM's default one-time
 * password is `netscreen`, a directory of every path) is masked by shape only, so they stay readable.
 */
export function learnNodeSecrets(sections: Iterable<{ name: string; text: string }>, notSecret: readonly string[] = []): string[] {
  const values: string[] = []
  for (const s of sections)
    for (const v of secretsInSection(s.name, s.text)) {
      if (notSecret.some((n) => n.includes(v))) continue
      learnSecret(v)
      values.push(v)
    }
  return [...new Set(values)]
}

/** A deep copy of a JSON-like value with each of `values` masked in every string. */
export function maskValues<T>(value: T, values: readonly string[]): T {
  if (values.length === 0) return value
  const sorted = [...values].sort((a, b) => b.length - a.length)
  const mask = (s: string): string => {
    let out = s
    for (const v of sorted) if (out.includes(v)) out = out.split(v).join(MASK)
    return out
  }
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return mask(x)
    if (Array.isArray(x)) return x.map(walk)
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, walk(v)]))
    return x
  }
  return walk(value) as T
}

/**
 * Learn the node's secrets from its raw sections, then mask them (by value and by shape) in what was
 * collected, so the facts, the raw sections and the evidence built from them hold no secret anywhere.
 */
export function maskNodeSecrets<T>(
  collection: T,
  rawSections: Iterable<{ name: string; text: string }>,
  notSecret: readonly string[] = []
): T {
  return redactDeep(collection, learnNodeSecrets(rawSections, notSecret))
}
