/**
 * `nsm-ha-doctor pairs list|add|remove|ssh-hosts` — saved pairs in the shared data dir
 * ($NSM_HA_DOCTOR_HOME or the app's userData). Passwords go to the OS keychain only (--password-env).
 * Every text line goes through say/sayError: names, hosts, tags and ~/.ssh/config entries show their control
 * characters as visible escapes; JSON goes through sayJson.
 */
import type { SudoMode } from '../../shared/domain/pair'
import type { Endpoint } from '../../shared/domain/pair'
import type { AppStore } from '../../main/store/app-store'
import type { SavedPair } from '../../main/db/pair-repo'
import { PairValidationError } from '../../main/pairs/validate'
import { envSecret, fail, HELP_OPTION, parseCommand, UsageError } from '../args'
import { DEFAULT_LOGIN_USER, pairFromFlags, TARGET_OPTIONS, type TargetFlags } from '../pair-flags'
import { withCliStore } from '../store'
import { printTable } from '../format/table'
import { say, sayError, sayJson } from '../format/terminal'

const USAGE = `usage:
  nsm-ha-doctor pairs list [--format text|json]
  nsm-ha-doctor pairs add --name NAME --primary [user@]host[:port] --secondary [user@]host[:port]
      [--identity FILE] [--password-env VAR] [--sudo none|sudo|sudo-password] [--sudo-password-env VAR]
      [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE] [--jump [user@]host[:port]]
      [--tag TAG]... [--notes TEXT] [--allow-legacy-algorithms]
  nsm-ha-doctor pairs remove NAME
  nsm-ha-doctor pairs ssh-hosts [--ssh-config FILE]     hosts of ~/.ssh/config, to copy into "add"
A target without user@ logs in as ${DEFAULT_LOGIN_USER}.`

const OPTIONS = {
  ...TARGET_OPTIONS,
  // a mode here (the pair keeps it), where check/fix take a plain --sudo
  sudo: { type: 'string' },
  'sudo-password-env': { type: 'string' },
  tag: { type: 'string', multiple: true },
  notes: { type: 'string' },
  format: { type: 'string' },
  'ssh-config': { type: 'string' },
  ...HELP_OPTION
} as const

interface PairsFlags extends TargetFlags {
  sudo?: string
  'sudo-password-env'?: string
  tag?: string[]
  notes?: string
  format?: string
  'ssh-config'?: string
  help?: boolean
}

export async function run(argv: string[]): Promise<number> {
  try {
    const [sub, ...rest] = argv
    if (!sub || sub === '--help' || sub === '-h') {
      say(USAGE)
      return sub ? 0 : 3
    }
    const { values: f, positionals } = parseCommand({ args: rest, options: OPTIONS, allowPositionals: true })
    if (f.help) {
      say(USAGE)
      return 0
    }
    if (positionals.length > (sub === 'remove' ? 1 : 0)) throw new UsageError(`unexpected argument ${positionals[positionals.length - 1]}`)
    switch (sub) {
      case 'list':
        return await withCliStore({}, (s) => list(s, f.format ?? 'text'))
      case 'add':
        return await withCliStore({}, (s) => add(s, f))
      case 'remove': {
        const name = positionals[0] ?? f.name
        if (!name) throw new UsageError('pairs remove needs the pair name')
        return await withCliStore({}, (s) => remove(s, name))
      }
      case 'ssh-hosts':
        return await withCliStore({}, (s) => sshHosts(s, f['ssh-config']))
      default:
        throw new UsageError(`unknown pairs command "${sub}" (list, add, remove, ssh-hosts)`)
    }
  } catch (err) {
    if (err instanceof UsageError) return fail('pairs', err)
    throw err
  }
}

function target(p: Endpoint): string {
  return `${p.user}@${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`
}

function list(store: AppStore, format: string): number {
  const pairs = store.pairs.list()
  if (format === 'json') {
    // the salt stays out of printed output: it is not a secret, but nothing outside needs it
    sayJson(pairs.map(({ salt: _salt, ...p }) => p))
    return 0
  }
  if (format !== 'text') throw new UsageError(`--format must be text or json`)
  if (pairs.length === 0) {
    say('no saved pairs (add one: nsm-ha-doctor pairs add --name NAME --primary HOST --secondary HOST)')
    return 0
  }
  const rows = pairs.map((p) => [p.name, target(p.primary), target(p.secondary), p.primary.auth, p.tags.join(',')])
  printTable(['NAME', 'PRIMARY', 'SECONDARY', 'AUTH', 'TAGS'], rows)
  return 0
}

async function add(store: AppStore, f: PairsFlags): Promise<number> {
  if (!f.name || !f.primary || !f.secondary) throw new UsageError('pairs add needs --name, --primary and --secondary')
  const sudo = (f.sudo ?? 'none') as SudoMode
  if (!['none', 'sudo', 'sudo-password'].includes(sudo)) throw new UsageError('--sudo must be none, sudo or sudo-password')
  const sudoPassword = envSecret('sudo-password-env', f['sudo-password-env'])
  // without key or password the pair is saved with agent auth (a password can come at run time)
  const { pair: flagged, secrets } = pairFromFlags(f, { sudo, requireCredentials: false })
  const password = secrets.primary?.password
  if ((password || sudoPassword) && !store.secretsAvailable) {
    sayError(
      `nsm-ha-doctor pairs: cannot store the password: ${store.secretsReason ?? 'no keychain'}; save the pair without --password-env and pass it at run time (check --pair NAME --password-env VAR)`
    )
    return 3
  }
  const pair = { ...flagged, tags: f.tag ?? [], notes: f.notes ?? '' }
  let saved: SavedPair
  try {
    saved = store.pairs.save(pair)
  } catch (err) {
    if (err instanceof PairValidationError || (err instanceof Error && /already exists/.test(err.message)))
      throw new UsageError(err.message)
    throw err
  }
  const stored: string[] = []
  if (password) {
    for (const role of ['primary', 'secondary'] as const) await store.pairs.setSecret(saved.id, role, 'password', password)
    if (saved.jumpHost?.auth === 'password') await store.pairs.setSecret(saved.id, 'jump', 'password', password)
    stored.push('password')
  }
  const sudoSecret = sudoPassword ?? (sudo === 'sudo-password' ? password : undefined)
  if (sudoSecret) {
    for (const role of ['primary', 'secondary'] as const) await store.pairs.setSecret(saved.id, role, 'sudo', sudoSecret)
    stored.push('sudo password')
  }
  say(
    `saved pair "${saved.name}" (${target(saved.primary)} / ${target(saved.secondary)})${stored.length ? `; ${stored.join(' and ')} stored in the OS keychain` : ''}`
  )
  return 0
}

async function remove(store: AppStore, name: string): Promise<number> {
  const pair = store.pairs.getByName(name)
  if (!pair) {
    sayError(`nsm-ha-doctor pairs: no saved pair named "${name}"`)
    return 3
  }
  await store.pairs.remove(pair.id)
  say(`removed pair "${pair.name}", its history and its stored secrets`)
  return 0
}

function sshHosts(store: AppStore, file: string | undefined): number {
  const hosts = store.pairs.importSshConfig(file)
  if (hosts.length === 0) {
    say('no concrete hosts in the ssh config')
    return 0
  }
  for (const h of hosts) {
    const extra = [h.identityFile ? `identity ${h.identityFile}` : '', h.proxyJump ? `jump ${h.proxyJump}` : ''].filter(Boolean).join(', ')
    say(`${h.alias}\t${h.user ? `${h.user}@` : ''}${h.host}:${h.port}${extra ? `\t${extra}` : ''}`)
  }
  return 0
}
