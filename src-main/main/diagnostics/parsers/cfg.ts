/**
 * NSM .cfg files (docs/nsm-formats.md): `key value` or `key=value` per line, `#` comments, CRLF, tabs,
 * duplicate keys (last wins, flagged), binary junk and very long lines tolerated. Secrets never
 * leave this function: their values become a salted SHA-256 fingerprint of 8 hex digits.
 */
import { createHash } from 'node:crypto'
import type { ConfigEntry, ConfigFile } from '../../../shared/domain/run'
import { cutText } from '../cut'

const SECRET_KEY = /(HMACKey|OneTimePassword|Password|PrivateKey|Secret)$/i
/** keys are printable tokens: letters, digits, dots, dashes, underscores; at most 256 characters (a longer
 * "key" is junk: kept only as a cut line, so no later pass over stored text sees an unbounded key name) */
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/
/** lines longer than this are kept in the redacted text only as a cut excerpt */
const MAX_VALUE = 4096

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

/** a secret-like name anywhere in a line of raw output (A-4's endings, word-bounded on the right) */
const SECRET_WORD = /(HMACKey|OneTimePassword|Password|PrivateKey|Secret)(?![a-z])/i

/**
 * Raw output we could not parse (shown as "not recognised" evidence and in the support bundle) with
 * everything after a secret-like name masked, whatever the layout (`key value`, `:key (value)`, `key=value`).
 */
export function maskSecrets(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = SECRET_WORD.exec(line)
      return m ? `${line.slice(0, m.index + m[0].length)} ***` : line
    })
    .join('\n')
}

/** Salted SHA-256 of a secret, first 8 hex digits: comparable across nodes, useless to an attacker. */
export function fingerprint(value: string, salt: string): string {
  return createHash('sha256').update(salt).update('\0').update(value).digest('hex').slice(0, 8)
}

/** The shown form of a secret value. */
export function secretLabel(fp: string): string {
  return `sha256:${fp}`
}

export function parseCfg(text: string, path: string, salt: string): ConfigFile {
  const entries: ConfigEntry[] = []
  const seen = new Map<string, number>()
  const duplicates = new Set<string>()
  const out: string[] = []
  const lines = text.split(/\r?\n|\r/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  lines.forEach((raw, i) => {
    const lineNo = i + 1
    const line = raw.replace(/^\uFEFF/, '')
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      out.push(cut(line))
      return
    }
    const m = /^([^\s=]+)(?:\s*=\s*|\s+|$)(.*)$/.exec(trimmed)
    if (!m || !KEY.test(m[1])) {
      // not a `key value` line (another format): kept for the raw view, any secret-like name's value masked
      out.push(cut(maskSecrets(line)))
      return
    }
    const key = m[1]
    let value = m[2].trim()
    const secret = isSecretKey(key)
    if (secret) value = value === '' ? '' : secretLabel(fingerprint(value, salt))
    else if (value.length > MAX_VALUE) value = cutText(value, MAX_VALUE - 40)
    if (seen.has(key)) duplicates.add(key)
    seen.set(key, lineNo)
    entries.push({ key, value, line: lineNo, secret })
    out.push(secret ? `${key} ${value}` : cut(line))
  })
  return { path, entries, duplicates: [...duplicates], redactedText: out.join('\n') }
}

function cut(line: string): string {
  return cutText(line, 300)
}

/** The effective entry of the first of `keys` present (last occurrence wins). */
export function cfgEntry(file: ConfigFile | undefined, ...keys: string[]): ConfigEntry | undefined {
  if (!file) return undefined
  for (const key of keys) {
    const lower = key.toLowerCase()
    let found: ConfigEntry | undefined
    for (const e of file.entries) if (e.key.toLowerCase() === lower) found = e
    if (found) return found
  }
  return undefined
}

export function cfgValue(file: ConfigFile | undefined, ...keys: string[]): string | undefined {
  return cfgEntry(file, ...keys)?.value
}

/** Key aliases of docs/nsm-formats.md A-1..A-3. */
export const KEYS = {
  enabled: ['highAvail.isHaEnabled'],
  local: ['highAvail.localIpAddr', 'highAvail.localAddr', 'highAvail.myAddr', 'highAvail.ipAddr'],
  peer: ['highAvail.peerIpAddr', 'highAvail.peerAddr', 'highAvail.peerIp'],
  pingable: ['highAvail.pingableIp', 'highAvail.pingableIpAddr', 'highAvail.pingIp'],
  hmac: ['highAvail.HMACKey'],
  rsyncUser: ['highAvail.rsyncUser'],
  writeToLog: ['highAvail.writetoLog', 'highAvail.writeToLog'],
  sharedDisk: ['highAvail.sharedDisk'],
  sharedDiskMount: ['highAvail.sharedDiskMountPoint'],
  haSetuid: ['guiSvr.setuid', 'highAvail.setuid'],
  guiSetuid: ['guiSvr.setuid'],
  devSetuid: ['devSvr.setuid'],
  otp: ['guiSvr.clientOneTimePassword']
} as const

/** `y`, `yes`, `true`, `1` (any case) */
export function isYes(value: string | undefined): boolean {
  return value !== undefined && /^(y|yes|true|1|on)$/i.test(value.trim())
}
