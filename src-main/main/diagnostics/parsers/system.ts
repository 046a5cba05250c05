/**
 * Small outputs of the probe: identity and clock, .haDoDirect.result, xdb listings, tool versions, df,
 * owned addresses, the DB viewer record. Pure functions over text.
 */
import { cutText } from '../cut'
import { fingerprint, isSecretKey, secretLabel } from './cfg'

export interface Identity {
  user?: string
  uid?: number
  hostname?: string
  /** node clock, epoch ms */
  clockMs?: number
}

/** `key=value` lines of the identity section. */
export function parseIdentity(text: string): Identity {
  const kv = keyValues(text)
  const id: Identity = {}
  if (kv.user) id.user = kv.user
  if (kv.uid && /^\d+$/.test(kv.uid)) id.uid = Number(kv.uid)
  if (kv.host) id.hostname = kv.host
  if (kv.now && /^\d+(\.\d+)?$/.test(kv.now)) id.clockMs = Math.round(Number(kv.now) * 1000)
  return id
}

export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z][\w.-]*)=(.*)$/.exec(line.trim())
    if (m) out[m[1]] = m[2].trim()
  }
  return out
}

/** .haDoDirect.result: SUCCESS or FAIL somewhere in the first line(s). */
export function parseDoDirect(text: string): { status?: 'SUCCESS' | 'FAIL'; line?: string } {
  const line = text.split(/\r?\n/).find((l) => /\b(SUCCESS|FAIL(?:ED|URE)?)\b/i.test(l))
  if (!line) return { line: text.split(/\r?\n/)[0]?.trim() || undefined }
  return { status: /\bSUCCESS\b/i.test(line) ? 'SUCCESS' : 'FAIL', line: cutText(line.trim(), 300) }
}

/** `<count> <bytes>` (the probe's awk over `ls -ln`). */
export function parseCountBytes(text: string): { count: number; bytes: number } | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/m.exec(text)
  return m ? { count: Number(m[1]), bytes: Number(m[2]) } : undefined
}

/** `<size> <name>` lines, sorted by name. */
export function parseLogListing(text: string): { name: string; size: number }[] {
  const out: { name: string; size: number }[] = []
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line)
    if (m) out.push({ name: m[2], size: Number(m[1]) })
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** First line of `ssh -V` / `rsync --version`, e.g. `OpenSSH_9.2p1 Debian-2` / `rsync  version 3.2.7`. */
export function parseToolVersion(text: string): string | undefined {
  const line = text.split(/\r?\n/).find((l) => /openssh|ssh|rsync\s+version|version/i.test(l))
  return line === undefined ? undefined : cutText(line.trim().replace(/\s+/g, ' '), 120)
}

/**
 * NSM release from HOME/GuiSvr/var/version or an `rpm -q` line: a release as releases print it
 * (`2012.2R5`, `2010.3r1`), an internal build (`LGB14z1`), else the first meaningful line as it is (a readable
 * version file always gives a version to compare and show).
 */
export function parseVersion(text: string): string | undefined {
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim()
    const m = /(\d{4}\.\d+(?:[rR]\d+)?(?:\.\d+)*)/.exec(line) ?? /\b(LGB\d+[zZ]\d+)\b/.exec(line)
    if (m) return m[1]
    if (line && !/not installed|no such|missing/i.test(line)) return cutText(line, 60)
  }
  return undefined
}

export interface DiskFacts {
  mount: string
  usedPct: number
  availBytes: number
  sizeBytes: number
}

/** `df -Pk DIR`: the last data line. */
export function parseDf(text: string): DiskFacts | undefined {
  // (?<!\d): a number is tried from its first digit only, so a long digit run stays linear
  const lines = text.split(/\r?\n/).filter((l) => /(?<!\d)\d+%/.test(l))
  const last = lines[lines.length - 1]
  if (!last) return undefined
  const m = /(?<!\d)(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/.exec(last.trim())
  if (!m) return undefined
  return {
    sizeBytes: Number(m[1]) * 1024,
    availBytes: Number(m[3]) * 1024,
    usedPct: Number(m[4]),
    mount: m[5].trim()
  }
}

export interface OwnedAddress {
  iface?: string
  addr: string
  prefix: number
}

export interface AddressFacts {
  source: string
  addrs: OwnedAddress[]
}

/** `ip -o addr` lines, or `hostname -I` (addresses only, /32). */
export function parseAddresses(text: string, source: string): AddressFacts {
  const addrs: OwnedAddress[] = []
  for (const line of text.split(/\r?\n/)) {
    const ip = /^\d+:\s+(\S+)\s+inet6?\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line.trim())
    if (ip) {
      addrs.push({ iface: ip[1], addr: ip[2].toLowerCase(), prefix: Number(ip[3]) })
      continue
    }
    if (/^[0-9a-fA-F.:\s]+$/.test(line) && line.trim()) {
      for (const a of line.trim().split(/\s+/)) addrs.push({ addr: a.toLowerCase(), prefix: a.includes(':') ? 128 : 32 })
    }
  }
  return { source, addrs }
}

function v4(addr: string): number | undefined {
  const p = addr.split('.')
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined
  return ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3])
}

/**
 * The owned address that covers `addr`: exact match, or CIDR containment on the loopback interface
 * (Linux answers for the whole 127.0.0.0/8 on lo: 127.0.0.11 is owned through 127.0.0.1/8).
 */
export function ownerOf(facts: AddressFacts, addr: string): OwnedAddress | undefined {
  const want = addr.trim().toLowerCase()
  const exact = facts.addrs.find((a) => a.addr === want)
  if (exact) return exact
  const n = v4(want)
  if (n === undefined) return undefined
  return facts.addrs.find((a) => {
    const base = v4(a.addr)
    if (base === undefined || !(a.iface === 'lo' || base >>> 24 === 127)) return false
    const mask = a.prefix === 0 ? 0 : (~0 << (32 - a.prefix)) >>> 0
    return (base & mask) >>> 0 === (n & mask) >>> 0
  })
}

export interface ViewerField {
  name: string
  /** secrets as `sha256:<8 hex>` */
  value: string
  line: number
  secret: boolean
  /** the bare fingerprint of a secret (for comparisons) */
  fingerprint?: string
}

export interface ViewerRecord {
  fields: ViewerField[]
}

/** The viewer's `:field (value)` lines; undefined when the record was not found. */
export function parseViewerRecord(text: string, salt: string): { record?: ViewerRecord; notFound: boolean } {
  const fields: ViewerField[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*:(\w+)\s*\((.*)\)\s*$/.exec(raw)
    if (!m) return
    const secret = isSecretKey(m[1])
    const fp = secret ? fingerprint(m[2], salt) : undefined
    fields.push({ name: m[1], value: fp ? secretLabel(fp) : cutText(m[2], 300), line: i + 1, secret, fingerprint: fp })
  })
  const notFound = /not found|does not exist|no such record/i.test(text)
  if (fields.length === 0) return { notFound }
  return { record: { fields }, notFound: false }
}

export function viewerField(record: ViewerRecord | undefined, name: string): ViewerField | undefined {
  return record?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
}
