/** A saved (or ad-hoc) NSM HA pair and how to reach its nodes. Secrets are never part of it. */
import type { NodeRole } from './check'
import type { QuietWindow } from './schedule'

export type AuthKind = 'password' | 'key' | 'agent'
export type SudoMode = 'none' | 'sudo' | 'sudo-password'

export interface Endpoint {
  host: string
  port: number
  user: string
  auth: AuthKind
  /** private key file for auth = 'key' (its passphrase lives in the keychain) */
  identityFile?: string
}

export interface NodeEndpoint extends Endpoint {
  sudo: SudoMode
}

export interface NsmPaths {
  /** programs, config, utils; NSM default /usr/netscreen */
  nsmHome: string
  /** databases; NSM default /var/netscreen */
  nsmData: string
  /** HA init script; NSM default /etc/init.d/haSvr */
  haInit: string
}

export const DEFAULT_NSM_PATHS: NsmPaths = {
  nsmHome: '/usr/netscreen',
  nsmData: '/var/netscreen',
  haInit: '/etc/init.d/haSvr'
}

export interface PairConfig {
  id?: number
  name: string
  primary: NodeEndpoint
  secondary: NodeEndpoint
  jumpHost?: Endpoint
  paths: NsmPaths
  tags: string[]
  notes: string
  /** accept old SSH algorithms (sha1 kex/hmac, cbc ciphers, ssh-rsa/dss host keys) for this pair's nodes; default false */
  allowLegacyAlgorithms?: boolean
  /** scheduled checks and notifications (migration 0005); omitted = the default schedule, notifications on */
  scheduleMinutes?: number | null
  quietHours?: QuietWindow[] | null
  notifyMuted?: boolean
}

export const NODE_ROLES: readonly NodeRole[] = ['primary', 'secondary']

/** `[user@]host[:port]` → parts (IPv6 in brackets: `user@[::1]:22`). Throws with a one-line reason. */
export function parseTarget(target: string, defaultUser: string): { user: string; host: string; port: number } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(target.trim())
  if (!m) throw new Error(`cannot read target "${target}": expected [user@]host[:port]`)
  const port = m[3] ? Number(m[3]) : 22
  if (port < 1 || port > 65535) throw new Error(`port ${port} out of range in "${target}"`)
  return { user: m[1] ?? defaultUser, host: m[2].replace(/^\[|\]$/g, ''), port }
}
