/**
 * The final redaction pass before anything is written (SQLite, exports, bundles, audit, logs, the terminal).
 * The engine already fingerprints the secrets it parses; this pass catches what slipped through, by value
 * and by shape:
 * - every secret value this process has handled or learned from a node (secrets/known-secrets.ts: keychain
 *   and session secrets, the HMAC key and one-time password of the configs and the DB viewer, private-key
 *   lines), masked literally;
 * - PEM private-key blocks (`-----BEGIN … PRIVATE KEY-----` up to its END line, or to the end of a cut text);
 * - `key=value`, `key: value`, `"key": "value"`, `key (value)` where the key is a token whose words (split at
 *   camelCase, `_`, `.`, `-`) hold hmac, key, pass, passwd, password, passphrase, pwd, secret, token, otp or
 *   private in any spelling (`HMAC key: …`, `HMAC_Key=…`, `hmacKeyOld=…`, `admin passwd=…`), unless its last
 *   word names something that is not the secret (`…File`, `…Path`, `…Type`, `…Fingerprint`, …);
 * - `key value` at the start of a line (config style) for a key of two words or more (`hmacKeyOld abc`),
 *   unless the value is a prose word ("ourRsaPrivateKey is missing");
 * - a value on the line after such a key standing alone on its line (`HMAC key:` then the value);
 * - config entries flagged `secret` and secret-named properties whose value is not a fingerprint.
 * Every pattern is linear in its input (test/security/redaction-linear.test.ts).
 */
import { knownSecrets } from '../secrets/known-secrets'

export const MASK = '***'

/** words that make a token a secret's name */
const SECRET_WORDS = new Set(['hmac', 'key', 'pass', 'passwd', 'password', 'passphrase', 'pwd', 'secret', 'token', 'otp', 'private'])
/** compound spellings written as one word (`hmackey`, `sudopassword`, `apitoken`, `onetimepassword`) */
const SECRET_PART = /(hmac|passw|passphrase|pwd|secret|token|privatekey|onetimepass)|(key|pass)$/
/** a quick test before the words are split: none of these, no secret's name */
const ANY_SECRET_WORD = /hmac|key|pass|pwd|secret|token|otp|private/i
/** a last word that names something about the secret, not the secret itself */
const NOT_THE_SECRET = new Set([
  'file',
  'files',
  'path',
  'dir',
  'name',
  'names',
  'type',
  'size',
  'len',
  'length',
  'bits',
  'id',
  'ids',
  'count',
  'enabled',
  'disabled',
  'fingerprint',
  'fp',
  'sha256',
  'md5',
  'algorithm',
  'algo',
  'mode',
  'format',
  'user',
  'auth',
  'authentication',
  'exchange',
  'status',
  'state',
  'age',
  'expiry',
  'expires',
  'location'
])
/** A-4's strict endings: the only keys whose `key (value)` and `key value` forms need no second word */
const STRICT = /(?:HMACKey|OneTimePassword|Password|PrivateKey|Secret)$/i
const SECRET_PROP =
  /(?:^|[a-z0-9_.-])(?:HMACKey|OneTimePassword|Password|PrivateKey|Secret)$|^(?:password|passphrase|secret|sudoPassword)$/i
/** what the engine writes instead of a secret: `sha256:` + 8 hex */
const FINGERPRINT = /^sha256:[0-9a-f]{8}$/i
/** prose after a key name ("ourRsaPrivateKey is missing") is not a value */
const PROSE =
  /^(is|was|are|were|not|no|missing|differs|differ|different|set|unset|empty|absent|present|found|equals|ok|failed|mismatch|changed|matches|match|of|on|for|and|or|in|to|the|a|an|has|have|does|did|will|may|must|should|could|check|checks|checked|last|first|one|see|unknown|none|yes|true|false)$/i

/** The words of a key token: `hmacKeyOld` → hmac key old, `HMACKey` → hmac key, `HMAC_Key` → hmac key. */
function words(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

/** True when `token` names a secret (any spelling of the secret words, and not `…File`, `…Type`, …). */
export function isSecretName(token: string): boolean {
  if (token.length > 256 || !ANY_SECRET_WORD.test(token)) return false
  const w = words(token)
  if (w.length === 0 || NOT_THE_SECRET.has(w[w.length - 1])) return false
  return w.some((x) => SECRET_WORDS.has(x) || SECRET_PART.test(x))
}

function keepValue(value: string): boolean {
  return FINGERPRINT.test(value) || value === MASK || value === '' || /^\*+$/.test(value)
}

/** PEM private-key blocks, to their END line or to the end of the text when cut */
const PEM = /-----BEGIN ([A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----[\s\S]*?(?:-----END ([A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----|$(?![\s\S]))/g
/**
 * Inline forms: a whole token (the look-behind refuses a start inside a token, so a long run is tried once,
 * and the bounded run gives back at most 256 characters) and a separator; the value after it is read only
 * when the token names a secret.
 */
const INLINE_KEY = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,256})("?[ \t]*[=:][ \t]*"?|[ \t]*\([ \t]*)/g
/** the value after an inline key (read only after a secret's name, so a run of `a=b=c=…` is read once) */
const INLINE_VALUE = /[^\s)"',;]+/y
/** config style at the start of a line: `key value` */
const LINE_KEY_VALUE = /^([ \t]*:?)([A-Za-z_][A-Za-z0-9_.-]{0,255})([ \t]+\(?)([^\s()"',;]+)/gm
/** a key alone on its line (up to three plain words before it, then `:` or `=`), then the value line */
const KEY_ALONE = /^([ \t]*(?:[A-Za-z]{1,32}[ \t]+){0,3})([A-Za-z0-9_.-]{1,256})([ \t]*[:=]?[ \t]*\r?\n[ \t]*)([^\s][^\r\n]*)/gm

/** a next line that is not a value: a comment, another config entry, a PEM header */
const NOT_A_VALUE_LINE = /^(?:[#;]|-----BEGIN |[A-Za-z_][A-Za-z0-9_-]{0,64}\.[A-Za-z0-9_.-]{1,256}(?:[ \t=]|$))/

/**
 * `text.replace(re, fn)`, except that a match `fn` declines (returns a number: how many of its characters to
 * keep and step over) is not consumed whole, so a value that is itself a key is tried again as a key.
 */
function replaceEach(re: RegExp, text: string, fn: (m: RegExpExecArray) => string | number): string {
  re.lastIndex = 0
  let out = ''
  let from = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const r = fn(m)
    if (typeof r === 'string') {
      out += text.slice(from, m.index) + r
      from = re.lastIndex
    } else re.lastIndex = m.index + Math.max(1, r)
  }
  return from === 0 ? text : out + text.slice(from)
}

/** `key=value`, `key: value`, `"key": "value"`, `key (value)` for a secret's name; linear in the text. */
function maskInline(text: string): string {
  INLINE_KEY.lastIndex = 0
  let out = ''
  let from = 0
  for (let m = INLINE_KEY.exec(text); m; m = INLINE_KEY.exec(text)) {
    const [whole, key, sep] = m
    if (!isSecretName(key)) continue
    // `key (value)` only for A-4's names: "ssh key (rsa)" is prose
    if (sep.includes('(') && !STRICT.test(key)) continue
    const at = m.index + whole.length
    INLINE_VALUE.lastIndex = at
    const v = INLINE_VALUE.exec(text)
    if (!v) continue
    const value = v[0]
    // `duplicate key: last one wins`, `HMACKey: set` are prose
    if (keepValue(value) || (sep.includes(':') && PROSE.test(value))) continue
    out += `${text.slice(from, at)}${MASK}`
    from = at + value.length
    INLINE_KEY.lastIndex = from
  }
  return from === 0 ? text : out + text.slice(from)
}

/** Mask secrets in free text. `extra` adds literal values to mask (e.g. secrets of this call). Linear time. */
export function redactText(text: string, extra: readonly string[] = []): string {
  let out = text.replace(PEM, (block) => `${block.slice(0, block.indexOf('-----', 5) + 5)}\n${MASK}\n`)
  out = replaceEach(KEY_ALONE, out, (m) => {
    const [whole, lead, key, sep, value] = m
    // words before the key only in a label (`HMAC key:`), not before a value (`highAvail.HMACKey abc`)
    const labelled = lead.trim() === '' || /[:=]/.test(sep)
    if (labelled && isSecretName(key) && !keepValue(value.trim()) && !NOT_A_VALUE_LINE.test(value)) return `${lead}${key}${sep}${MASK}`
    // not a secret: step to the next line, which may be a key itself
    return whole.length - value.length
  })
  out = out.replace(LINE_KEY_VALUE, (whole: string, lead: string, key: string, sep: string, value: string) => {
    if (keepValue(value) || PROSE.test(value) || !isSecretName(key)) return whole
    // one plain word (`Password authentication failed`) is prose unless it is one of A-4's config keys
    if (words(key).length < 2 && !(STRICT.test(key) && key.includes('.'))) return whole
    if (!key.includes('.') && !STRICT.test(key) && sep.includes('(')) return whole
    return `${lead}${key}${sep}${MASK}`
  })
  out = maskInline(out)
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
