/**
 * Strict patterns for every value that reaches a remote shell. A value read from a server's config that does
 * not match is refused with a clear message; it is never quoted-and-hoped-for-the-best. (Everything that
 * passes is still quoted with shQuote.)
 */

export class UnsafeValueError extends Error {
  constructor(
    readonly what: string,
    readonly value: string,
    readonly rule: string
  ) {
    super(`${what} ${JSON.stringify(value.slice(0, 80))} is not safe to use in a shell command (${rule})`)
    this.name = 'UnsafeValueError'
  }
}

const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/
const PATH = /^\/[A-Za-z0-9._+@/-]{0,1023}$/
/** a config value we write (e.g. the HMAC key, the one-time password): printable ASCII, one line */
const CFG_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]{0,1022}[\x21-\x7e])?$/
const CFG_KEY = /^[A-Za-z][A-Za-z0-9_.]{0,127}$/
const PUBKEY = /^(?:ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)) [A-Za-z0-9+/]+={0,3}(?: [\x20-\x7e]{0,200})?$/

export function safeUser(value: string, what = 'user name'): string {
  if (!USER.test(value)) throw new UnsafeValueError(what, value, 'letters, digits, _ . - only, at most 32, not starting with - or a digit')
  return value
}

export function safeAddress(value: string, what = 'address'): string {
  if (IPV4.test(value) || HOSTNAME.test(value) || (value.includes(':') && IPV6.test(value))) return value
  throw new UnsafeValueError(what, value, 'an IPv4/IPv6 address or a host name')
}

export function safePath(value: string, what = 'path'): string {
  if (!PATH.test(value) || value.split('/').some((seg) => seg === '..'))
    throw new UnsafeValueError(what, value, 'an absolute path of letters, digits and . _ + @ / - without ..')
  return value
}

export function safeCfgKey(value: string): string {
  if (!CFG_KEY.test(value)) throw new UnsafeValueError('config key', value, 'letters, digits, _ and .')
  return value
}

/** a value to be written into an NSM .cfg line; the message never repeats a secret value */
export function safeCfgValue(value: string, what: string, secret: boolean): string {
  if (!CFG_VALUE.test(value)) {
    if (secret) throw new UnsafeValueError(what, '[secret]', 'printable ASCII on one line, 1-1024 characters')
    throw new UnsafeValueError(what, value, 'printable ASCII on one line, 1-1024 characters')
  }
  return value
}

export function safePublicKey(value: string): string {
  if (!PUBKEY.test(value)) throw new UnsafeValueError('public key', value, 'one OpenSSH public key line')
  return value
}

/** YYYYMMDD-HHMMSS in UTC */
export function stampOf(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

export const PATTERNS = {
  user: USER.source,
  pubkey: PUBKEY.source,
  cfgValue: CFG_VALUE.source
}
