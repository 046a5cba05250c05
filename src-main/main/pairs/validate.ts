/** Validation rules of a saved pair; each problem is one line naming the field. */
import {
  DEFAULT_NSM_PATHS,
  type AuthKind,
  type Endpoint,
  type NodeEndpoint,
  type PairConfig,
  type SudoMode
} from '../../shared/domain/pair'

const AUTH: readonly AuthKind[] = ['password', 'key', 'agent']
const SUDO: readonly SudoMode[] = ['none', 'sudo', 'sudo-password']
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/

export class PairValidationError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(problems.join('; '))
    this.name = 'PairValidationError'
    this.problems = problems
  }
}

/** A pair as the form sends it over IPC, its optional parts filled: no tags, no notes, NSM's default paths. */
export function withPairDefaults(p: PairConfig): PairConfig {
  return { ...p, tags: p.tags ?? [], notes: p.notes ?? '', paths: { ...DEFAULT_NSM_PATHS, ...p.paths } }
}

export function isValidHost(host: string): boolean {
  if (host.startsWith('-')) return false
  return HOSTNAME.test(host) || (host.includes(':') && IPV6.test(host))
}

function absolute(path: string | undefined): boolean {
  return typeof path === 'string' && path.startsWith('/') && !/[\0\n\r]/.test(path) && path.length < 1024
}

function endpoint(label: string, e: Endpoint | undefined, problems: string[]): void {
  if (!e) {
    problems.push(`${label}: missing`)
    return
  }
  if (typeof e.host !== 'string' || !isValidHost(e.host)) problems.push(`${label} host "${e.host}" is not a host name or IP address`)
  if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) problems.push(`${label} port ${e.port} is not 1-65535`)
  if (typeof e.user !== 'string' || !USER.test(e.user)) problems.push(`${label} user "${e.user}" is not a valid user name`)
  if (!AUTH.includes(e.auth)) problems.push(`${label} auth must be password, key or agent`)
  if (e.auth === 'key' && !e.identityFile) problems.push(`${label}: key authentication needs an identity file`)
  if (e.identityFile !== undefined && !absolute(e.identityFile)) problems.push(`${label} identity file must be an absolute path`)
}

function node(label: string, e: NodeEndpoint | undefined, problems: string[]): void {
  endpoint(label, e, problems)
  if (e && !SUDO.includes(e.sudo)) problems.push(`${label} sudo must be none, sudo or sudo-password`)
}

/** Every problem of a pair (empty when valid). */
export function pairProblems(p: PairConfig): string[] {
  const problems: string[] = []
  const name = typeof p.name === 'string' ? p.name.trim() : ''
  if (name === '') problems.push('name is required')
  else if (name.length > 64) problems.push('name is longer than 64 characters')
  // C0, DEL, C1 and the bidirectional overrides: a name is printed on terminals and in exports
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(name))
    problems.push('name contains control characters')
  node('primary', p.primary, problems)
  node('secondary', p.secondary, problems)
  if (p.primary && p.secondary && p.primary.host === p.secondary.host && p.primary.port === p.secondary.port) {
    problems.push('primary and secondary are the same host and port')
  }
  if (p.jumpHost) endpoint('jump host', p.jumpHost, problems)
  for (const [k, v] of Object.entries(p.paths ?? {})) {
    if (!absolute(v)) problems.push(`${k} must be an absolute path`)
  }
  if (!p.paths?.nsmHome || !p.paths.nsmData || !p.paths.haInit) problems.push('paths nsmHome, nsmData and haInit are required')
  if (!Array.isArray(p.tags) || p.tags.some((t) => typeof t !== 'string' || t.trim() === '' || t.length > 32)) {
    problems.push('tags must be non-empty words of at most 32 characters')
  }
  if (typeof p.notes !== 'string' || p.notes.length > 4000) problems.push('notes must be text of at most 4000 characters')
  return problems
}

/** Trimmed copy (name, tags de-duplicated); throws PairValidationError listing every problem. */
export function validatePair(p: PairConfig): PairConfig {
  const clean: PairConfig = {
    ...p,
    name: typeof p.name === 'string' ? p.name.trim() : p.name,
    tags: Array.isArray(p.tags) ? [...new Set(p.tags.map((t) => (typeof t === 'string' ? t.trim() : t)))] : p.tags,
    notes: p.notes ?? ''
  }
  const problems = pairProblems(clean)
  if (problems.length) throw new PairValidationError(problems)
  return clean
}
