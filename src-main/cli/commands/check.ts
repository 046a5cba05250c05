/**
 * `nsm-ha-doctor check`: one run of every check against a pair, for people (text), scripts (json)
 * and monitoring (nagios). Exit 0 pass, 1 warn, 2 fail, 3 unknown / usage / connection error.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { exitCodeFor } from '../../shared/domain/check'
import { DEFAULT_NSM_PATHS, parseTarget, type AuthKind, type NodeEndpoint, type PairConfig, type SudoMode } from '../../shared/domain/pair'
import type { RunReport } from '../../shared/domain/run'
import type { PairSecrets } from '../../main/secrets/types'
import type { AppStore } from '../../main/db/app-store'
import type { HostKeyStore } from '../../main/ssh/executor'
import { KnownHostsFile } from '../../main/ssh/known-hosts-file'
import { pairConnector } from '../../main/run/connector'
import { runPair } from '../../main/run/run-pair'
import { dataDir } from '../../main/platform/paths'
import { formatNagios } from '../format/nagios'
import { formatText } from '../format/text'

const HELP = `usage: nsm-ha-doctor check --primary [user@]host[:port] --secondary [user@]host[:port] [options]
       nsm-ha-doctor check --pair NAME [options]

  --identity FILE            private key (passphrase from --passphrase-env)
  --password-env VAR         SSH password from environment variable VAR
  --passphrase-env VAR       key passphrase from environment variable VAR
  --known-hosts FILE         pinned host keys (default <data dir>/known_hosts)
  --accept-new-host-keys     pin host keys seen for the first time (a changed key is always refused)
  --nsm-home DIR             NSM install root (default /usr/netscreen)
  --nsm-data DIR             NSM data root (default /var/netscreen)
  --ha-init FILE             HA init script (default /etc/init.d/haSvr)
  --jump [user@]host[:port]  reach both nodes through this SSH jump host
  --sudo                     run the probe with sudo -n when the login user is not root
  --allow-legacy-algorithms  accept old SSH algorithms (old NSM appliances), at your own risk
  --timeout SEC              connect timeout (default 15) — the probe itself may take up to 120 s
  --name NAME                pair name in the report and history (default primary+secondary)
  --format text|json|nagios  output (default text)
  --no-save                  do not store the run in the history`

interface Flags {
  primary?: string
  secondary?: string
  pair?: string
  identity?: string
  'password-env'?: string
  'passphrase-env'?: string
  'known-hosts'?: string
  'accept-new-host-keys'?: boolean
  'nsm-home'?: string
  'nsm-data'?: string
  'ha-init'?: string
  jump?: string
  sudo?: boolean
  'allow-legacy-algorithms'?: boolean
  timeout?: string
  name?: string
  format?: string
  'no-save'?: boolean
  help?: boolean
}

class UsageError extends Error {}

function readFlags(argv: string[]): Flags {
  const str = { type: 'string' } as const
  const bool = { type: 'boolean' } as const
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      primary: str,
      secondary: str,
      pair: str,
      identity: str,
      'password-env': str,
      'passphrase-env': str,
      'known-hosts': str,
      'accept-new-host-keys': bool,
      'nsm-home': str,
      'nsm-data': str,
      'ha-init': str,
      jump: str,
      sudo: bool,
      'allow-legacy-algorithms': bool,
      timeout: str,
      name: str,
      format: str,
      'no-save': bool,
      help: { type: 'boolean', short: 'h' }
    }
  }).values as Flags
}

function envSecret(flag: string, variable: string | undefined): string | undefined {
  if (!variable) return undefined
  const value = process.env[variable]
  if (value === undefined) throw new UsageError(`${flag} ${variable}: that environment variable is not set`)
  return value
}

/** The ad-hoc pair of --primary/--secondary and its secrets. */
function adHocPair(f: Flags): { pair: PairConfig; secrets: PairSecrets } {
  if (!f.primary || !f.secondary) throw new UsageError('give --primary and --secondary, or --pair NAME (see --help)')
  const password = envSecret('--password-env', f['password-env'])
  const passphrase = envSecret('--passphrase-env', f['passphrase-env'])
  let auth: AuthKind
  if (f.identity) auth = 'key'
  else if (password !== undefined) auth = 'password'
  else if (process.env.SSH_AUTH_SOCK) auth = 'agent'
  else throw new UsageError('no credentials: pass --identity FILE, --password-env VAR or run an ssh-agent')
  const sudo: SudoMode = f.sudo ? 'sudo' : 'none'
  const me = userInfo().username
  const node = (target: string): NodeEndpoint => {
    const t = parseTarget(target, me)
    return { ...t, auth, sudo, ...(f.identity ? { identityFile: f.identity } : {}) }
  }
  const primary = node(f.primary)
  const secondary = node(f.secondary)
  const jumpHost = f.jump ? { ...parseTarget(f.jump, me), auth, ...(f.identity ? { identityFile: f.identity } : {}) } : undefined
  const pair: PairConfig = {
    name: f.name ?? `${primary.host}:${primary.port}+${secondary.host}:${secondary.port}`,
    primary,
    secondary,
    ...(jumpHost ? { jumpHost } : {}),
    paths: {
      nsmHome: f['nsm-home'] ?? DEFAULT_NSM_PATHS.nsmHome,
      nsmData: f['nsm-data'] ?? DEFAULT_NSM_PATHS.nsmData,
      haInit: f['ha-init'] ?? DEFAULT_NSM_PATHS.haInit
    },
    tags: [],
    notes: ''
  }
  const s = { password, passphrase }
  return { pair, secrets: { primary: s, secondary: s, jump: s } }
}

type Store = AppStore

async function openStore(): Promise<Store> {
  const { openAppStore } = await import('../../main/db/app-store')
  return openAppStore()
}

export async function run(argv: string[]): Promise<number> {
  let f: Flags
  try {
    f = readFlags(argv)
  } catch (e) {
    console.error(`nsm-ha-doctor check: ${(e as Error).message}`)
    return 3
  }
  if (f.help) {
    console.log(HELP)
    return 0
  }
  const format = f.format ?? 'text'
  if (!['text', 'json', 'nagios'].includes(format)) {
    console.error(`nsm-ha-doctor check: --format must be text, json or nagios (got "${format}")`)
    return 3
  }
  const timeoutSec = f.timeout ? Number(f.timeout) : 15
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) {
    console.error(`nsm-ha-doctor check: --timeout must be a positive number of seconds`)
    return 3
  }

  let store: Store | undefined
  let pair: PairConfig
  let secrets: PairSecrets
  let hostKeys: HostKeyStore
  let salt = randomBytes(12).toString('hex')
  let previous: RunReport | undefined
  try {
    if (f.pair) {
      store = await openStore()
      const { loadSavedPair } = await import('../../main/pairs/saved-pair')
      const loaded = await loadSavedPair(f.pair, store)
      pair = loaded.pair
      salt = loaded.pair.salt
      secrets = loaded.secrets
      const password = envSecret('--password-env', f['password-env'])
      if (password !== undefined) secrets = { ...secrets, primary: { ...secrets.primary, password }, secondary: { ...secrets.secondary, password } }
      if (!loaded.secretsAvailable && password === undefined && pair.primary.auth === 'password')
        throw new UsageError(`no keychain (${loaded.secretsReason ?? 'Secret Service not available'}): pass the password with --password-env VAR`)
      hostKeys = f['known-hosts'] ? new KnownHostsFile(f['known-hosts']) : store.hostKeys
      previous = store.history.latestRun({ pairId: loaded.pair.id })
    } else {
      ;({ pair, secrets } = adHocPair(f))
      hostKeys = new KnownHostsFile(f['known-hosts'] ?? join(dataDir(), 'known_hosts'))
      if (!f['no-save']) {
        try {
          store = await openStore()
          previous = store.history.latestRun({ pairName: pair.name })
        } catch (e) {
          console.error(`nsm-ha-doctor check: history not available, the run will not be saved (${(e as Error).message.split('\n')[0]})`)
        }
      }
    }
  } catch (e) {
    store?.close()
    console.error(`nsm-ha-doctor check: ${(e as Error).message.split('\n')[0]}`)
    return 3
  }

  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let runId: number | undefined
  try {
    const startedAt = new Date().toISOString()
    if (store && !f['no-save']) {
      const { pairSummary } = await import('../../main/run/run-pair')
      runId = store.history.beginRun(pairSummary(pair), startedAt)
    }
    const report = await runPair(pair, {
      connect: pairConnector(pair, secrets, {
        hostKeys,
        acceptNewHostKey: f['accept-new-host-keys'] ?? false,
        allowLegacyAlgorithms: f['allow-legacy-algorithms'],
        connectTimeoutMs: timeoutSec * 1000
      }),
      salt,
      previous,
      signal: controller.signal
    })
    if (runId !== undefined && store) {
      report.runId = runId
      store.history.saveRun(report)
    }
    const unreachable = (['primary', 'secondary'] as const).filter((r) => !report.nodes[r].reachable)
    let code = exitCodeFor(report.summary)
    if (unreachable.length) code = 3
    if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else if (format === 'nagios') process.stdout.write(`${formatNagios(report, code)}\n`)
    else process.stdout.write(`${formatText(report, process.stdout.isTTY === true && !process.env.NO_COLOR)}\n`)
    for (const role of unreachable) console.error(`nsm-ha-doctor check: ${role} ${report.nodes[role].error ?? 'not reachable'}`)
    if (report.state === 'cancelled') return 3
    return code
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    store?.close()
  }
}
