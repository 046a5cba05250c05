/**
 * Reads hosts from an OpenSSH client config (~/.ssh/config) to prefill pairs: Host, HostName, User, Port,
 * IdentityFile, ProxyJump. Wildcard Host patterns are not offered as hosts, but their settings apply to
 * the concrete hosts they match (first value wins, as ssh does). Match blocks and Include are ignored.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface SshConfigHost {
  /** the Host alias */
  alias: string
  host: string
  port: number
  user?: string
  identityFile?: string
  /** first hop of ProxyJump, `[user@]host[:port]` */
  proxyJump?: string
}

interface Block {
  patterns: string[]
  /** lower-cased keyword → first value in this block */
  values: Map<string, string>
}

const KEYS = new Set(['hostname', 'user', 'port', 'identityfile', 'proxyjump'])

function unquote(v: string): string {
  const t = v.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

function splitArgs(v: string): string[] {
  return [...v.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2])
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i'
  )
  return re.test(value)
}

function matches(patterns: string[], alias: string): boolean {
  let hit = false
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (glob(p.slice(1), alias)) return false
    } else if (glob(p, alias)) hit = true
  }
  return hit
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return path
}

/** Parse config text into concrete hosts (aliases without wildcards), in file order. */
export function parseSshConfig(text: string, home: string = homedir()): SshConfigHost[] {
  const blocks: Block[] = []
  // settings before the first Host line apply to every host
  let current: Block | undefined = { patterns: ['*'], values: new Map() }
  blocks.push(current)
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.+)$/.exec(line)
    if (!m) continue
    const key = m[1].toLowerCase()
    const value = m[2].trim()
    if (key === 'host') {
      current = { patterns: splitArgs(value), values: new Map() }
      blocks.push(current)
      continue
    }
    if (key === 'match') {
      current = undefined
      continue
    }
    if (current && KEYS.has(key) && !current.values.has(key)) current.values.set(key, unquote(value))
  }
  const aliases: string[] = []
  for (const b of blocks.slice(1)) {
    for (const p of b.patterns) {
      if (!/[*?!]/.test(p) && !aliases.includes(p)) aliases.push(p)
    }
  }
  return aliases.map((alias) => {
    const eff = new Map<string, string>()
    for (const b of blocks) {
      if (!matches(b.patterns, alias)) continue
      for (const [k, v] of b.values) if (!eff.has(k)) eff.set(k, v)
    }
    const port = Number(eff.get('port') ?? 22)
    const jump = eff.get('proxyjump')?.split(',')[0]?.trim()
    const identity = eff.get('identityfile')
    const host = (eff.get('hostname') ?? alias).replace(/%h/g, alias)
    return {
      alias,
      host,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      ...(eff.get('user') ? { user: eff.get('user') } : {}),
      ...(identity && identity.toLowerCase() !== 'none' ? { identityFile: expandHome(identity, home) } : {}),
      ...(jump && jump.toLowerCase() !== 'none' ? { proxyJump: jump } : {})
    }
  })
}
