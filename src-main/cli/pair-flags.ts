/**
 * One way to build a pair from command-line flags, for `check`, `fix` and `pairs add`: the same
 * options, the same defaults. The login user of a target without `user@` is `root` (NSM appliances
 * are administered as root); give `user@host` for another account.
 */
import { resolve } from 'node:path'
import {
  DEFAULT_NSM_PATHS,
  parseTarget,
  type AuthKind,
  type Endpoint,
  type NodeEndpoint,
  type PairConfig,
  type SudoMode
} from '../shared/domain/pair'
import type { PairSecrets } from '../main/secrets/types'
import { envSecret, UsageError } from './args'

/** The login user of `host` / `host:port` targets (no `user@`). */
export const DEFAULT_LOGIN_USER = 'root'

const str = { type: 'string' } as const
const bool = { type: 'boolean' } as const

/** The options that describe a pair's nodes (check, fix and pairs add). */
export const TARGET_OPTIONS = {
  primary: str,
  secondary: str,
  name: str,
  identity: str,
  'password-env': str,
  'passphrase-env': str,
  jump: str,
  'nsm-home': str,
  'nsm-data': str,
  'ha-init': str,
  'allow-legacy-algorithms': bool
} as const

/** The TARGET_OPTIONS' values as parseArgs gives them. */
export interface TargetFlags {
  primary?: string
  secondary?: string
  name?: string
  identity?: string
  'password-env'?: string
  'passphrase-env'?: string
  jump?: string
  'nsm-home'?: string
  'nsm-data'?: string
  'ha-init'?: string
  'allow-legacy-algorithms'?: boolean
}

/** The help lines of TARGET_OPTIONS (one wording for every command). */
export const TARGET_HELP = `  --primary [user@]host[:port]
                             the primary node (login user default ${DEFAULT_LOGIN_USER}, port 22)
  --secondary [user@]host[:port]
                             the secondary node
  --identity FILE            private key (passphrase from --passphrase-env)
  --password-env VAR         SSH password from environment variable VAR
  --passphrase-env VAR       key passphrase from environment variable VAR
  --jump [user@]host[:port]  reach both nodes through this SSH jump host
  --nsm-home DIR             NSM install root (default ${DEFAULT_NSM_PATHS.nsmHome})
  --nsm-data DIR             NSM data root (default ${DEFAULT_NSM_PATHS.nsmData})
  --ha-init FILE             HA init script (default ${DEFAULT_NSM_PATHS.haInit})
  --allow-legacy-algorithms  accept old SSH algorithms (old NSM appliances), at your own risk
  --name NAME                pair name (default primary+secondary)`

export interface PairFromFlagsOptions {
  /** how the probe runs when the login user is not root (default none) */
  sudo?: SudoMode
  /** no key, password or ssh-agent is a usage error (a run needs one); `pairs add` saves agent auth */
  requireCredentials: boolean
}

function target(value: string, flag: string): { user: string; host: string; port: number } {
  try {
    return parseTarget(value, DEFAULT_LOGIN_USER)
  } catch (err) {
    throw new UsageError(`--${flag}: ${(err as Error).message}`)
  }
}

/** The pair the flags describe and the secrets given through the environment. */
export function pairFromFlags(f: TargetFlags, o: PairFromFlagsOptions): { pair: PairConfig; secrets: PairSecrets } {
  if (!f.primary || !f.secondary) throw new UsageError('give --primary and --secondary, or --pair NAME (see --help)')
  const password = envSecret('password-env', f['password-env'])
  const passphrase = envSecret('passphrase-env', f['passphrase-env'])
  const identityFile = f.identity === undefined ? undefined : resolve(f.identity)
  let auth: AuthKind
  if (identityFile) auth = 'key'
  else if (password !== undefined) auth = 'password'
  else if (process.env.SSH_AUTH_SOCK || !o.requireCredentials) auth = 'agent'
  else throw new UsageError('no credentials: pass --identity FILE, --password-env VAR or run an ssh-agent')
  const endpoint = (value: string, flag: string): Endpoint => ({ ...target(value, flag), auth, ...(identityFile ? { identityFile } : {}) })
  const node = (value: string, flag: string): NodeEndpoint => ({ ...endpoint(value, flag), sudo: o.sudo ?? 'none' })
  const primary = node(f.primary, 'primary')
  const secondary = node(f.secondary, 'secondary')
  const pair: PairConfig = {
    name: f.name ?? `${primary.host}:${primary.port}+${secondary.host}:${secondary.port}`,
    primary,
    secondary,
    ...(f.jump ? { jumpHost: endpoint(f.jump, 'jump') } : {}),
    paths: {
      nsmHome: f['nsm-home'] ?? DEFAULT_NSM_PATHS.nsmHome,
      nsmData: f['nsm-data'] ?? DEFAULT_NSM_PATHS.nsmData,
      haInit: f['ha-init'] ?? DEFAULT_NSM_PATHS.haInit
    },
    tags: [],
    notes: '',
    ...(f['allow-legacy-algorithms'] ? { allowLegacyAlgorithms: true } : {})
  }
  const s = { ...(password !== undefined ? { password } : {}), ...(passphrase !== undefined ? { passphrase } : {}) }
  return { pair, secrets: { primary: s, secondary: s, jump: s } }
}
