/**
 * The final redaction pass before anything is written (SQLite, exports, bundles, audit, logs).
 * The engine already fingerprints secrets; this pass catches what slipped through:
 * - `key value`, `key=value`, `key: value`, `key (value)` for keys ending in HMACKey, OneTimePassword,
 *   Password, PrivateKey or Secret (docs/nsm-formats.md A-4; case-insensitive; the key needs a prefix,
 *   so prose such as "Password authentication failed" is left alone; `key value` with a space only at the
 *   start of a line, so "ourRsaPrivateKey is missing" stays readable);
 * - config entries flagged `secret` whose value is not a fingerprint;
 * - every secret value this process has handled (secrets/known-secrets.ts), masked literally.
 */
import { knownSecrets } from '../secrets/known-secrets'

export const MASK = '***'

const SECRET_SUFFIX = '(?:HMACKey|OneTimePassword|Password|PrivateKey|Secret)'
/**
 * Every pattern here runs over node text, so each must be linear in its input. A key is a whole token of
 * key characters: the look-behind refuses a start inside a token, so a long run is tried once, not once
 * per character (which made redaction quadratic), and its greedy run gives back at most the run's length.
 * The key proper begins at the token's first letter or underscore and has at least two characters before
 * the secret suffix (`highAvail.HMACKey`, `sudoPassword`).
 */
const KEY = `(?<![A-Za-z0-9_.-])[0-9.-]*([A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_.-]${SECRET_SUFFIX})`
/** a config-style line: `key value` at the start of a line */
const LINE_KEY_VALUE = new RegExp(`^([ \\t]*:?)([A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_.-]${SECRET_SUFFIX})([ \\t]+\\(?)([^\\s()"',;]+)`, 'gim')
/** prose after an undotted key name ("ourRsaPrivateKey is missing") is not a value */
const PROSE = /^(is|was|are|not|missing|differs|differ|set|unset|empty|absent|present|found|equals|ok|failed|mismatch|changed)$/i
/** inline forms: `key=value`, `key: value`, `key (value)`, `"key": "value"` */
const INLINE_KEY_VALUE = new RegExp(`${KEY}(\\s*[=:]\\s*|\\s*\\(\\s*|"\\s*:\\s*")([^\\s)"',;]+)`, 'gi')
const SECRET_PROP = new RegExp(`(?:^|[a-z0-9_.-])${SECRET_SUFFIX}$|^(?:password|passphrase|secret|sudoPassword)$`, 'i')
/** what the engine writes instead of a secret: `sha256:` + 8 hex */
const FINGERPRINT = /^sha256:[0-9a-f]{8}$/i

function keepValue(value: string): boolean {
  return FINGERPRINT.test(value) || value === MASK || value === '' || /^\*+$/.test(value)
}

/** Mask secrets in free text. `extra` adds literal values to mask (e.g. secrets of this call). Linear time. */
export function redactText(text: string, extra: readonly string[] = []): string {
  let out = text
    .replace(LINE_KEY_VALUE, (whole: string, lead: string, key: string, sep: string, value: string) =>
      keepValue(value) || (!key.includes('.') && PROSE.test(value)) ? whole : `${lead}${key}${sep}${MASK}`
    )
    .replace(INLINE_KEY_VALUE, (whole: string, key: string, sep: string, value: string) =>
      keepValue(value) ? whole : `${whole.slice(0, whole.length - key.length - sep.length - value.length)}${key}${sep}${MASK}`
    )
  const literals = [...extra.filter((s) => s.length >= 4), ...knownSecrets()].sort((a, b) => b.length - a.length)
  for (const secret of literals) if (out.includes(secret)) out = out.split(secret).join(MASK)
  return out
}

/** A deep copy of a JSON-like value with every string redacted and secret-named properties masked. */
export function redactDeep<T>(value: T, extra: readonly string[] = []): T {
  return walk(value, extra) as T
}

function walk(value: unknown, extra: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, extra)
  if (Array.isArray(value)) return value.map((v) => walk(v, extra))
  if (value && typeof value === 'object') {
    const src = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    const secretEntry = src.secret === true && typeof src.value === 'string'
    for (const [k, v] of Object.entries(src)) {
      if (typeof v === 'string' && ((secretEntry && k === 'value') || SECRET_PROP.test(k)) && !keepValue(v)) out[k] = MASK
      else out[k] = walk(v, extra)
    }
    return out
  }
  return value
}

/** True when `haystack` contains any of `secrets` (used by tests and the bundle's self-check). */
export function containsSecret(haystack: string, secrets: readonly string[]): string | undefined {
  return secrets.find((s) => s.length > 0 && haystack.includes(s))
}
