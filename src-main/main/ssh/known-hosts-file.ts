/**
 * A HostKeyStore on an OpenSSH known_hosts file, for the CLI (--known-hosts FILE). Reads plain and
 * hashed (`|1|salt|hash`) host patterns, `[host]:port` for non-22 ports, and appends new pins as
 * OpenSSH lines, so the same file works with `ssh -o UserKnownHostsFile=FILE`.
 */
import { createHash, createHmac } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { HostKeyStore } from './executor'

interface Entry {
  patterns: string[]
  keyType: string
  sha256: string
}

function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function matches(pattern: string, token: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|')
    if (!salt || !hash) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64') === hash
  }
  return pattern === token
}

export class KnownHostsFile implements HostKeyStore {
  constructor(readonly path: string) {}

  #entries(): Entry[] {
    if (!existsSync(this.path)) return []
    const entries: Entry[] = []
    for (const raw of readFileSync(this.path, 'utf8').split(/\r?\n/)) {
      const line = raw.trim()
      if (!line || line.startsWith('#') || line.startsWith('@revoked')) continue
      const parts = line.replace(/^@cert-authority\s+/, '').split(/\s+/)
      if (parts.length < 3) continue
      const [hosts, keyType, b64] = parts
      let sha256: string
      try {
        sha256 = `SHA256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '')}`
      } catch {
        continue
      }
      entries.push({ patterns: hosts.split(','), keyType, sha256 })
    }
    return entries
  }

  list(host: string, port: number): string[] {
    const token = hostToken(host, port)
    return this.#entries()
      .filter((e) => e.patterns.some((p) => matches(p, token)))
      .map((e) => e.sha256)
  }

  get(host: string, port: number): string | undefined {
    return this.list(host, port)[0]
  }

  pin(host: string, port: number, _sha256: string, keyType?: string, keyBlob?: Buffer): void {
    if (!keyType || !keyBlob) throw new Error('a known_hosts file needs the key itself to pin it')
    // a folder made here is private; an existing one (the caller's choice) is left as it is
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    appendFileSync(this.path, `${hostToken(host, port)} ${keyType} ${keyBlob.toString('base64')}\n`, { mode: 0o600 })
  }
}
