/**
 * `nsm-ha-doctor pairs list|add|remove|ssh-hosts` — saved pairs in the shared data dir
 * ($NSM_HA_DOCTOR_HOME or the app's userData). Passwords go to the OS keychain only (--password-env).
 */
import { resolve } from 'node:path'
import { DEFAULT_NSM_PATHS, parseTarget, type AuthKind, type Endpoint, type NodeEndpoint, type PairConfig, type SudoMode } from '../../shared/domain/pair'
import { openAppStore, type AppStore } from '../../main/db/app-store'
import type { SavedPair } from '../../main/db/pair-repo'
import { PairValidationError } from '../../main/pairs/validate'
import { one, onlyFlags, parseArgs, UsageError } from './store-args'

const USAGE = `usage:
  nsm-ha-doctor pairs list [--format text|json]
  nsm-ha-doctor pairs add --name NAME --primary [user@]host[:port] --secondary [user@]host[:port]
      [--identity FILE] [--password-env VAR] [--sudo none|sudo|sudo-password] [--sudo-password-env VAR]
      [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE] [--jump [user@]host[:port]]
      [--tag TAG]... [--notes TEXT] [--allow-legacy-algorithms]
  nsm-ha-doctor pairs remove NAME
  nsm-ha-doctor pairs ssh-hosts [--ssh-config FILE]     hosts of ~/.ssh/config, to copy into "add"`

const VALUED = [
  'name', 'primary', 'secondary', 'identity', 'password-env', 'sudo-password-env', 'nsm-home', 'nsm-data',
  'ha-init', 'jump', 'sudo', 'tag', 'notes', 'format', 'ssh-config'
]

export async function run(argv: string[]): Promise<number> {
  try {
    const [sub, ...rest] = argv
    if (!sub || sub === '--help' || sub === '-h') {
      console.log(USAGE)
      return sub ? 0 : 3
    }
    const args = parseArgs(rest, VALUED)
    if (args.flags.has('help')) {
      console.log(USAGE)
      return 0
    }
    onlyFlags(args, ['allow-legacy-algorithms'])
    switch (sub) {
      case 'list':
        return await withStore((s) => list(s, one(args, 'format') ?? 'text'))
      case 'add':
        return await withStore((s) => add(s, args))
      case 'remove': {
        const name = args.positional[0] ?? one(args, 'name')
        if (!name) throw new UsageError('pairs remove needs the pair name')
        return await withStore((s) => remove(s, name))
      }
      case 'ssh-hosts':
        return await withStore((s) => sshHosts(s, one(args, 'ssh-config')))
      default:
        throw new UsageError(`unknown pairs command "${sub}" (list, add, remove, ssh-hosts)`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`nsm-ha-doctor pairs: ${err.message}`)
      return 3
    }
    throw err
  }
}

async function withStore(fn: (s: AppStore) => Promise<number> | number): Promise<number> {
  const store = await openAppStore({ markInterrupted: false })
  try {
    return await fn(store)
  } finally {
    store.close()
  }
}

function target(p: Endpoint): string {
  return `${p.user}@${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`
}

function list(store: AppStore, format: string): number {
  const pairs = store.pairs.list()
  if (format === 'json') {
    // the salt stays out of printed output: it is not a secret, but nothing outside needs it
    console.log(JSON.stringify(pairs.map(({ salt: _salt, ...p }) => p), null, 2))
    return 0
  }
  if (format !== 'text') throw new UsageError(`--format must be text or json`)
  if (pairs.length === 0) {
    console.log('no saved pairs (add one: nsm-ha-doctor pairs add --name NAME --primary HOST --secondary HOST)')
    return 0
  }
  const rows = pairs.map((p) => [p.name, target(p.primary), target(p.secondary), p.primary.auth, p.tags.join(',')])
  const head = ['NAME', 'PRIMARY', 'SECONDARY', 'AUTH', 'TAGS']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())
  return 0
}

function secretFromEnv(option: string, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined
  const value = process.env[variable]
  if (value === undefined || value === '') throw new UsageError(`--${option} ${variable}: the variable is not set or empty`)
  return value
}

async function add(store: AppStore, args: ReturnType<typeof parseArgs>): Promise<number> {
  const name = one(args, 'name')
  const primary = one(args, 'primary')
  const secondary = one(args, 'secondary')
  if (!name || !primary || !secondary) throw new UsageError('pairs add needs --name, --primary and --secondary')
  const identityArg = one(args, 'identity')
  const identity = identityArg === undefined ? undefined : resolve(identityArg)
  const password = secretFromEnv('password-env', one(args, 'password-env'))
  const sudoPassword = secretFromEnv('sudo-password-env', one(args, 'sudo-password-env'))
  const sudo = (one(args, 'sudo') ?? 'none') as SudoMode
  if (!['none', 'sudo', 'sudo-password'].includes(sudo)) throw new UsageError('--sudo must be none, sudo or sudo-password')
  if ((password || sudoPassword) && !store.secretsAvailable) {
    console.error(`nsm-ha-doctor pairs: cannot store the password: ${store.secretsReason ?? 'no keychain'}; save the pair without --password-env and pass it at run time (check --pair NAME --password-env VAR)`)
    return 3
  }
  const auth: AuthKind = identity ? 'key' : password ? 'password' : 'agent'
  const node = (t: string): NodeEndpoint => {
    const p = parseTarget(t, 'root')
    return { ...p, auth, ...(identity ? { identityFile: identity } : {}), sudo }
  }
  let jumpHost: Endpoint | undefined
  const jump = one(args, 'jump')
  if (jump) {
    const j = parseTarget(jump, 'root')
    jumpHost = { ...j, auth: identity ? 'key' : 'agent', ...(identity ? { identityFile: identity } : {}) }
  }
  const pair: PairConfig = {
    name,
    primary: safeTarget(() => node(primary)),
    secondary: safeTarget(() => node(secondary)),
    ...(jumpHost ? { jumpHost } : {}),
    paths: {
      nsmHome: one(args, 'nsm-home') ?? DEFAULT_NSM_PATHS.nsmHome,
      nsmData: one(args, 'nsm-data') ?? DEFAULT_NSM_PATHS.nsmData,
      haInit: one(args, 'ha-init') ?? DEFAULT_NSM_PATHS.haInit
    },
    tags: args.options.get('tag') ?? [],
    notes: one(args, 'notes') ?? '',
    // old appliances whose sshd offers only SHA-1/CBC/ssh-rsa: kept with the pair, honoured by check/fix --pair
    ...(args.flags.has('allow-legacy-algorithms') ? { allowLegacyAlgorithms: true } : {})
  }
  let saved: SavedPair
  try {
    saved = store.pairs.save(pair)
  } catch (err) {
    if (err instanceof PairValidationError || (err instanceof Error && /already exists/.test(err.message))) throw new UsageError(err.message)
    throw err
  }
  const stored: string[] = []
  if (password) {
    for (const role of ['primary', 'secondary'] as const) await store.pairs.setSecret(saved.id, role, 'password', password)
    stored.push('password')
  }
  const sudoSecret = sudoPassword ?? (sudo === 'sudo-password' ? password : undefined)
  if (sudoSecret) {
    for (const role of ['primary', 'secondary'] as const) await store.pairs.setSecret(saved.id, role, 'sudo', sudoSecret)
    stored.push('sudo password')
  }
  console.log(`saved pair "${saved.name}" (${target(saved.primary)} / ${target(saved.secondary)})${stored.length ? `; ${stored.join(' and ')} stored in the OS keychain` : ''}`)
  return 0
}

function safeTarget(fn: () => NodeEndpoint): NodeEndpoint {
  try {
    return fn()
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

async function remove(store: AppStore, name: string): Promise<number> {
  const pair = store.pairs.getByName(name)
  if (!pair) {
    console.error(`nsm-ha-doctor pairs: no saved pair named "${name}"`)
    return 3
  }
  await store.pairs.remove(pair.id)
  console.log(`removed pair "${pair.name}", its history and its stored secrets`)
  return 0
}

function sshHosts(store: AppStore, file: string | undefined): number {
  const hosts = store.pairs.importSshConfig(file)
  if (hosts.length === 0) {
    console.log('no concrete hosts in the ssh config')
    return 0
  }
  for (const h of hosts) {
    const extra = [h.identityFile ? `identity ${h.identityFile}` : '', h.proxyJump ? `jump ${h.proxyJump}` : ''].filter(Boolean).join(', ')
    console.log(`${h.alias}\t${h.user ? `${h.user}@` : ''}${h.host}:${h.port}${extra ? `\t${extra}` : ''}`)
  }
  return 0
}
